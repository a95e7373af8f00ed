// What every command gets: the loaded configuration, an output sink and a way to the store.
import { loadConfig, type Config } from '../config/index.js';
import { openConfiguredStore, type JobStore } from '../store/index.js';
import { UsageError } from './args.js';

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
