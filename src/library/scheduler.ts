// createScheduler: the whole service (store, sync, loop, executors, HTTP if configured) inside an
// application's own process. Unlike `scheduler start` it does not own that process: no signal
// handler, no process.exit, no interception of the application's exits or errors; only what a
// task's own code throws or leaks is caught and fails that task's attempt (process-guard.ts).
import type { Logger } from 'pino';
import type { JobApi } from '../jobs/types.js';
import { useLogger } from '../log/index.js';
import { installTaskGuard } from '../process-guard.js';
import { SchedulerEvents } from '../scheduler/public-events.js';
import { startService, type Service } from '../service.js';
import { SchedulerStateError } from './errors.js';
import { delegateJobApi } from './job-api.js';
import { readSchedulerOptions, type SchedulerOptions, type SchedulerSetup } from './options.js';

/** Where an embedded scheduler is in its life: it starts once and stops once. */
export type SchedulerState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** What stop() reports. */
export interface StopReport {
  /** Run outcomes that could not be recorded (the store was unreachable): those runs are found `abandoned` when their lease expires. */
  unrecorded: number;
}

/**
 * A scheduler running inside the application: the job API, its events, start() and stop().
 * The job API works between start() resolving and stop(); before or after, its calls reject
 * with a {@link SchedulerStateError}.
 */
export interface EmbeddedScheduler extends JobApi {
  /**
   * Checks the tasks, opens the store, applies migrations, syncs the configured jobs, registers
   * this instance and starts the loop. Rejects (closing what it opened) with one-line errors: a
   * ConfigError for a bad configuration or task, a store error. An unreachable database is
   * waited for, with a log line per retry, until it answers or stop() is called.
   */
  start(): Promise<void>;
  /**
   * Graceful stop, as on SIGTERM for the service: claims nothing more, lets running tasks finish
   * within `scheduler.shutdown_timeout` (then fires their signal and records them `interrupted`),
   * writes the outcomes and closes the store. During start(), stops it at its next safe point
   * (start() then rejects). Idempotent: every call returns the same report.
   */
  stop(): Promise<StopReport>;
  /** Subscribes to an event (SchedulerEventMap lists them with their payloads); returns the function that unsubscribes. Subscribe before start() to miss nothing. */
  on: SchedulerEvents['on'];
  /** Like on(), for the next event only. */
  once: SchedulerEvents['once'];
  /** Unsubscribes a listener given to on() or once(). */
  off: SchedulerEvents['off'];
  /** Where the life cycle is: `created` → `starting` → `running` → `stopping` → `stopped`; the job API answers while `running`. */
  readonly state: SchedulerState;
  /** This instance's id in the store (`instances.id`, `runs.instance_id`) once started; null before. */
  readonly instanceId: string | null;
  /** The scheduler's logger (the `logger` option, or the default one). */
  readonly logger: Logger;
}

/**
 * Creates a scheduler to embed in an application. Reads and checks the configuration and the
 * tasks map at once (a mistake throws a ConfigError with one line naming the file or option and
 * the key); touches no store until start().
 *
 * @example
 * ```ts
 * import { createScheduler } from 'mysql-scheduler';
 *
 * const scheduler = createScheduler({
 *   config: { scheduler: { jobstore: { url: process.env.JOBSTORE_URL } } },
 *   tasks: { 'send-digest': async (ctx) => sendDigest(ctx.params.userId, { signal: ctx.signal }) },
 * });
 * scheduler.on('runFailed', (run) => console.error(`${run.job_id}: ${run.error}`));
 * await scheduler.start();
 * await scheduler.addJob({ id: 'digest-42', task: 'send-digest', trigger: 'cron', args: { hour: 8 }, params: { userId: 42 } }, { onConflict: 'update' });
 * process.once('SIGTERM', () => void scheduler.stop());
 * ```
 */
export function createScheduler(options: SchedulerOptions = {}): EmbeddedScheduler {
  const setup = readSchedulerOptions(options);
  const events = new SchedulerEvents(setup.logger);
  const life = new Lifecycle(setup, events);
  return {
    ...delegateJobApi((call) => life.jobs(call)),
    start: () => life.start(),
    stop: () => life.stop(),
    on: events.on.bind(events),
    once: events.once.bind(events),
    off: events.off.bind(events),
    get state() {
      return life.state;
    },
    get instanceId() {
      return life.instanceId;
    },
    logger: setup.logger,
  };
}

// The start/stop state machine around one Service.
class Lifecycle {
  state: SchedulerState = 'created';
  #service: Service | null = null;
  #jobs: JobApi | null = null;
  #starting: Promise<void> | null = null;
  #stopping: Promise<StopReport> | null = null;
  readonly #abort = new AbortController();

  constructor(
    private readonly setup: SchedulerSetup,
    private readonly events: SchedulerEvents,
  ) {}

  get instanceId(): string | null {
    return this.#service?.instanceId ?? null;
  }

  jobs(call: string): JobApi {
    if (this.#jobs && this.state === 'running') return this.#jobs;
    const why = this.state === 'created' || this.state === 'starting' ? 'await scheduler.start() first' : 'use createClient() to manage jobs without a running scheduler';
    throw new SchedulerStateError(`${call}(): the scheduler is ${this.state}; ${why}`);
  }

  start(): Promise<void> {
    if (this.state !== 'created') {
      return Promise.reject(new SchedulerStateError(`start(): the scheduler is ${this.state}; a scheduler starts once (create another to start again)`));
    }
    this.state = 'starting';
    this.#starting = this.#start();
    return this.#starting;
  }

  stop(): Promise<StopReport> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #start(): Promise<void> {
    const { config, tasks, logger } = this.setup;
    installTaskGuard();
    // Lines logged by modules rather than by the scheduler (migrations) go to the same logger.
    useLogger(logger);
    try {
      this.#service = await startService(config, logger, { tasks, events: this.events, signal: this.#abort.signal });
    } catch (error) {
      this.state = 'stopped';
      throw error;
    }
    this.#jobs = this.#service.jobs('library');
    // stop() during the last step (past start-up's last safe point) is now waiting to stop it.
    if (this.state === 'starting') this.state = 'running';
  }

  async #stop(): Promise<StopReport> {
    if (this.state === 'created') {
      this.state = 'stopped';
      return { unrecorded: 0 };
    }
    if (this.state === 'starting') {
      this.state = 'stopping';
      this.#abort.abort(new SchedulerStateError('start(): stop() was called before the scheduler had started'));
      await this.#starting?.catch(() => undefined);
    }
    const service = this.#service;
    this.state = 'stopping';
    const report = service ? await service.stop() : { unrecorded: 0 };
    this.state = 'stopped';
    return report;
  }
}
