// The typed shape of createScheduler's and createClient's `config` option: env.yaml's keys and
// config/<env>.yaml's `tasks`, with the files' own (snake_case) names. It only helps the editor:
// the object is checked by the code that reads the files (config/options.ts), so a key this type
// lacks is refused at run time as in a file. Keep it in step with config/settings.ts.
import type { ApiRole } from '../config/types.js';
import type { JobInput } from '../jobs/types.js';

/** A configured job: a task entry of config/<env>.yaml (see the README's task keys). */
export type ConfiguredJob = Omit<JobInput, 'id' | 'paused'> & {
  /** `false` leaves the job out, as if it were not written (default true). */
  enabled?: boolean;
};

/**
 * The configuration as one object: what env.yaml says, plus the jobs config/<env>.yaml's `tasks`
 * would hold. Absent keys take the same defaults as in the files (README "Configuration").
 *
 * @example
 * ```ts
 * const config: SchedulerConfig = {
 *   scheduler: { timezone: 'Europe/Paris', jobstore: { url: process.env.JOBSTORE_URL } },
 *   tasks: { report: { trigger: 'cron', args: { hour: 9 } } },
 * };
 * ```
 */
export interface SchedulerConfig {
  /** env.yaml's `scheduler:` keys, with their names and meanings (README, "env.yaml — global settings"). */
  scheduler?: {
    timezone?: string;
    /** `url`: mysql://…, sqlite:path (relative to `root`) or memory:; default sqlite:data/scheduler.db. */
    jobstore?: { url?: string | null };
    executors?: { default_threads?: number; process_pool?: number };
    job_defaults?: { coalesce?: boolean; max_instances?: number; misfire_grace_time?: number | null };
    shutdown_timeout?: number;
    poll_interval?: number;
    batch_size?: number;
    heartbeat_interval?: number;
    lease_timeout?: number;
    clock_skew_warning?: number;
  };
  /** For the default logger (a `logger` option replaces it); `file` is relative to `root`. */
  logging?: { level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; file?: string | null };
  /** /healthz, /metrics and the HTTP API, when `port` is set. */
  http?: {
    port?: number | null;
    host?: string;
    api?: {
      enabled?: boolean;
      tokens?: ReadonlyArray<{ name: string; token: string; role: ApiRole }>;
      allowed_hosts?: readonly string[];
    };
  };
  runs?: { retention_days?: number };
  /** Jobs managed by the start-up sync (source `config`), by id, as config/<env>.yaml writes them. */
  tasks?: Readonly<Record<string, ConfiguredJob>>;
}
