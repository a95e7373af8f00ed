// Kysely's view of the tables created by migrations/sqlite/: the MySQL tables and columns, with
// SQLite's types as better-sqlite3 returns them. Times are ISO-8601 UTC text of fixed width
// ('2025-03-01T12:00:00.000Z', as Date.toISOString() writes it), so text order is time order and
// the sqlite3 shell shows them as they are; booleans are 0/1; JSON columns are text.
import type { Generated } from 'kysely';

/** An instant as stored: `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export type IsoTime = string;

export interface JobsTable {
  id: string;
  task: string;
  trigger_type: string;
  trigger_args: string;
  timezone: string;
  params: string;
  executor: string;
  coalesce: number;
  max_instances: number;
  misfire_grace_time: number | null;
  max_attempts: number;
  retry_delay: number;
  retry_backoff: string;
  retry_delay_max: number | null;
  retry_jitter: number;
  timeout: number | null;
  next_run_time: IsoTime | null;
  paused: number;
  defined_at: IsoTime;
  /** Migration 0003: why the definition cannot be used; NULL = fine. */
  broken: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface RunsTable {
  id: Generated<number>;
  job_id: string;
  scheduled_at: IsoTime;
  attempt: number;
  status: string;
  due_at: IsoTime;
  created_at: IsoTime;
  started_at: IsoTime | null;
  finished_at: IsoTime | null;
  duration_ms: number | null;
  error: string | null;
  instance_id: string | null;
  lease_until: IsoTime | null;
}

export interface InstancesTable {
  id: string;
  host: string;
  pid: number;
  started_at: IsoTime;
  heartbeat_at: IsoTime;
}

export interface Database {
  jobs: JobsTable;
  runs: RunsTable;
  instances: InstancesTable;
}
