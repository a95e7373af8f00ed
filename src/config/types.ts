// Validated, typed configuration: what the rest of the program sees. Nothing past the config
// loader handles raw YAML.
import type { LoggingSettings } from '../log/index.js';
import type { JobSpec } from '../store/types.js';

export interface JobDefaults {
  coalesce: boolean;
  maxInstances: number;
  /** Seconds; null = no limit. */
  misfireGraceTime: number | null;
}

export interface Settings {
  /** Directory holding env.yaml, config/ and tasks/. */
  root: string;
  appEnv: string;
  timezone: string;
  /** mysql://…, sqlite:… or memory: (default sqlite:data/scheduler.db). */
  jobstoreUrl: string;
  /** Where the URL came from (env.yaml's key or the JOBSTORE_URL variable), to name it in errors. */
  jobstoreUrlKey: { file: string; path: string };
  executors: { defaultThreads: number; processPool: number };
  jobDefaults: JobDefaults;
  /** Seconds to wait for running tasks on SIGINT/SIGTERM. */
  shutdownTimeout: number;
  /** Seconds between store polls (changes by other instances or the CLI are seen within this). */
  pollInterval: number;
  /** Due jobs claimed per transaction. */
  batchSize: number;
  /** Seconds between instance heartbeats / lease renewals. */
  heartbeatInterval: number;
  /** Seconds after which a running run whose lease was not renewed is abandoned. */
  leaseTimeout: number;
  /** Warn when the process clock and the database clock differ by more than this many seconds. */
  clockSkewWarning: number;
  logging: LoggingSettings;
  /** `host`: the address /healthz and /metrics listen on (default 127.0.0.1: this machine only). */
  http: { port: number | null; host: string };
  runs: { retentionDays: number };
}

/** A configured task: exactly the job definition stored in `jobs` (see JobSpec). */
export type TaskDef = JobSpec;

/** Valid but probably not meant (a cron that can never fire): one log line at start. */
export interface ConfigWarning {
  jobId: string;
  /** `<file>: <key.path>: <what>`, like a ConfigError. */
  message: string;
}

export interface Config {
  settings: Settings;
  tasks: TaskDef[];
  warnings: ConfigWarning[];
  /** Files read, relative to root, for messages. */
  files: { env: string; tasks: string };
}
