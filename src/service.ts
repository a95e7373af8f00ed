// The running service: store ready (migrated, configured jobs synced), this instance registered,
// the scheduler loop started. `stop()` is the graceful half of SIGINT/SIGTERM handling. Run by
// `scheduler start` and by an embedded scheduler (library/), which differ in who owns the process.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import { ConfigError } from './config/errors.js';
import type { Config, TaskDef } from './config/types.js';
import { createExecutors } from './executors/index.js';
import { apiDeps } from './http/api/deps.js';
import { startHttp } from './http/index.js';
import { taskNamesOf } from './tasks/list.js';
import { TaskCatalogError, taskCatalog, type TaskCatalog } from './jobs/task-catalog.js';
import type { JobApi } from './jobs/types.js';
import { localJobs } from './local-jobs.js';
import { Backoff } from './scheduler/backoff.js';
import { SchedulerEvents } from './scheduler/public-events.js';
import { startRetention } from './scheduler/retention.js';
import { Scheduler } from './scheduler/scheduler.js';
import { syncPlanner } from './scheduler/sync.js';
import { MemoryStore, openConfiguredStore, StoreUnavailableError, type JobStore, type SyncPlan } from './store/index.js';
import { checkTasks } from './tasks/loader.js';
import { tasksDirIn, type TaskSource } from './tasks/source.js';

export interface Service {
  readonly instanceId: string;
  readonly store: JobStore;
  readonly scheduler: Scheduler;
  /** The job API, writing as `origin` (`library`, a token's name); its changes wake this loop at once. */
  jobs(origin: string): JobApi;
  /** Graceful stop; reports how many run outcomes could not be recorded (the store was unreachable). */
  stop(): Promise<{ unrecorded: number }>;
}

export interface StartOptions {
  clock?: Clock;
  /**
   * Aborted to stop start-up at its next safe point (between migrations, before the job sync,
   * before registering; at once while waiting for the database): startService then closes what
   * it opened and rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Where the tasks come from (default: the tasks/ folder under settings.root). */
  tasks?: TaskSource;
  /** Where the loop and the job API tell what happened (an embedding application subscribes before start). */
  events?: SchedulerEvents;
}

export async function startService(config: Config, logger: Logger, options: StartOptions = {}): Promise<Service> {
  const { clock = systemClock, signal = new AbortController().signal, tasks: source = { dir: tasksDirIn(config.settings.root) }, events = new SchedulerEvents(logger) } = options;
  const { settings, tasks } = config;
  const catalog = taskCatalog('dir' in source ? source.dir : source.map);
  await checkConfiguredTasks(source, catalog, tasks, config.files.tasks);
  signal.throwIfAborted();
  // Opening reaches nothing yet for MySQL; a SQLite file is opened here, and a bad one stops start-up.
  const store = openConfiguredStore(settings, { poolSize: Math.min(settings.executors.defaultThreads, 10) + 2 });
  announceStore(store, logger);
  for (const warning of config.warnings) logger.warn({ jobId: warning.jobId }, warning.message);
  // Up before the store is reached: a probe meanwhile gets 503 "starting", not a refused connection.
  const http = await startHttp(settings, logger).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    await untilReachable(logger, signal, async () => {
      await store.migrate(signal);
      signal.throwIfAborted();
      logSync(await store.syncJobs(syncPlanner(tasks, clock.now(), config.files.tasks)), logger);
    });
    await untilReachable(logger, signal, () => store.registerInstance({ id: instanceId, host: hostname(), pid: process.pid, startedAt: clock.now() }));
    if (signal.aborted) await store.deregisterInstance(instanceId).catch(() => undefined);
    signal.throwIfAborted();
  } catch (error) {
    await http?.close();
    await store.close();
    throw error;
  }
  const executors = createExecutors({ tasks: source, defaultThreads: settings.executors.defaultThreads, processPool: settings.executors.processPool });
  const scheduler = new Scheduler({ store, executors, clock, settings, logger, instanceId, events });
  const loop = { wake: () => scheduler.wake(), events };
  const jobs = (origin: string): JobApi => localJobs(loop, { store, clock, settings, tasks: catalog, origin });
  http?.attach(scheduler);
  http?.attachApi({ ...apiDeps({ store, clock, instanceId, jobs }), taskNames: () => taskNamesOf(source) });
  scheduler.start();
  const retention = startRetention({ store, clock, logger, retentionDays: settings.runs.retentionDays });
  logger.info({ instanceId, jobs: tasks.length }, `scheduler started (instance ${instanceId}, ${tasks.length} job(s) from ${config.files.tasks})`);
  return {
    instanceId,
    store,
    scheduler,
    jobs,
    async stop() {
      const report = await scheduler.stop();
      await retention.stop();
      await http?.close();
      await store.deregisterInstance(instanceId).catch(() => undefined);
      await store.close();
      return report;
    },
  };
}

// Before anything is written, a typo stops start-up: every configured module is imported once
// (the loader's one-line errors name the file), or every name is in the tasks map and, being a
// function, does not ask for the `process` executor (the error then names the job's key).
async function checkConfiguredTasks(source: TaskSource, catalog: TaskCatalog, jobs: readonly TaskDef[], file: string): Promise<void> {
  if ('dir' in source) return checkTasks(source.dir, jobs.map((job) => job.task));
  for (const job of jobs) {
    try {
      await catalog.check(job.task, job.executor);
    } catch (error) {
      if (!(error instanceof TaskCatalogError)) throw error;
      // A task named after its job has no `task` key of its own.
      throw new ConfigError(file, error.key === 'task' && job.task === job.id ? `tasks.${job.id}` : `tasks.${job.id}.${error.key}`, error.reason);
    }
  }
}

// Which store and where: the redacted MySQL URL, or the SQLite file's absolute path.
function announceStore(store: JobStore, logger: Logger): void {
  if (store instanceof MemoryStore) {
    return logger.warn('job store: memory: (in-memory): schedules and run history are lost when the process stops (sqlite:data/scheduler.db, the default, or a mysql:// URL keeps them)');
  }
  logger.info({ jobstore: store.description }, `job store: ${store.description}`);
}

// At start-up an unreachable database is waited for (compose may still be starting it); any other
// error (bad credentials, unknown database) is the user's to fix and ends start-up. A stop request
// ends the wait at once.
async function untilReachable(logger: Logger, signal: AbortSignal, step: () => Promise<void>): Promise<void> {
  const backoff = new Backoff();
  for (;;) {
    signal.throwIfAborted();
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      const delay = backoff.fail();
      logger.error(`${error.message}; retrying in ${delay / 1000}s`);
      // Rejects with an AbortError on abort; the loop's check then rethrows the signal's reason.
      await sleep(delay, undefined, { signal }).catch(() => undefined);
    }
  }
}

// Job by job for an ordinary config; one summary line when a large config would flood the log.
function logSync(plan: SyncPlan, logger: Logger): void {
  const changes = plan.insert.length + plan.update.length + plan.remove.length;
  if (changes > 50) {
    logger.info({ added: plan.insert.length, updated: plan.update.length, removed: plan.remove.length }, `jobs synchronised: ${plan.insert.length} added, ${plan.update.length} updated, ${plan.remove.length} removed`);
    return;
  }
  for (const job of plan.insert) logger.info({ jobId: job.id, nextRunTime: job.nextRunTime }, `job added: ${job.id}`);
  for (const job of plan.update) logger.info({ jobId: job.id, nextRunTime: job.nextRunTime }, `job updated: ${job.id}`);
  for (const id of plan.remove) logger.info({ jobId: id }, `job removed (no longer configured): ${id}`);
}
