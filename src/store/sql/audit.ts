// The audit table on both SQL stores: insertAudit inside a job write's transaction (write-job.ts)
// or on its own (a run, a retry); listAudit newest first, by job through audit_job (job_id, id).
import { sql, type QueryExecutorProvider } from 'kysely';
import type { AuditTableOf } from '../sql-tables.js';
import type { AuditEntry, AuditQuery, AuditRecord, AuditAction } from '../types.js';
import type { TimeCodec } from '../sql-rows.js';
import type { SqlDialect } from './dialect.js';
import { where, type Condition } from './where.js';

export async function insertAudit<Time>(db: QueryExecutorProvider, time: TimeCodec<Time>, entry: AuditEntry): Promise<void> {
  await sql`
    INSERT INTO audit (at, actor, action, job_id, run_id, before_state, after_state)
    VALUES (${time.write(entry.at)}, ${entry.actor}, ${entry.action}, ${entry.jobId}, ${entry.runId}, ${json(entry.before)}, ${json(entry.after)})`.execute(db);
}

export async function listAudit<Time>(d: SqlDialect<Time>, query: AuditQuery): Promise<AuditRecord[]> {
  const conditions: Condition[] = [];
  if (query.jobId !== undefined) conditions.push(sql`job_id = ${query.jobId}`);
  if (query.beforeId !== undefined) conditions.push(sql`id < ${query.beforeId}`);
  const { rows } = await sql<Omit<AuditTableOf<Time>, 'id'> & { id: number }>`
    SELECT * FROM audit ${where(conditions)} ORDER BY id DESC LIMIT ${query.limit}`.execute(d.db);
  return rows.map((row) => ({
    id: Number(row.id),
    at: d.time.read(row.at),
    actor: row.actor,
    action: row.action as AuditAction,
    jobId: row.job_id,
    runId: row.run_id === null ? null : Number(row.run_id),
    before: parse(row.before_state),
    after: parse(row.after_state),
  }));
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

// Text the service wrote; one edited by hand into something else is shown as it is.
function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
