// Store records → the job API's views (src/jobs/types.ts): the YAML's snake_case names, plain
// readonly data, nothing a caller could change the store through.
import type { RunRecord } from '../store/types.js';
import type { Run } from './types.js';

export function toRunView(run: RunRecord): Run {
  return {
    id: run.id,
    job_id: run.jobId,
    scheduled_at: run.scheduledAt,
    attempt: run.attempt,
    status: run.status,
    due_at: run.dueAt,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_ms: run.durationMs,
    error: run.error,
    instance_id: run.instanceId,
  };
}
