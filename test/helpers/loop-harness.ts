// The Scheduler on a FakeClock with a fake executor whose outcomes the test decides, over a real
// store (memory by default). Cycles are driven by hand (scheduler.cycle()); time only moves when
// the test moves it, so every recorded time is exact. Waits are on conditions (outcomes are
// written asynchronously), never on durations.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import type { Settings, TaskDef } from '../../src/config/types.js';
import type { Executor, ExecutorName, RunOutcome, RunRequest } from '../../src/executors/types.js';
import type { SchedulerEvents } from '../../src/scheduler/public-events.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { syncPlanner } from '../../src/scheduler/sync.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { JobStore, RunRecord, RunStatus } from '../../src/store/types.js';
import { FakeClock } from './fake-clock.js';
import { waitFor } from './wait.js';

export const T0 = Date.parse('2025-03-01T12:00:00.000Z');
export const at = (s: number): Date => new Date(T0 + s * 1000);
/** The config file the jobs come from (as the start-up sync records it). */
export const CONFIG_FILE = 'config/test.yaml';

// Real Settings from the loader (so new fields get their defaults), with the loop's timings made
// long enough that a cycle's wake-up time is the next due time.
const root = mkdtempSync(join(tmpdir(), 'loop-harness-'));
mkdirSync(join(root, 'config'));
writeFileSync(join(root, 'env.yaml'), '');
writeFileSync(join(root, 'config', 'dev.yaml'), 'tasks: {}\n');
export const SETTINGS: Settings = { ...loadConfig({ root, env: {} }).settings, pollInterval: 600, heartbeatInterval: 600, leaseTimeout: 30, shutdownTimeout: 30 };
rmSync(root, { recursive: true, force: true });

/** What the fake executor does with an attempt: an outcome now, or 'hold' until finish(). */
export type Behaviour = (request: RunRequest) => RunOutcome | 'hold';

export class FakeExecutor implements Executor {
  readonly calls: RunRequest[] = [];
  slots: number;
  shutdownGraceMs: number | null = null;
  private readonly running = new Map<number, { promise: Promise<RunOutcome>; resolve: (o: RunOutcome) => void }>();

  constructor(
    readonly name: ExecutorName,
    slots: number,
    public behaviour: Behaviour = () => ({ status: 'succeeded' }),
  ) {
    this.slots = slots;
  }

  get held(): number[] {
    return [...this.running.keys()];
  }

  freeSlots(): number {
    return this.shutdownGraceMs === null ? Math.max(this.slots - this.running.size, 0) : 0;
  }

  execute(request: RunRequest): Promise<RunOutcome> {
    this.calls.push(request);
    const decided = this.behaviour(request);
    if (decided !== 'hold') return Promise.resolve(decided);
    let resolve!: (o: RunOutcome) => void;
    const promise = new Promise<RunOutcome>((r) => (resolve = r));
    this.running.set(request.runId, { promise, resolve });
    return promise;
  }

  finish(runId: number, outcome: RunOutcome = { status: 'succeeded' }): void {
    const entry = this.running.get(runId);
    assert.ok(entry, `run ${runId} is held by the fake executor`);
    this.running.delete(runId);
    entry.resolve(outcome);
  }

  async shutdown(graceMs: number): Promise<void> {
    this.shutdownGraceMs = graceMs;
    await Promise.all([...this.running.values()].map((e) => e.promise));
  }
}

/** An interval job of 10 s (first fire at T0 + 10 s when stored at T0), one instance, one attempt. */
export function def(id: string, overrides: Partial<TaskDef> = {}): TaskDef {
  return {
    id, task: id, triggerType: 'interval', triggerArgs: { seconds: 10 }, timezone: 'UTC', params: {}, executor: 'default',
    coalesce: true, maxInstances: 1, misfireGraceTime: 1, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, timeout: null, ...overrides,
  };
}

export interface HarnessOptions {
  behaviour?: Behaviour;
  /** Slots of the default executor (20). */
  slots?: number;
  logger?: Logger;
  /** A migrated, empty store (default: a new MemoryStore). */
  store?: JobStore;
  events?: SchedulerEvents;
}

export interface Harness {
  clock: FakeClock;
  store: JobStore;
  executor: FakeExecutor;
  scheduler: Scheduler;
  /** What the internal runEnded listener heard: job, scheduled time, status. */
  ended: Array<[string, string, RunStatus]>;
  runs(jobId: string): Promise<RunRecord[]>;
  /** Waits until the runs of `jobId` (oldest first) satisfy `check`, and returns them. */
  until(jobId: string, what: string, check: (runs: RunRecord[]) => boolean): Promise<RunRecord[]>;
}

/** Jobs are stored at T0 (an interval of 10 s first fires at T0 + 10 s). */
export async function harness(defs: TaskDef[], options: HarnessOptions = {}): Promise<Harness> {
  const clock = new FakeClock(at(0));
  const store = options.store ?? new MemoryStore();
  await store.syncJobs(syncPlanner(defs, clock.now(), CONFIG_FILE));
  const executor = new FakeExecutor('default', options.slots ?? 20, options.behaviour);
  const scheduler = new Scheduler({
    store,
    executors: { default: executor, process: new FakeExecutor('process', 0) },
    clock,
    settings: SETTINGS,
    logger: options.logger ?? pino({ level: 'silent' }),
    instanceId: 'me',
    events: options.events,
  });
  const ended: Harness['ended'] = [];
  scheduler.listeners.add({ runEnded: (run, status) => ended.push([run.jobId, run.scheduledAt.toISOString(), status]) });
  const runs = async (jobId: string) => (await store.listRuns({ jobId, limit: 1000 })).sort((a, b) => a.id - b.id);
  const until = (jobId: string, what: string, check: (r: RunRecord[]) => boolean) =>
    waitFor(what, async () => {
      const list = await runs(jobId);
      return check(list) ? list : null;
    }, 10_000, 2);
  return { clock, store, executor, scheduler, ended, runs, until };
}

export const allFinal = (runs: RunRecord[]): boolean => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running');
