// createScheduler's and createClient's options → the same Config the service reads from its
// files, the tasks' source and a logger. The options object is checked like a file (JavaScript
// callers have no compiler to do it): a mistake is one line naming the option,
// `options: tasks.report: expected a function, or an object with a function "run"`.
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config/index.js';
import { configFromObject } from '../config/options.js';
import { ConfigNode } from '../config/reader.js';
import { checkJobstoreUrl } from '../config/url.js';
import { createLogger } from '../log/index.js';
import type { TaskMap } from '../task.js';
import { checkTaskMap, tasksDirIn, type TaskSource } from '../tasks/source.js';
import type { SchedulerConfig } from './config-shape.js';

/** The "file" errors about the options object name. */
const OPTIONS = 'options';

/** Options of {@link createScheduler}. Every one is optional: `createScheduler()` runs the project in the working directory, as `scheduler start` would. */
export interface SchedulerOptions {
  /** The project folder: env.yaml, config/<APP_ENV>.yaml and tasks/ (default: the working directory). Relative paths in the settings are read against it. */
  root?: string;
  /** The environment env.yaml's `${VARS}`, APP_ENV, JOBSTORE_URL and LOG_LEVEL are read from (default: process.env). Not read when `config` is given. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The configuration as an object, instead of env.yaml and config/<APP_ENV>.yaml: checked by the same code, with the same errors (`options.config: …`). */
  config?: SchedulerConfig;
  /** A tasks folder (relative to `root`; default `<root>/tasks`), or the tasks as functions by name (they run on the in-process executor). */
  tasks?: string | TaskMap;
  /** A pino logger for the scheduler's lines (default: pino to stderr at `logging.level`, plus `logging.file`). */
  logger?: Logger;
}

/** Options of {@link createClient}: a store URL alone, or a project to read it from (as the CLI does). */
export interface ClientOptions {
  /** The store, `mysql://…` or `sqlite:path`; alone, no file is read and the defaults apply (timezone UTC). */
  url?: string;
  /** As for {@link SchedulerOptions.root}; read when `url` is not given alone. */
  root?: string;
  /** As for {@link SchedulerOptions.env}. */
  env?: Readonly<Record<string, string | undefined>>;
  /** As for {@link SchedulerOptions.config}: its timezone and job_defaults apply to the jobs this client adds. */
  config?: SchedulerConfig;
  /**
   * The tasks a job may name: a tasks folder (default `<root>/tasks`), a map as the scheduler's,
   * or just their names (for an application that administers jobs but runs none).
   */
  tasks?: string | TaskMap | readonly string[];
}

export interface SchedulerSetup {
  config: Config;
  tasks: TaskSource;
  logger: Logger;
}

export function readSchedulerOptions(options: SchedulerOptions): SchedulerSetup {
  const keys = new ConfigNode(OPTIONS, '', options).object(['root', 'env', 'config', 'tasks', 'logger']);
  const root = rootOf(keys);
  const config = options.config === undefined ? loadConfig({ root, env: envOf(keys) }) : configFromObject(options.config, { root, now: new Date() });
  return {
    config,
    tasks: schedulerTasks(keys.get('tasks'), root),
    logger: options.logger === undefined ? createLogger(config.settings.logging, 'stderr') : checkLogger(keys.get('logger')!),
  };
}

export interface ClientSetup {
  config: Config;
  tasks: TaskSource | { names: readonly string[] };
}

export function readClientOptions(options: ClientOptions): ClientSetup {
  const keys = new ConfigNode(OPTIONS, '', options).object(['url', 'root', 'env', 'config', 'tasks']);
  const root = rootOf(keys);
  const urlAlone = options.url !== undefined && options.root === undefined && options.env === undefined;
  const config =
    options.config !== undefined || urlAlone
      ? configFromObject(options.config ?? {}, { root, now: new Date() })
      : loadConfig({ root, env: envOf(keys) });
  const url = keys.get('url');
  const tasks = keys.get('tasks');
  const names = Array.isArray(tasks?.value) ? { names: tasks.items().map((item) => item.string()) } : null;
  return { config: url && !url.isAbsent ? withUrl(config, url) : config, tasks: names ?? schedulerTasks(tasks, root) };
}

// `url` replaces the jobstore URL the configuration gave, and errors about it name the option.
function withUrl(config: Config, url: ConfigNode): Config {
  const jobstoreUrl = checkJobstoreUrl(url.string(), url);
  return { ...config, settings: { ...config.settings, jobstoreUrl, jobstoreUrlKey: { file: OPTIONS, path: 'url' } } };
}

function rootOf(keys: Map<string, ConfigNode>): string {
  const root = keys.get('root');
  return resolve(root && !root.isAbsent ? root.string() : process.cwd());
}

function envOf(keys: Map<string, ConfigNode>): NodeJS.ProcessEnv {
  const env = keys.get('env');
  if (!env || env.isAbsent) return process.env;
  for (const value of env.entries().values()) if (value.value !== undefined) value.string();
  return env.value as NodeJS.ProcessEnv;
}

function schedulerTasks(n: ConfigNode | undefined, root: string): TaskSource {
  if (!n || n.isAbsent) return { dir: tasksDirIn(root) };
  if (typeof n.value === 'string') return { dir: resolve(root, n.value) };
  if (Array.isArray(n.value)) n.fail('a list of names is for createClient, which runs no task: give a tasks folder or a map of functions');
  return { map: checkTaskMap(n.value, OPTIONS) };
}

function checkLogger(n: ConfigNode): Logger {
  const logger = n.value as Partial<Logger> | null;
  if (typeof logger?.child !== 'function' || typeof logger.info !== 'function') n.fail('expected a pino logger');
  return logger as Logger;
}
