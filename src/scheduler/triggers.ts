// The bridge between stored jobs and the pure trigger module.
import { createTrigger, type Trigger } from '../triggers/index.js';
import type { JobRecord, JobSpec } from '../store/types.js';

export function triggerOf(job: Pick<JobSpec, 'triggerType' | 'triggerArgs' | 'timezone'>, definedAt: Date): Trigger {
  return createTrigger(job.triggerType, job.triggerArgs, { defaultTimezone: job.timezone, anchor: definedAt });
}

export function jobTrigger(job: JobRecord): Trigger {
  return triggerOf(job, job.definedAt);
}
