// Every log line and event about a run in this instance: started, ended, recorded without running
// (missed, skipped), abandoned, retried, lost. The loop calls it at each step; it tells the log,
// the internal listeners (metrics, health: events.ts) and the public events (public-events.ts).
// Internal listeners hear of an attempt's end at once; public listeners once the store committed it.
import type { Logger } from 'pino';
import type { Run } from '../jobs/types.js';
import { toRunView } from '../jobs/views.js';
import { runKey } from '../store/run-keys.js';
import { storableError } from '../store/storable.js';
import type { AbandonResult, Claim, FinishResult, JobRecord, JobStore, RunRecord, RunStatus, StartedRun } from '../store/types.js';
import type { Listeners, RunEvent } from './events.js';
import type { PendingOutcome } from './outcomes.js';
import type { SchedulerEventName, SchedulerEvents } from './public-events.js';

// A failed run's log message quotes this much of its error's first line (the whole error is a field).
const FIRST_LINE_CHARS = 500;
/** Lines per job, status and reason when one batch records many runs without running them. */
const RECORDED_LINES = 3;

type RecordedRun = Pick<RunRecord, 'jobId' | 'scheduledAt' | 'attempt' | 'status'> & { error?: string | null };

/** The public event that tells a run reached each status. */
const EVENT_OF: Record<RunStatus, Extract<SchedulerEventName, `run${string}`>> = {
  queued: 'runQueued', running: 'runStarted', succeeded: 'runSucceeded', failed: 'runFailed', interrupted: 'runInterrupted',
  missed: 'runMissed', skipped: 'runSkipped', abandoned: 'runAbandoned',
};

export class RunReport {
  constructor(
    private readonly logger: Logger,
    private readonly listeners: Listeners,
    private readonly store: JobStore,
    private readonly events: SchedulerEvents | undefined,
  ) {}

  /** A run handed to its executor; `lateMs` = now − its due time. */
  started({ run, job }: StartedRun, lateMs: number, logger: Logger): void {
    logger.info({ task: job.task, scheduledAt: run.scheduledAt.toISOString(), lateMs }, `run started: ${job.id} attempt ${run.attempt}/${job.maxAttempts}`);
    this.listeners.emit('runStarted', runEvent(run), lateMs);
    this.publish(run);
  }

  /** An attempt ended here; its outcome is on its way to the store (see `written`). */
  ended(logger: Logger, job: JobRecord, run: RunRecord, status: RunStatus, durationMs: number, error: string | null): void {
    const msg = `run ${status}: ${job.id} attempt ${run.attempt}/${job.maxAttempts} in ${durationMs}ms`;
    if (status === 'succeeded') logger.info({ status, durationMs }, msg);
    // The error as the row keeps it (cut past 64 KB), and only the start of its first line in the message.
    else logger.warn({ status, durationMs, error: storableError(error) }, `${msg}: ${firstLine(error)}`);
    this.listeners.emit('runEnded', runEvent(run), status, durationMs);
  }

  /** The store wrote a batch of outcomes (`sent`, as sent): the recorded ones are told, the lost ones logged. */
  written(result: FinishResult, sent: readonly PendingOutcome[]): void {
    for (const id of result.lost) this.logger.warn({ runId: id }, `run ${id}: outcome discarded, this instance lost its lease (the run was abandoned and handed on)`);
    const recorded = new Set(result.recorded);
    for (const { run, outcome } of sent) {
      if (!recorded.has(run.id)) continue;
      const { status, finishedAt, durationMs, error } = outcome;
      this.publish({ ...run, status, finishedAt, durationMs: Math.round(durationMs), error, leaseUntil: null });
    }
    this.retried(result.retries);
  }

  /** Queued runs a start recorded instead of starting them: missed (past their grace), skipped (job gone, unreadable times). */
  recorded(runs: readonly RunRecord[]): void {
    this.logRecordedAll(runs.map((run) => ({ run, id: run.id })));
    for (const run of runs) this.publish(run);
  }

  /**
   * What one claim inserted: missed and skipped fire times are logged, and the public events
   * follow once the runs' ids are read back (only when someone listens: see JobStore.runsByKey).
   */
  async claimed(claims: readonly Claim[]): Promise<void> {
    const runs = claims.flatMap((c) => c.plan.runs);
    this.logRecordedAll(runs.filter((run) => run.status !== 'queued').map((run) => ({ run, id: 0 })));
    const wanted = runs.filter((r) => this.listens(EVENT_OF[r.status]));
    if (wanted.length === 0) return;
    let stored: RunRecord[];
    try {
      stored = await this.store.runsByKey(wanted);
    } catch (error) {
      this.logger.error(`run events of ${wanted.length} run(s) just claimed not delivered: reading them back failed (${firstLine(error instanceof Error ? error.message : String(error))})`);
      return;
    }
    const planned = new Map(wanted.map((r) => [runKey(r), r]));
    for (const run of stored) this.publish(planned.get(runKey(run))?.status === 'queued' ? asQueued(run) : run);
  }

  /** Runs this instance abandoned (their owner's lease ran out) and the retries that queued. */
  abandoned({ abandoned, retries }: AbandonResult): void {
    for (const run of abandoned) {
      this.logger.warn({ jobId: run.jobId, runId: run.id, instance: run.instanceId }, `run ${run.id} of ${run.jobId} abandoned: instance ${run.instanceId} stopped renewing its lease`);
      this.listeners.emit('runEnded', runEvent(run), 'abandoned', null);
      this.publish(run);
    }
    this.retried(retries);
  }

  storeError(error: Error): void {
    this.listeners.emit('storeError', error);
    if (this.listens('storeError')) this.events?.emit('storeError', error);
  }

  storeRecovered(): void {
    this.listeners.emit('storeRecovered');
    if (this.listens('storeRecovered')) this.events?.emit('storeRecovered');
  }

  /** Retries a finish or an abandon queued; one that could not be scheduled was recorded skipped (retryOf). */
  private retried(retries: readonly RunRecord[]): void {
    for (const retry of retries) {
      if (retry.status !== 'queued') {
        this.logRecorded(retry, retry.id);
      } else {
        const dueAt = retry.dueAt.toISOString();
        this.logger.info({ jobId: retry.jobId, attempt: retry.attempt, dueAt }, `retry of ${retry.jobId} queued: attempt ${retry.attempt} at ${dueAt}`);
      }
      this.publish(retry);
    }
  }

  /**
   * Runs recorded without running, each counted by the metrics. A job removed with thousands of
   * queued runs, or a long catch-up without coalescing, would write a warning per run: past
   * RECORDED_LINES of one job, status and reason in one batch, the rest is one summary line.
   */
  private logRecordedAll(entries: ReadonlyArray<{ run: RecordedRun; id: number }>): void {
    const groups = new Map<string, Array<{ run: RecordedRun; id: number }>>();
    for (const entry of entries) {
      const key = JSON.stringify([entry.run.jobId, entry.run.status, entry.run.error ?? '']);
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    for (const group of groups.values()) {
      group.forEach(({ run, id }, i) => (i < RECORDED_LINES ? this.logRecorded(run, id) : this.countRecorded(run, id)));
      if (group.length > RECORDED_LINES) this.logRest(group.slice(RECORDED_LINES).map((e) => e.run));
    }
  }

  private logRest(rest: readonly RecordedRun[]): void {
    const { jobId, status, error } = rest[0]!;
    const times = rest.map((r) => r.scheduledAt.getTime()).filter((t) => !Number.isNaN(t));
    const span = times.length === 0 ? '' : ` from ${new Date(Math.min(...times)).toISOString()} to ${new Date(Math.max(...times)).toISOString()}`;
    this.logger.warn({ jobId, status, count: rest.length }, `run ${status}: ${jobId}: ${rest.length} more fire time(s)${span}: ${error ?? ''}`);
  }

  /** A run recorded without running (missed, skipped): one warning, and metrics count it. */
  private logRecorded(run: RecordedRun, id: number): void {
    // A time read from a row edited by hand may be an invalid Date (the error says which).
    const at = Number.isNaN(run.scheduledAt.getTime()) ? 'an unreadable time' : run.scheduledAt.toISOString();
    this.logger.warn({ jobId: run.jobId, scheduledAt: at, status: run.status }, `run ${run.status}: ${run.jobId} at ${at}: ${run.error ?? ''}`);
    this.countRecorded(run, id);
  }

  private countRecorded(run: RecordedRun, id: number): void {
    this.listeners.emit('runEnded', { jobId: run.jobId, runId: id, attempt: run.attempt, scheduledAt: run.scheduledAt }, run.status, null);
  }

  /** Tells the public listeners of the event for `run`'s status, if any. */
  private publish(run: RunRecord): void {
    const event = EVENT_OF[run.status];
    if (this.listens(event)) this.events?.emit(event, Object.freeze(toRunView(run)) satisfies Run);
  }

  private listens(event: SchedulerEventName): boolean {
    return (this.events?.listenerCount(event) ?? 0) > 0;
  }
}

/** A run as a claim inserted it: it may have been started (elsewhere) since the commit. */
function asQueued(run: RunRecord): RunRecord {
  return { ...run, status: 'queued', startedAt: null, finishedAt: null, durationMs: null, error: null, instanceId: null, leaseUntil: null };
}

function runEvent(run: Pick<RunRecord, 'jobId' | 'id' | 'attempt' | 'scheduledAt'>): RunEvent {
  return { jobId: run.jobId, runId: run.id, attempt: run.attempt, scheduledAt: run.scheduledAt };
}

function firstLine(text: string | null): string {
  const line = (text ?? '').split('\n', 1)[0] ?? '';
  return line.length > FIRST_LINE_CHARS ? `${line.slice(0, FIRST_LINE_CHARS)}…` : line;
}
