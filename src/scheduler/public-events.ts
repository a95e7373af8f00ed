// Typed events for the application that embeds a scheduler: what happened to its runs, its jobs
// and its store, told once the store has committed it. The loop emits the run and store events
// (scheduler.ts, through report.ts); the embedding code emits the job events from the job API's
// onChange, and runQueued for the runs its runJob and retryRun queue.
import type { Logger } from 'pino';
import type { Job, Run } from '../jobs/types.js';
import { ListenerGuard } from './listener-guard.js';

/** Every event of a scheduler, with its payload. */
export interface SchedulerEventMap {
  /** A run was inserted `queued` by this instance: a claimed fire time, a retry, a run-now. */
  runQueued: Run;
  /** A run began executing here (`started_at` set). */
  runStarted: Run;
  /** A run executed here was recorded `succeeded`. */
  runSucceeded: Run;
  /** A run executed here was recorded `failed` (`error` says why); a retry, if any, follows as runQueued. */
  runFailed: Run;
  /** A run executed here was recorded `interrupted` (stopped by a shutdown or its timeout). */
  runInterrupted: Run;
  /** This instance recorded a fire time `missed` (found beyond misfire_grace_time). */
  runMissed: Run;
  /** This instance recorded a run `skipped` (max_instances reached, its job removed, …; `error` says why). */
  runSkipped: Run;
  /** This instance recorded a run `abandoned`: its owner stopped renewing the lease. */
  runAbandoned: Run;
  /** A job was added through this scheduler's job API. */
  jobAdded: Job;
  /** A job was changed (modified, rescheduled, paused, resumed) through this scheduler's job API. */
  jobModified: Job;
  /** A job was removed through this scheduler's job API (the payload is the job as it was). */
  jobRemoved: Job;
  /** A loop cycle failed on the store (the loop backs off and retries). */
  storeError: Error;
  /** The store answered again after failing. */
  storeRecovered: void;
}

/** The name of an event: `on(name, listener)`. */
export type SchedulerEventName = keyof SchedulerEventMap;

/** A listener may return a promise: it is not awaited, and a rejection is logged like a throw. */
export type SchedulerEventListener<K extends SchedulerEventName> = (payload: SchedulerEventMap[K]) => void | Promise<void>;

/** An event's payload as emit's arguments: none for a void event (`emit('storeRecovered')`). */
type PayloadArgs<K extends SchedulerEventName> = SchedulerEventMap[K] extends void ? [] : [payload: SchedulerEventMap[K]];

// Every name once: a key missing here (or one too many) does not compile.
const EVENT_NAMES: Record<SchedulerEventName, true> = {
  runQueued: true, runStarted: true, runSucceeded: true, runFailed: true, runInterrupted: true, runMissed: true,
  runSkipped: true, runAbandoned: true, jobAdded: true, jobModified: true, jobRemoved: true, storeError: true,
  storeRecovered: true,
};

/** The names of every event, for validation and documentation. */
export const SCHEDULER_EVENTS = Object.freeze(Object.keys(EVENT_NAMES) as SchedulerEventName[]);

interface Subscription {
  readonly listener: (payload: never) => unknown;
  readonly once: boolean;
  /** How the listener is named in a failure's log line: its function name, or its place among the event's listeners. */
  readonly label: string;
}

/**
 * A scheduler's typed events. Create it before the scheduler starts, so listeners miss nothing:
 *
 * ```ts
 * const events = new SchedulerEvents(logger);
 * const stop = events.on('runFailed', (run) => alert(`${run.job_id} attempt ${run.attempt}: ${run.error}`));
 * events.once('storeRecovered', () => console.log('database back'));
 * stop(); // unsubscribes
 * ```
 *
 * Delivery, for every event:
 * - after the store committed what it says, so a listener that reads the store sees it;
 * - synchronously, in the order of subscription (as APScheduler and Node's EventEmitter do), from
 *   the loop's own call. A returned promise is not awaited: slow asynchronous work never stalls the
 *   loop. Slow synchronous work does, and delays the runs: hand it off (a queue, setImmediate);
 * - a listener that throws or rejects is logged (one line naming the event and the listener, once
 *   per listener and event) and never breaks the loop, the other listeners, or the process;
 * - run events are local: the instance that queued, executed or recorded a run emits them, and job
 *   events are emitted for changes made through this scheduler, not by other processes.
 */
export class SchedulerEvents {
  readonly #subscriptions = new Map<SchedulerEventName, Subscription[]>();
  readonly #guard: ListenerGuard;

  /** `logger` receives the one line per failing listener and event. */
  constructor(logger: Logger) {
    this.#guard = new ListenerGuard(logger, 'scheduler event listener');
  }

  /** Calls `listener` on every `name` event from now on; returns the function that unsubscribes it. */
  on<K extends SchedulerEventName>(name: K, listener: SchedulerEventListener<K>): () => void {
    return this.#subscribe(name, listener, false);
  }

  /** Calls `listener` on the next `name` event only; returns the function that unsubscribes it before that. */
  once<K extends SchedulerEventName>(name: K, listener: SchedulerEventListener<K>): () => void {
    return this.#subscribe(name, listener, true);
  }

  /** Unsubscribes `listener` from `name` (its latest subscription, when it was subscribed more than once). */
  off<K extends SchedulerEventName>(name: K, listener: SchedulerEventListener<K>): void {
    const list = this.#list(name);
    const index = list.findLastIndex((s) => s.listener === listener);
    if (index >= 0) list.splice(index, 1);
  }

  /** How many listeners `name` has (the loop skips preparing payloads nobody listens to). */
  listenerCount(name: SchedulerEventName): number {
    return this.#list(name).length;
  }

  /**
   * Calls the listeners of `name` with `payload`. The scheduler emits the run and store events; the
   * embedding code emits the job events and the runQueued of its run-nows and retries.
   */
  emit<K extends SchedulerEventName>(name: K, ...[payload]: PayloadArgs<K>): void {
    const list = this.#list(name);
    for (const subscription of [...list]) {
      if (subscription.once) list.splice(list.indexOf(subscription), 1);
      const listener = subscription.listener as (p: PayloadArgs<K>[0]) => unknown;
      this.#guard.call(listener, () => subscription.label, name, () => listener(payload));
    }
  }

  #subscribe<K extends SchedulerEventName>(name: K, listener: SchedulerEventListener<K>, once: boolean): () => void {
    const list = this.#list(name);
    if (typeof listener !== 'function') throw new TypeError(`scheduler events: the listener of ${name} must be a function, got ${typeof listener}`);
    const subscription: Subscription = { listener, once, label: listener.name ? `"${listener.name}"` : `#${list.length + 1}` };
    list.push(subscription);
    return () => {
      const index = list.indexOf(subscription);
      if (index >= 0) list.splice(index, 1);
    };
  }

  #list(name: SchedulerEventName): Subscription[] {
    if (!Object.hasOwn(EVENT_NAMES, name)) throw new TypeError(`scheduler events: unknown event "${String(name)}" (known: ${SCHEDULER_EVENTS.join(', ')})`);
    let list = this.#subscriptions.get(name);
    if (!list) this.#subscriptions.set(name, (list = []));
    return list;
  }
}
