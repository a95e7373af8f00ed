// What every command gets: the loaded configuration, an output sink and a way to the store (or
// to the job API over it).
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config/index.js';
import { JobNotFoundError } from '../jobs/errors.js';
import { JobsService } from '../jobs/service.js';
import { taskCatalog } from '../jobs/task-catalog.js';
import type { JobApi } from '../jobs/types.js';
import { openConfiguredStore, type JobStore } from '../store/index.js';
import { UsageError } from './args.js';
import { isJobApiError } from './job-errors.js';

export interface CliContext {
  env: NodeJS.ProcessEnv;
  root: string;
  out: (text: string) => void;
  tty: boolean;
}

export function config(ctx: CliContext): Config {
  return loadConfig({ root: ctx.root, env: ctx.env });
}

/**
 * Opens the configured store (a SQLite file or MySQL, shared with a running service); the CLI
 * has nothing to say about a per-process memory store.
 */
export async function withStore<T>(ctx: CliContext, command: string, use: (store: JobStore, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = config(ctx);
  if (cfg.settings.jobstoreUrl === 'memory:') {
    throw new UsageError(`${command}: the jobstore URL is memory: (JOBSTORE_URL or scheduler.jobstore.url); the in-memory store lives only inside a running service`);
  }
  const store = openConfiguredStore(cfg.settings, { poolSize: 2 });
  try {
    return await use(store, cfg);
  } finally {
    await store.close();
  }
}

/**
 * The job API over the configured store, as the library's client has it: writes validated as YAML
 * tasks are, against the project's tasks/ directory, recorded as made by `cli`. The store is
 * handed on for what the API does not cover (a job's run history). A refusal is reported after
 * the command that was refused (`modify: job "report" is defined in …`); a bad spec names the job
 * and key as the YAML's errors name the file and key.
 */
export async function withJobs<T>(ctx: CliContext, command: string, use: (jobs: JobApi, store: JobStore) => Promise<T>): Promise<T> {
  try {
    return await withStore(ctx, command, (store, cfg) => {
      const tasks = taskCatalog(join(cfg.settings.root, 'tasks'));
      return use(new JobsService({ store, clock: systemClock, settings: cfg.settings, tasks, origin: 'cli' }), store);
    });
  } catch (error) {
    if (!isJobApiError(error)) throw error;
    const hint = error instanceof JobNotFoundError ? ' (see: scheduler jobs)' : '';
    throw new UsageError(`${command}: ${error.message}${hint}`, { cause: error });
  }
}
