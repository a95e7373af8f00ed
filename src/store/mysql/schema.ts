// Kysely's view of the tables created by migrations/. Column types as mysql2 returns them
// (DATETIME → Date in UTC because the pool uses timezone 'Z'; TINYINT(1) → number).
import type { ColumnType, Generated } from 'kysely';

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
  next_run_time: Date | null;
  paused: number;
  defined_at: Date;
  /** Migration 0003: why the definition cannot be used; NULL = fine. */
  broken: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface RunsTable {
  // BIGINT comes back as a number (supportBigNumbers without bigNumberStrings, ids < 2^53).
  id: Generated<number>;
  job_id: string;
  scheduled_at: Date;
  attempt: number;
  status: string;
  due_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: ColumnType<number | null, number | null, number | null>;
  error: string | null;
  instance_id: string | null;
  lease_until: Date | null;
}

export interface InstancesTable {
  id: string;
  host: string;
  pid: number;
  started_at: Date;
  heartbeat_at: Date;
}

export interface Database {
  jobs: JobsTable;
  runs: RunsTable;
  instances: InstancesTable;
}
