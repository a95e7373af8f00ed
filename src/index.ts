// `mysql-scheduler`: the package's public surface, and nothing else. An application embeds a
// scheduler (createScheduler) or administers a store's jobs (createClient); both speak the job API.
// Task authors import their types from `mysql-scheduler/task`.

/**
 * mysql-scheduler: a persistent job scheduler with APScheduler's model, on MySQL, SQLite or memory.
 *
 * - {@link createScheduler}: run the scheduler inside your application (start, stop, the job API, events).
 * - {@link createClient}: the job API over a store, without running anything.
 *
 * @packageDocumentation
 */

export { createScheduler } from './library/scheduler.js';
export type { EmbeddedScheduler, SchedulerState, StopReport } from './library/scheduler.js';
export { createClient } from './library/client.js';
export type { SchedulerClient } from './library/client.js';
export type { ClientOptions, SchedulerOptions } from './library/options.js';
export type { ConfiguredJob, SchedulerConfig } from './library/config-shape.js';

export type {
  AddJobOptions,
  AddJobResult,
  Job,
  JobApi,
  JobChanges,
  JobFilter,
  JobInput,
  JobSource,
  ModifyJobOptions,
  OnConflict,
  ResumeJobOptions,
  Run,
  TriggerArgValue,
} from './jobs/types.js';
export type { RunStatus, RetryBackoff } from './store/types.js';
export type { TriggerType } from './triggers/types.js';
export type { ExecutorName } from './executors/types.js';

export type { SchedulerEventListener, SchedulerEventMap, SchedulerEventName } from './scheduler/public-events.js';

export { ConfigError } from './config/errors.js';
export { JobConflictError, JobNotFoundError, JobSpecError, RunNotFoundError, RunNotRetryableError, VersionConflictError } from './jobs/errors.js';
export { SchedulerStateError } from './library/errors.js';
export { StoreUnavailableError } from './store/types.js';
