// The memory store's side of the API's reads (findJobs, findRuns, the audit log, idempotency
// keys): the executable specification of what src/store/sql/ does in SQL, over plain arrays.
import type {
  AuditEntry, AuditQuery, AuditRecord, IdempotencyHold, IdempotencyKey, JobQuery, JobRecord, JobState, RunCursor, RunQuery, RunRecord,
} from './types.js';

/** The next run time the job list shows: none while paused. */
function shownNext(job: JobRecord): number | null {
  return job.paused || job.nextRunTime === null ? null : job.nextRunTime.getTime();
}

function stateOf(job: JobRecord): JobState {
  if (job.broken !== undefined) return 'broken';
  if (job.paused) return 'paused';
  return job.nextRunTime === null ? 'finished' : 'scheduled';
}

/** JobCursor's order: by shown next run time, none last, then id. */
function compareJobs(a: { next: number | null; id: string }, b: { next: number | null; id: string }): number {
  if (a.next !== b.next) {
    if (a.next === null) return 1;
    if (b.next === null) return -1;
    return a.next - b.next;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function pageOfJobs(jobs: Iterable<JobRecord>, query: JobQuery): JobRecord[] {
  const text = query.text?.toLowerCase();
  const after = query.after && { next: query.after.nextRunTime?.getTime() ?? null, id: query.after.id };
  return [...jobs]
    .filter((job) => query.state === undefined || stateOf(job) === query.state)
    .filter((job) => (query.task === undefined || job.task === query.task) && (query.source === undefined || job.source === query.source))
    .filter((job) => !text || [job.id, job.task, JSON.stringify(job.params)].some((s) => s.toLowerCase().includes(text)))
    .filter((job) => query.dueBefore === undefined || (shownNext(job) ?? Infinity) < query.dueBefore.getTime())
    .map((job) => ({ job, key: { next: shownNext(job), id: job.id } }))
    .filter(({ key }) => !after || compareJobs(key, after) > 0)
    .sort((a, b) => compareJobs(a.key, b.key))
    .slice(0, query.limit)
    .map(({ job }) => job);
}

/** RunCursor's order: latest fire time first, then the last attempt first, then the highest id. */
function compareRuns(a: RunCursor, b: RunCursor): number {
  return b.scheduledAt.getTime() - a.scheduledAt.getTime() || b.attempt - a.attempt || b.id - a.id;
}

export function pageOfRuns(runs: Iterable<RunRecord>, query: RunQuery): RunRecord[] {
  const { after } = query;
  return [...runs]
    .filter((r) => (query.jobId === undefined || r.jobId === query.jobId) && (query.status === undefined || r.status === query.status))
    .filter((r) => (query.since === undefined || r.scheduledAt >= query.since) && (query.until === undefined || r.scheduledAt < query.until))
    .filter((r) => after === undefined || compareRuns(r, after) > 0)
    .sort(compareRuns)
    .slice(0, query.limit);
}

export class MemoryAudit {
  private readonly entries: AuditRecord[] = [];

  append(entry: AuditEntry): void {
    // Through JSON, as the SQL stores keep it: dates in before/after come back as ISO text.
    const json = (value: unknown): unknown => (value === null || value === undefined ? null : JSON.parse(JSON.stringify(value)));
    this.entries.push({ ...entry, id: this.entries.length + 1, before: json(entry.before), after: json(entry.after) });
  }

  list(query: AuditQuery): AuditRecord[] {
    return this.entries
      .filter((e) => (query.jobId === undefined || e.jobId === query.jobId) && (query.beforeId === undefined || e.id < query.beforeId))
      .reverse()
      .slice(0, query.limit)
      .map((e) => ({ ...e }));
  }
}

export class MemoryIdempotencyKeys {
  private readonly holds = new Map<string, IdempotencyHold>();

  take(key: IdempotencyKey, jobId: string, now: Date, expiredBefore: Date): IdempotencyHold | null {
    const name = JSON.stringify([key.actor, key.key]);
    const held = this.holds.get(name);
    if (held && held.createdAt >= expiredBefore) return { ...held };
    this.holds.set(name, { jobId, runId: null, createdAt: now });
    return null;
  }

  deleteBefore(before: Date): number {
    const expired = [...this.holds].filter(([, hold]) => hold.createdAt < before);
    for (const [name] of expired) this.holds.delete(name);
    return expired.length;
  }

  settle(key: IdempotencyKey, runId: number | null): void {
    const name = JSON.stringify([key.actor, key.key]);
    const held = this.holds.get(name);
    if (runId === null) this.holds.delete(name);
    else if (held) held.runId = runId;
  }
}
