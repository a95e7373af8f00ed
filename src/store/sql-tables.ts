// Kysely's view of the tables both SQL stores keep: migrations/ (MySQL) and migrations/sqlite/
// create the same tables and columns, and only how an instant is held differs (a Date from
// mysql2, ISO-8601 text on SQLite), so each dialect's schema.ts names its `Time` here.
import type { Generated } from 'kysely';

export interface JobsTableOf<Time> {
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
  next_run_time: Time | null;
  paused: number;
  defined_at: Time;
  /** Migration 0003: why the definition cannot be used; NULL = fine. */
  broken: string | null;
  /** Migration 0005: 'config' (the start-up sync manages the row) or 'api'. */
  source: string;
  /** Migration 0005: the config file, or who wrote the row through the job API. */
  origin: string;
  /** Migration 0005: grows with every change. */
  version: number;
  created_at: Time;
  updated_at: Time;
}

export interface RunsTableOf<Time> {
  id: Generated<number>;
  job_id: string;
  scheduled_at: Time;
  attempt: number;
  status: string;
  due_at: Time;
  created_at: Time;
  started_at: Time | null;
  finished_at: Time | null;
  duration_ms: number | null;
  error: string | null;
  instance_id: string | null;
  lease_until: Time | null;
}

export interface InstancesTableOf<Time> {
  id: string;
  host: string;
  pid: number;
  started_at: Time;
  heartbeat_at: Time;
  /** Migration 0007: process clock minus database clock at the last measure, ms; NULL = not yet. */
  clock_skew_ms: number | null;
}

/** Migration 0006: every change made through the job API. */
export interface AuditTableOf<Time> {
  id: Generated<number>;
  at: Time;
  actor: string;
  action: string;
  job_id: string;
  run_id: number | null;
  /** JSON text; NULL for none. */
  before_state: string | null;
  after_state: string | null;
}

/** Migration 0006: one run per Idempotency-Key of a caller. */
export interface IdempotencyKeysTableOf<Time> {
  actor: string;
  idem_key: string;
  job_id: string;
  run_id: number | null;
  created_at: Time;
}

export interface DatabaseOf<Time> {
  jobs: JobsTableOf<Time>;
  runs: RunsTableOf<Time>;
  instances: InstancesTableOf<Time>;
  audit: AuditTableOf<Time>;
  idempotency_keys: IdempotencyKeysTableOf<Time>;
}
