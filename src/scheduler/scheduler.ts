// The loop: wake, claim due jobs (batch by batch), start due runs up to the executors' free
// slots, sleep until the earliest next run time (or the poll interval, so changes made by other
// instances and the CLI are seen). A second loop heartbeats: it renews this instance's leases
// and abandons runs whose owner stopped renewing theirs.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Settings } from '../config/types.js';
import type { Executor, ExecutorName } from '../executors/types.js';
import type { Claim, DuePlan, FinishResult, JobRecord, JobStore, StartedRun } from '../store/types.js';
import { StoreUnavailableError } from '../store/types.js';
import { Backoff } from './backoff.js';
import { checkSkew } from './clock-skew.js';
import { planDue } from './due.js';
import { Listeners } from './events.js';
import { OutcomeWriter, type PendingOutcome } from './outcomes.js';
import type { SchedulerEvents } from './public-events.js';
import { RunReport } from './report.js';
import { StallWatch } from './stall.js';
import { jobTrigger } from './triggers.js';

// How often the heartbeat loop also compares clocks with the database.
const SKEW_CHECK_EVERY_MS = 10 * 60_000;
// More due jobs than this many batches in one cycle: start what was claimed, then come back.
const MAX_BATCHES_PER_CYCLE = 10;
// While runs keep finishing (each finish wakes the loop to start queued runs), look for newly due
// jobs at most this often; wake-ups by the timer or the poll always look.
const BUSY_CLAIM_EVERY_MS = 20;
// Jobs due within this window are claimed ahead of time (as Quartz acquires triggers ahead): their
// runs wait as `queued` rows, so at the fire time only the start transaction stands between the
// timer and the task. A pause or config change landing inside the window applies from the next fire.
const CLAIM_AHEAD_MS = 250;
// While attempts on an executor end within FAST_RUN_MS on average, one start transaction hands it
// up to RUN_AHEAD × its free slots; the extra runs wait (for milliseconds) in its FIFO. With
// sub-millisecond tasks the start transaction, not the slots, bounds throughput; tasks that take
// time never trigger it (their average is far above the threshold).
const FAST_RUN_MS = 5;
const RUN_AHEAD = 10;

export interface SchedulerDeps {
  store: JobStore;
  executors: Record<ExecutorName, Executor>;
  clock: Clock;
  settings: Settings;
  logger: Logger;
  instanceId: string;
  /** The public events (created by the embedding code before start, so listeners miss nothing). */
  events?: SchedulerEvents;
  /** How long a wait on the store may last before it is logged as a stall (default 30 s; tests shorten it). */
  stallWarningMs?: number;
}

export class Scheduler {
  readonly listeners: Listeners;
  /** When the loop last completed a cycle (for /healthz). */
  lastCycleAt: Date | null = null;
  private readonly store: JobStore;
  private readonly clock: Clock;
  private readonly settings: Settings;
  private readonly logger: Logger;
  private readonly outcomes: OutcomeWriter;
  private readonly report: RunReport;
  private readonly stall: StallWatch;
  /** The heartbeat's own: a stalled lease renewal lets leases expire, and peers abandon our runs. */
  private readonly heartbeatStall: StallWatch;
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Runs started ahead, by due time, waiting for it; and the slots they will take. */
  private readonly holding = new Map<number, { runs: StartedRun[]; waiting: Promise<void> }>();
  private readonly held: Record<ExecutorName, number> = { default: 0, process: 0 };
  private readonly storeBackoff = new Backoff();
  private stopping = false;
  private wakeController = new AbortController();
  /** A wake() arrived since the current cycle began: run another cycle instead of sleeping. */
  private wakePending = false;
  private lastClaimAt = Number.NEGATIVE_INFINITY;
  /** Moving average of attempt durations (ms) per executor, including any wait for a slot. */
  private readonly recentRunMs: Record<ExecutorName, number> = { default: Number.POSITIVE_INFINITY, process: Number.POSITIVE_INFINITY };
  /** Whether this instance has met a job on the `process` executor (whose slots are otherwise always free). */
  private processJobsSeen = false;
  private readonly heartbeatStop = new AbortController();
  private loops: Promise<void>[] = [];
  /** After an outage every lease looks expired; give owners one lease period to renew first. */
  private abandonNotBefore = 0;
  /** The last heartbeat failed (the store is unreachable, as far as the heartbeat knows). */
  private heartbeatFailing = false;
  private nextSkewCheck = 0;

  constructor(private readonly deps: SchedulerDeps) {
    ({ store: this.store, clock: this.clock, settings: this.settings, logger: this.logger } = deps);
    this.listeners = new Listeners(this.logger);
    this.report = new RunReport(this.logger, this.listeners, this.store, deps.events);
    this.stall = new StallWatch(this.logger, 'scheduler cycle', deps.stallWarningMs);
    this.heartbeatStall = new StallWatch(this.logger, 'heartbeat', deps.stallWarningMs);
    this.outcomes = new OutcomeWriter(this.store, deps.instanceId, this.clock, this.logger, (r, sent) => this.written(r, sent), deps.stallWarningMs);
  }

  get running(): number {
    return this.inFlight.size;
  }

  get storeHealthy(): boolean {
    return !this.storeBackoff.failing;
  }

  start(): void {
    this.loops = [this.loop(), this.heartbeatLoop()];
  }

  /** Wake the loop now (a run finished, a retry was queued). */
  wake(): void {
    this.wakePending = true;
    this.wakeController.abort();
  }

  /**
   * One cycle; returns when the next one should run. Exposed for tests driving a fake clock.
   * `woken` (passed by the loop only): the cycle runs because of wake() (a run finished), not
   * the timer; the loop also skips the wake-time query when another wake arrived meanwhile.
   */
  async cycle(woken?: boolean): Promise<Date> {
    const now = this.clock.now();
    let batches = 0;
    const claim = !woken || now.getTime() - this.lastClaimAt >= BUSY_CLAIM_EVERY_MS;
    if (claim) this.lastClaimAt = now.getTime();
    // Runs claimed ahead (or freed slots) first: a fire time costs one transaction, not three.
    await this.startDue(now, woken);
    const claims: Claim[] = [];
    for (; claim && batches < MAX_BATCHES_PER_CYCLE; batches += 1) {
      const batch = await this.stall.watch('claiming due jobs', () => this.store.claimDueJobs(now, this.settings.batchSize, (job, running) => this.plan(job, running, now)));
      // Before any start: a run is told queued before it is told started.
      await this.report.claimed(batch);
      claims.push(...batch);
      if (batch.length < this.settings.batchSize) break;
    }
    if (claims.length > 0) await this.startDue(now);
    // After the due runs have started, so claiming ahead never delays them.
    if (claim && batches < MAX_BATCHES_PER_CYCLE) {
      const horizon = new Date(now.getTime() + CLAIM_AHEAD_MS);
      const ahead = await this.stall.watch('claiming jobs due next', () => this.store.claimDueJobs(horizon, this.settings.batchSize, (job, running) => this.planAhead(job, running, now)));
      await this.report.claimed(ahead);
      claims.push(...ahead);
      // Started now and held until their due time: at the fire time no transaction stands
      // between the timer and the task.
      if (ahead.length > 0) await this.startDue(now, false, horizon);
    }
    for (const { job, plan } of claims) {
      if (plan.nextRunTime === null && plan.runs.length > 0) this.logger.info({ jobId: job.id }, 'trigger exhausted: job finished');
    }
    this.lastCycleAt = this.clock.now();
    // A job looked at ahead of its time but left as it was (at max_instances, already due) was
    // not claimed: it is counted by the claim at its fire time.
    this.listeners.emit('cycle', now, claims.filter((c) => !leftAsItWas(c)).length);
    // Woken meanwhile (runs finished during the cycle): go again at once, no wake-time query.
    if (batches === MAX_BATCHES_PER_CYCLE || (woken !== undefined && this.wakePending)) return this.clock.now();
    // Claims skipped while busy: come back when the next look is allowed.
    if (!claim) return new Date(this.lastClaimAt + BUSY_CLAIM_EVERY_MS);
    return this.nextWake(now);
  }

  /**
   * Stop claiming, let running attempts finish within the grace period, record everything; reports
   * how many outcomes could not be recorded (the store stayed unreachable).
   */
  async stop(): Promise<{ unrecorded: number }> {
    this.stopping = true;
    this.wake();
    await this.loops[0];
    // Runs already started ahead are due within CLAIM_AHEAD_MS: let them begin, then get the grace.
    await Promise.all([...this.holding.values()].map((h) => h.waiting));
    const graceMs = this.settings.shutdownTimeout * 1000;
    const running = this.inFlight.size;
    if (running > 0) this.logger.info(`waiting up to ${this.settings.shutdownTimeout}s for ${running} running task(s)`);
    await Promise.all(Object.values(this.deps.executors).map((e) => e.shutdown(graceMs)));
    await Promise.all(this.inFlight.values());
    const left = await this.outcomes.drain(new Date(this.clock.now().getTime() + 10_000));
    if (left > 0) this.logger.error(`${left} run outcome(s) could not be recorded; their leases will expire and they will be marked abandoned`);
    this.heartbeatStop.abort();
    await this.loops[1];
    return { unrecorded: left };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const woken = this.wakePending;
      this.wakePending = false;
      const wakeAt = await this.safeCycle(woken);
      if (this.stopping) break;
      // A wake during the cycle aborted the previous controller, not the next one: without this
      // check it would be lost and the loop would sleep a whole poll interval.
      if (this.wakePending && !this.storeBackoff.failing) continue;
      this.wakeController = new AbortController();
      // Early enough to claim ahead; for a queued run that early wake-up finds nothing new and the
      // next sleep ends at its due time.
      const early = wakeAt.getTime() - CLAIM_AHEAD_MS;
      await this.clock.sleepUntil(early > this.clock.now().getTime() ? new Date(early) : wakeAt, this.wakeController.signal);
    }
  }

  private async safeCycle(woken: boolean): Promise<Date> {
    try {
      const next = await this.cycle(woken);
      if (this.storeBackoff.succeed()) this.recovered();
      return next;
    } catch (error) {
      return this.cycleFailed(error);
    }
  }

  private cycleFailed(error: unknown): Date {
    const delay = this.storeBackoff.fail();
    const err = error instanceof Error ? error : new Error(String(error));
    this.report.storeError(err);
    // One line per backoff step for an outage; a full stack only for the unexpected.
    if (err instanceof StoreUnavailableError) this.logger.error(`${err.message}; not claiming runs, retrying in ${delay / 1000}s`);
    else this.logger.error({ err }, `scheduler cycle failed; retrying in ${delay / 1000}s`);
    return new Date(this.clock.now().getTime() + delay);
  }

  private recovered(): void {
    this.logger.info('store reachable again; catching up');
    this.deferAbandoning();
    this.outcomes.retryNow();
    this.report.storeRecovered();
    void this.heartbeat();
  }

  /** After an outage every lease looks expired: give owners one lease period to renew first. */
  private deferAbandoning(): void {
    this.abandonNotBefore = Math.max(this.abandonNotBefore, this.clock.now().getTime() + this.settings.leaseTimeout * 1000);
  }

  private plan(job: JobRecord, running: number, now: Date): DuePlan {
    try {
      if (job.broken !== undefined) return this.setAside(job, job.broken);
      if (job.executor === 'process') this.processJobsSeen = true;
      return planDue(job, jobTrigger(job), now, running);
    } catch (error) {
      return this.setAside(job, `cannot compute its schedule: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One broken stored definition must not stall every other job in its batch: it is recorded as broken. */
  private setAside(job: JobRecord, reason: string): DuePlan {
    this.logger.error({ jobId: job.id, broken: reason }, `job ${job.id} is broken (${reason}); it will not run until its definition is fixed`);
    return { runs: [], nextRunTime: job.nextRunTime, broken: reason };
  }

  /**
   * A job claimed before its fire time is planned as of that time (one queued run, next_run_time
   * advanced). A job already due (claimed elsewhere meanwhile) or at max_instances is left as it
   * is, for the claim at its fire time to decide with the running count of that moment.
   */
  private planAhead(job: JobRecord, running: number, now: Date): DuePlan {
    const at = job.nextRunTime;
    if (at === null || at <= now || running >= job.maxInstances) return { runs: [], nextRunTime: job.nextRunTime };
    return this.plan(job, running, at);
  }

  private async startDue(now: Date, woken = false, until = now): Promise<void> {
    const free = { default: this.freeSlots('default'), process: this.freeSlots('process') };
    if (free.default + free.process <= 0) return;
    // Woken by a finishing run while the default executor is still full: only the idle process
    // pool has room, and no job here uses it — a start transaction would find nothing to start.
    if (woken && free.default === 0 && !this.processJobsSeen) return;
    const ahead = (e: ExecutorName) => (this.recentRunMs[e] < FAST_RUN_MS ? free[e] * RUN_AHEAD : free[e]);
    const capacity = { default: ahead('default'), process: ahead('process') };
    const leaseUntil = new Date(now.getTime() + this.settings.leaseTimeout * 1000);
    const request = { now, until, instanceId: this.deps.instanceId, leaseUntil, capacity };
    const { started, missed } = await this.stall.watch('starting queued runs', () => this.store.startRuns(request));
    this.report.recorded(missed);
    started.forEach((s) => (s.run.dueAt > this.clock.now() ? this.hold(s) : this.dispatch(s)));
    if (started.some((s) => s.job.executor === 'process')) this.processJobsSeen = true;
  }

  /** Executor slots not yet promised to a held run. */
  private freeSlots(executor: ExecutorName): number {
    return Math.max(this.deps.executors[executor].freeSlots() - this.held[executor], 0);
  }

  /**
   * A run started ahead waits here for its due time (at most CLAIM_AHEAD_MS), then runs. Runs due
   * at the same instant share one wake-up: one timer per run would fire them a tick apart each.
   */
  private hold(started: StartedRun): void {
    this.held[started.job.executor] += 1;
    const due = started.run.dueAt.getTime();
    const group = this.holding.get(due);
    if (group) return void group.runs.push(started);
    const runs = [started];
    const waiting = this.clock.sleepUntil(started.run.dueAt, new AbortController().signal).then(() => {
      this.holding.delete(due);
      for (const run of runs) {
        this.held[run.job.executor] -= 1;
        this.dispatch(run);
      }
    });
    this.holding.set(due, { runs, waiting });
  }

  private dispatch(started: StartedRun): void {
    const { run, job } = started;
    const logger = this.logger.child({ jobId: job.id, runId: run.id, attempt: run.attempt });
    this.report.started(started, this.clock.now().getTime() - run.dueAt.getTime(), logger);
    const t0 = performance.now();
    const done = this.deps.executors[job.executor]
      .execute({
        runId: run.id, jobId: job.id, task: job.task, scheduledAt: run.scheduledAt, attempt: run.attempt,
        params: job.params, timeoutMs: job.timeout === null ? null : job.timeout * 1000, logger,
      })
      .then((outcome) => {
        const elapsed = performance.now() - t0;
        const avg = this.recentRunMs[job.executor];
        this.recentRunMs[job.executor] = Number.isFinite(avg) ? avg * 0.9 + elapsed * 0.1 : elapsed;
        const durationMs = Math.round(elapsed);
        const error = outcome.status === 'succeeded' ? null : outcome.error;
        this.report.ended(logger, job, run, outcome.status, durationMs, error);
        this.outcomes.push({ runId: run.id, status: outcome.status, finishedAt: this.clock.now(), durationMs, error }, run);
      })
      .finally(() => {
        this.inFlight.delete(run.id);
        // A free slot is worth a cycle only while the store answers: during an outage the loop
        // keeps its backoff (one failed cycle, one log line per step), not one try per finished run.
        if (!this.storeBackoff.failing) this.wake();
      });
    this.inFlight.set(run.id, done);
  }

  private written(result: FinishResult, sent: readonly PendingOutcome[]): void {
    this.report.written(result, sent);
    // Recorded outcomes free max_instances slots in the store and retries may be due soon.
    if (result.recorded.length > 0 || result.retries.length > 0) this.wake();
  }

  private async nextWake(now: Date): Promise<Date> {
    const pollAt = now.getTime() + Math.min(this.settings.pollInterval, this.settings.heartbeatInterval) * 1000;
    const next = (await this.stall.watch('reading the next wake time', () => this.store.nextWakeTime()))?.getTime() ?? Infinity;
    // Something already due but not started waits for a free slot: a finishing run wakes us.
    return new Date(next <= now.getTime() ? pollAt : Math.min(next, pollAt));
  }

  private async heartbeatLoop(): Promise<void> {
    const signal = this.heartbeatStop.signal;
    while (!signal.aborted) {
      await this.heartbeat();
      await this.clock.sleepUntil(new Date(this.clock.now().getTime() + this.settings.heartbeatInterval * 1000), signal);
    }
  }

  /** Renews our leases, then abandons runs whose owner's lease ran out. */
  async heartbeat(): Promise<void> {
    const now = this.clock.now();
    try {
      const leaseUntil = new Date(now.getTime() + this.settings.leaseTimeout * 1000);
      await this.heartbeatStall.watch('renewing leases', () => this.store.renewLeases(this.deps.instanceId, now, leaseUntil));
      if (this.heartbeatFailing) this.heartbeatRecovered();
      if (now.getTime() >= this.nextSkewCheck) {
        this.nextSkewCheck = now.getTime() + SKEW_CHECK_EVERY_MS;
        const skewMs = await checkSkew(this.store, this.clock, this.settings.clockSkewWarning, this.logger);
        // Kept in the store so the dashboard shows every instance's skew, not only its own.
        await this.store.recordClockSkew(this.deps.instanceId, skewMs);
      }
      if (now.getTime() < this.abandonNotBefore || this.stopping) return;
      const result = await this.heartbeatStall.watch('abandoning expired runs', () => this.store.abandonExpired(now));
      this.report.abandoned(result);
      if (result.abandoned.length > 0) this.wake();
    } catch (error) {
      this.heartbeatFailing = true;
      // The main loop reports outages; a heartbeat failure alone is not worth a second line.
      this.logger.debug({ err: error }, 'heartbeat failed');
    }
  }

  // The heartbeat usually sees the store come back before the loop does (the loop may sit in a
  // backoff step of up to 30 s). Its own abandon check must wait too — otherwise it abandons
  // runs whose owners have not had a heartbeat yet to renew their leases — and the loop and the
  // outcome writer are woken rather than left to finish their backoff.
  private heartbeatRecovered(): void {
    this.heartbeatFailing = false;
    this.deferAbandoning();
    this.outcomes.retryNow();
    this.wake();
  }
}

function leftAsItWas({ job, plan }: Claim): boolean {
  return plan.runs.length === 0 && plan.nextRunTime?.getTime() === job.nextRunTime?.getTime();
}
