// Validated, typed configuration: what the rest of the program sees. Nothing past the config
// loader handles raw YAML.
import type { ExecutorName } from '../executors/types.js';
import type { LoggingSettings } from '../log/index.js';
import type { TriggerArgs, TriggerType } from '../triggers/types.js';

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
  /** mysql://… or null for the in-memory store. */
  jobstoreUrl: string | null;
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
  http: { port: number | null };
  runs: { retentionDays: number };
}

export interface TaskDef {
  /** The key under `tasks:`; the job id in the store. */
  id: string;
  /** Module name under tasks/. */
  task: string;
  trigger: TriggerType;
  args: TriggerArgs;
  timezone: string;
  params: Readonly<Record<string, unknown>>;
  executor: ExecutorName;
  coalesce: boolean;
  maxInstances: number;
  misfireGraceTime: number | null;
  maxAttempts: number;
  /** Seconds. */
  retryDelay: number;
  /** Seconds; null = no limit. */
  timeout: number | null;
}

export interface Config {
  settings: Settings;
  tasks: TaskDef[];
  /** Files read, relative to root, for messages. */
  files: { env: string; tasks: string };
}
