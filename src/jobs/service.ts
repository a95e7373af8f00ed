// The job API (JobApi) over a JobStore: the one write path of the library, the CLI and the HTTP
// API. Every write is one JobStore.writeJob transaction on the job's locked row, decided by a pure
// writer (add-job.ts, edits.ts); validation (spec.ts, the YAML's code) and the task check come first,
// so a refused call writes nothing.
import type { Clock } from '../clock.js';
import { ConfigNode } from '../config/reader.js';
import type { TaskSettings } from '../config/tasks.js';
import { JOB_SOURCES, JOB_STATES, type AuditAction, type JobCursor, type JobRecord, type JobStore, type RunRecord } from '../store/types.js';
import { addWriter, ON_CONFLICT } from './add-job.js';
import { runAudit } from './audit.js';
import { editWriter, modifyEdit, pauseEdit, rescheduleEdit, resumeEdit, type Edit } from './edits.js';
import { JobNotFoundError, JobSpecError, RunNotFoundError, VersionConflictError } from './errors.js';
import { checkApiOwned, checkReadable } from './ownership.js';
import { resumeTime } from './resume.js';
import { asSpecError, mergedSpec, readSpec } from './spec.js';
import { TaskCatalogError, type TaskCatalog } from './task-catalog.js';
import type {
  AddJobOptions, AddJobResult, Job, JobApi, JobChanges, JobFilter, JobInput, ModifyJobOptions, ResumeJobOptions, Run,
  TriggerArgValue,
} from './types.js';
import type { TriggerType } from '../triggers/types.js';
import { MAX_UPCOMING, upcomingTimes } from './upcoming.js';
import { toJobView, toRunView } from './views.js';

/** What a committed write changed: the embedding scheduler wakes its loop and emits it as an event. */
export type JobChange = { type: 'jobAdded' | 'jobModified' | 'jobRemoved'; job: Job } | { type: 'runQueued'; run: Run };

export interface JobsServiceOptions {
  store: JobStore;
  clock: Clock;
  settings: TaskSettings;
  tasks: TaskCatalog;
  /** Recorded as the origin of the jobs it writes: 'library', 'cli', or a token's name. */
  origin: string;
  /** Called after each committed write that changed something; what it throws is reported, never passed on. */
  onChange?: (change: JobChange) => void;
}

// A row whose version moved between the read an edit prepared from and its write is read again;
// more than this many times in a row means something rewrites it without pause.
const MAX_REREADS = 10;
// getJobs reads the store's job list this many at a time.
const JOBS_PAGE = 1000;

export class JobsService implements JobApi {
  constructor(private readonly options: JobsServiceOptions) {}

  async addJob(input: JobInput, { onConflict = 'error' }: AddJobOptions = {}): Promise<AddJobResult> {
    const now = this.options.clock.now();
    const read = readSpec(input, this.options.settings, now);
    const policy = asSpecError(() => new ConfigNode(`job ${read.spec.id}`, 'onConflict', onConflict).oneOf(ON_CONFLICT));
    await this.checkTask(read.spec);
    const { record, change } = await this.options.store.writeJob(read.spec.id, addWriter(read, policy, this.options.origin, now));
    const job = toJobView(record);
    // APScheduler emits "added" for a replace too: the job was written anew.
    if (change !== 'unchanged') this.notify({ type: change === 'updated' ? 'jobModified' : 'jobAdded', job });
    return { job, change };
  }

  async modifyJob(id: string, changes: JobChanges, { ifVersion }: ModifyJobOptions = {}): Promise<Job> {
    const now = this.options.clock.now();
    const expected = ifVersion === undefined ? undefined : asSpecError(() => new ConfigNode(`job ${id}`, 'ifVersion', ifVersion).number({ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true }));
    return this.edit(id, 'modify', {
      prepare: async (stored) => {
        checkApiOwned(stored, 'change');
        if (expected !== undefined && stored.version !== expected) throw new VersionConflictError(id, expected, stored.version);
        const { spec } = readSpec(mergedSpec(stored, changes), this.options.settings, now, { for: 'modify' });
        if (spec.task !== stored.task || spec.executor !== stored.executor) await this.checkTask(spec);
        return spec;
      },
      decide: (stored, spec) => modifyEdit(spec, stored, this.options.origin, now),
    });
  }

  async rescheduleJob(id: string, trigger: TriggerType, args: Readonly<Record<string, TriggerArgValue>> = {}): Promise<Job> {
    const now = this.options.clock.now();
    return this.edit(id, 'reschedule', {
      decide: (stored) => {
        checkApiOwned(stored, 'change');
        const { spec } = readSpec(mergedSpec(stored, { trigger, args }), this.options.settings, now, { for: 'modify' });
        return rescheduleEdit(spec, stored, this.options.origin, now);
      },
    });
  }

  async pauseJob(id: string): Promise<Job> {
    return this.edit(id, 'pause', {
      decide: (stored) => {
        checkReadable(stored, 'pause');
        return pauseEdit(stored);
      },
    });
  }

  async resumeJob(id: string, { from = 'now' }: ResumeJobOptions = {}): Promise<Job> {
    const now = this.options.clock.now();
    const start = asSpecError(() => new ConfigNode(`job ${id}`, 'from', from).oneOf(['now', 'last'] as const));
    return this.edit(id, 'resume', {
      // The time needs the runs table (a fire time already recorded is skipped): read before the write.
      prepare: async (stored) => {
        checkReadable(stored, 'resume');
        return stored.paused ? resumeTime(this.options.store, stored, start, now) : null;
      },
      decide: (stored, nextRunTime) => resumeEdit(stored, nextRunTime),
    });
  }

  async removeJob(id: string): Promise<Job> {
    return this.edit(id, 'remove', {
      decide: (stored) => {
        checkApiOwned(stored, 'remove');
        return { kind: 'remove' };
      },
    });
  }

  async runJob(id: string): Promise<Run> {
    const now = this.options.clock.now();
    const record = await this.options.store.runNow(jobId(id), now);
    if (record === null) throw new JobNotFoundError(id);
    return this.queued('run', record, now);
  }

  async retryRun(runId: number): Promise<Run> {
    if (!Number.isSafeInteger(runId) || runId < 1) throw new RunNotFoundError(runId);
    const now = this.options.clock.now();
    return this.queued('retry', await this.options.store.retryRun(runId, now), now);
  }

  async getJob(id: string): Promise<Job | null> {
    if (typeof id !== 'string') return null;
    const record = await this.options.store.getJob(id);
    return record === null ? null : toJobView(record);
  }

  async getJobs(filter: JobFilter = {}): Promise<Job[]> {
    const query = readFilter(filter);
    const jobs: Job[] = [];
    // The store's pages, in its order (next run, paused and finished last), to the end.
    for (let after: JobCursor | undefined; ; ) {
      const page = (await this.options.store.findJobs({ ...query, after, limit: JOBS_PAGE })).map(toJobView);
      jobs.push(...page);
      const last = page[page.length - 1];
      if (page.length < JOBS_PAGE || last === undefined) return jobs;
      after = { id: last.id, nextRunTime: last.next_run_time };
    }
  }

  async upcoming(id: string, count = 5): Promise<Date[]> {
    const n = asSpecError(() => new ConfigNode(`job ${id}`, 'count', count).number({ min: 1, max: MAX_UPCOMING, integer: true }));
    const record = await this.options.store.getJob(jobId(id));
    if (record === null) throw new JobNotFoundError(id);
    return upcomingTimes(record, n, this.options.clock.now());
  }

  /**
   * One edit of a stored job. `decide` runs on the locked row. `prepare`, when given, does what a
   * pure writer cannot (a task import, a query) from a read before the transaction; should the
   * row's version move meanwhile, the edit starts again from a new read.
   */
  private async edit<P = undefined>(id: string, action: AuditAction, steps: { prepare?: (stored: JobRecord) => Promise<P>; decide: (stored: JobRecord, prepared: P) => Edit }): Promise<Job> {
    const now = this.options.clock.now();
    for (let reads = 0; reads < MAX_REREADS; reads += 1) {
      const read = steps.prepare ? await this.options.store.getJob(jobId(id)) : null;
      if (steps.prepare && read === null) throw new JobNotFoundError(id);
      const prepared = steps.prepare && read ? await steps.prepare(read) : (undefined as P);
      const edited = await this.options.store.writeJob(jobId(id), editWriter(id, { action, actor: this.options.origin, at: now }, read, (stored) => steps.decide(stored, prepared)));
      if (edited === null) continue;
      const job = toJobView(edited.record);
      if (edited.kind !== 'unchanged') this.notify({ type: edited.kind === 'remove' ? 'jobRemoved' : 'jobModified', job });
      return job;
    }
    throw new Error(`job "${id}" changed ${MAX_REREADS} times while this call read it; try again`);
  }

  // The run is committed: an audit entry that cannot be written is reported, not thrown (the
  // caller would queue the run again).
  private async queued(action: 'run' | 'retry', record: RunRecord, now: Date): Promise<Run> {
    await this.options.store.appendAudit(runAudit(action, this.options.origin, now, record)).catch((error: unknown) => warn(`job API: the audit entry of ${action} ${record.jobId} (run ${record.id}) was not written`, error));
    const run = toRunView(record);
    this.notify({ type: 'runQueued', run });
    return run;
  }

  private async checkTask(spec: { id: string; task: string; executor: JobRecord['executor'] }): Promise<void> {
    try {
      await this.options.tasks.check(spec.task, spec.executor);
    } catch (error) {
      if (error instanceof TaskCatalogError) throw new JobSpecError(`job ${spec.id}`, error.key, error.reason);
      throw error;
    }
  }

  private notify(change: JobChange): void {
    const { onChange } = this.options;
    if (!onChange) return;
    // The write is committed: a failing listener must not make the caller think it was not.
    const report = (error: unknown): void => warn(`job API onChange listener failed on ${change.type}`, error);
    try {
      const returned: unknown = onChange(change);
      if (returned instanceof Promise) returned.catch(report);
    } catch (error) {
      report(error);
    }
  }
}

function warn(what: string, error: unknown): void {
  process.emitWarning(`${what}: ${error instanceof Error ? error.message : String(error)}`);
}

// Ids come from JavaScript and JSON callers too: anything but a string names no job.
function jobId(id: unknown): string {
  if (typeof id !== 'string') throw new JobNotFoundError(String(id));
  return id;
}

function readFilter(filter: JobFilter): JobFilter {
  return asSpecError(() => {
    const keys = new ConfigNode('getJobs', '', filter).object(['source', 'task', 'state']);
    const pick = <T>(key: string, read: (n: ConfigNode) => T): T | undefined => {
      const node = keys.get(key);
      return node === undefined || node.isAbsent ? undefined : read(node);
    };
    return {
      source: pick('source', (n) => n.oneOf(JOB_SOURCES)),
      task: pick('task', (n) => n.string()),
      state: pick('state', (n) => n.oneOf(JOB_STATES)),
    };
  });
}
