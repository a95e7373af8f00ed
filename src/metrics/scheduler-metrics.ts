// Prometheus metrics of one scheduler instance (prom-client), fed by the loop's listener events.
// Counters count what this instance saw since it started: summed over every instance sharing the
// store, `scheduler_runs_total` matches the final rows written to `runs` in that time.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunEvent, SchedulerListener } from '../scheduler/events.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { RunStatus } from '../store/types.js';
import { StoreUnavailableError } from '../store/types.js';

const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const LATENESS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The instance's registry and the listener that keeps it up to date; `attach` wires a scheduler in. */
export class SchedulerMetrics implements SchedulerListener {
  readonly registry = new Registry();
  private readonly runs = new Counter({
    name: 'scheduler_runs_total',
    help: 'Run attempts that reached a final status (succeeded, failed, missed, skipped, abandoned, interrupted), by job and status',
    labelNames: ['job', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'scheduler_run_duration_seconds',
    help: 'Duration of executed run attempts, by job and final status',
    labelNames: ['job', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly lateness = new Histogram({
    name: 'scheduler_run_lateness_seconds',
    help: 'Start time minus due time of started run attempts (the scheduled time for first attempts), by job',
    labelNames: ['job'] as const,
    buckets: LATENESS_BUCKETS,
    registers: [this.registry],
  });
  private readonly backlog = new Gauge({
    name: 'scheduler_due_backlog',
    help: 'Due jobs found by the latest loop cycle; staying high means the loop is falling behind',
    registers: [this.registry],
  });
  private readonly claims = new Counter({
    name: 'scheduler_claims_total',
    help: 'Due jobs claimed by this instance (each claim plans the job\'s runs and moves its next_run_time)',
    registers: [this.registry],
  });
  private readonly cycles = new Counter({
    name: 'scheduler_cycles_total',
    help: 'Completed loop cycles',
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'scheduler_store_errors_total',
    help: 'Failed loop cycles, by kind: unavailable (database unreachable) or other',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly lastCycle = new Gauge({
    name: 'scheduler_last_cycle_timestamp_seconds',
    help: 'Unix time at which the loop last completed a cycle',
    registers: [this.registry],
  });

  private scheduler: Scheduler | null = null;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    // Live state, read at scrape time (0 until a scheduler is attached, i.e. while starting).
    const attached = () => this.scheduler;
    const live = (read: (s: Scheduler) => number) =>
      function collect(this: Gauge) {
        const scheduler = attached();
        this.set(scheduler ? read(scheduler) : 0);
      };
    new Gauge({ name: 'scheduler_runs_in_progress', help: 'Run attempts executing in this instance', registers: [this.registry], collect: live((s) => s.running) });
    new Gauge({ name: 'scheduler_store_up', help: '1 when the latest store call of the loop succeeded, else 0', registers: [this.registry], collect: live((s) => (s.storeHealthy ? 1 : 0)) });
  }

  /** Subscribes to the scheduler's events and starts reporting its live state. */
  attach(scheduler: Scheduler): void {
    this.scheduler = scheduler;
    scheduler.listeners.add(this);
  }

  runStarted(run: RunEvent, lateMs: number): void {
    this.lateness.observe({ job: run.jobId }, Math.max(lateMs, 0) / 1000);
  }

  runEnded(run: RunEvent, status: RunStatus, durationMs: number | null): void {
    this.runs.inc({ job: run.jobId, status });
    if (durationMs !== null) this.duration.observe({ job: run.jobId, status }, durationMs / 1000);
  }

  cycle(at: Date, claimed: number): void {
    this.backlog.set(claimed);
    this.claims.inc(claimed);
    this.cycles.inc();
    this.lastCycle.set(at.getTime() / 1000);
  }

  storeError(error: Error): void {
    this.storeErrors.inc({ kind: error instanceof StoreUnavailableError ? 'unavailable' : 'other' });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
