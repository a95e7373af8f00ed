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
  /** `host`: the address /healthz, /metrics and the API listen on (default 127.0.0.1: this machine only). */
  http: { port: number | null; host: string; api: ApiSettings };
  runs: { retentionDays: number };
}

export const API_ROLES = ['admin', 'read'] as const;
/** `admin` may change jobs; `read` may only look. */
export type ApiRole = (typeof API_ROLES)[number];

/** A bearer token for the HTTP API. `token` is not enumerable: a logged Settings object never shows it. */
export interface ApiToken {
  /** Who: recorded in the audit log and as the origin of the jobs it writes. */
  readonly name: string;
  readonly token: string;
  readonly role: ApiRole;
}

/** `http.api` in env.yaml: the JSON API under /api/v1 (and the dashboard at /ui). */
export interface ApiSettings {
  /** Default false: no /api, no /ui. */
  enabled: boolean;
  tokens: readonly ApiToken[];
  /** Entries left out because their token is empty (an unset `${VAR:-}`), by name, to say so at start. */
  emptyTokens: readonly string[];
  /** Extra Host names accepted besides this machine's loopback names (DNS rebinding guard). */
  allowedHosts: readonly string[];
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
