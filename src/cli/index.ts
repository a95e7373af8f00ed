// The `scheduler` command: picks the subcommand, turns every user error into one line on stderr
// and exit code 1.
import { ConfigError } from '../config/errors.js';
import { StoreLockError, StoreUnavailableError } from '../store/types.js';
import { TaskLoadError } from '../tasks/loader.js';
import { UsageError } from './args.js';
import type { CliContext } from './context.js';
import { isJobApiError } from './job-errors.js';

export type { CliContext } from './context.js';

const USAGE = `usage: scheduler <command>
  start                                   run the scheduler (default)
  migrate                                 apply schema migrations
  jobs [--state S] [--source config|api] [--task T] [--json]   list stored jobs
  job ID [--json]                         one job: definition, source, version, next 5 fire times, last 10 runs
  runs [--job ID] [--status S] [--limit N (1-10000, default 20)] [--json]
  run JOB | pause JOB [--json]            queue a run now (schedule untouched) | pause a job
  resume JOB [--from now|last] [--json]   resume: at the next fire time from now, or at the time it had (catch up)
  add ID --trigger interval|cron|date [--args JSON] [--params JSON] [SETTINGS]
      [--on-conflict error|update|keep|replace] [--paused] [--json]   add a job at runtime
  modify ID [--trigger T] [--args JSON] [--params JSON] [SETTINGS] [--if-version V] [--json]
                                          change a job added at runtime
  reschedule ID --trigger T [--args JSON] [--json]  a new trigger, first fire time from now
  remove ID [--json]                      remove a job added at runtime (its history stays)
  retry RUN_ID [--json]                   a new attempt of a failed, missed, skipped, abandoned or interrupted run
  next [JOB] [--from TIME] [--count N (1-1000, default 5)] [--json]   preview fire times from the configuration
SETTINGS: every key of a config/<env>.yaml task as a flag, kebab-cased, its value as YAML reads it:
  --task T (default: the id) --timezone Z --executor default|process --coalesce true|false --max-instances N
  --misfire-grace-time S|null --max-attempts N --retry-delay S --retry-backoff fixed|exponential
  --retry-delay-max S|null --retry-jitter F --timeout S|null`;

type Command = (argv: string[], ctx: CliContext) => Promise<number>;

// Loaded on demand: `start` need not load the CLI's table code, nor `jobs` the executors.
const COMMANDS: Record<string, Command> = {
  start: async (argv, ctx) => (await import('./start.js')).startCommand(argv, ctx),
  migrate: async (argv, ctx) => (await import('./migrate.js')).migrateCommand(argv, ctx),
  jobs: async (argv, ctx) => (await import('./jobs.js')).jobsCommand(argv, ctx),
  runs: async (argv, ctx) => (await import('./runs.js')).runsCommand(argv, ctx),
  run: async (argv, ctx) => (await import('./control.js')).controlCommand('run', argv, ctx),
  pause: async (argv, ctx) => (await import('./control.js')).controlCommand('pause', argv, ctx),
  resume: async (argv, ctx) => (await import('./control.js')).controlCommand('resume', argv, ctx),
  next: async (argv, ctx) => (await import('./next-command.js')).nextCommand(argv, ctx),
  job: async (argv, ctx) => (await import('./job.js')).jobCommand(argv, ctx),
  add: async (argv, ctx) => (await import('./add.js')).addCommand(argv, ctx),
  modify: async (argv, ctx) => (await import('./modify.js')).modifyCommand(argv, ctx),
  reschedule: async (argv, ctx) => (await import('./reschedule.js')).rescheduleCommand(argv, ctx),
  remove: async (argv, ctx) => (await import('./remove.js')).removeCommand(argv, ctx),
  retry: async (argv, ctx) => (await import('./retry.js')).retryCommand(argv, ctx),
};

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name = 'start', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    ctx.out(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"\n${USAGE}`);
  return command(rest, ctx);
}

/** One line for the user; a stack only for what is not a known, user-caused error. */
export function describeError(error: unknown): string {
  // ConfigError covers the job API's JobSpecError.
  const userCaused = [ConfigError, TaskLoadError, UsageError, StoreUnavailableError, StoreLockError].some((kind) => error instanceof kind);
  if (userCaused || isJobApiError(error)) return (error as Error).message;
  const err = error as { code?: string; sqlMessage?: string; message?: string };
  if (err.code === 'ER_NO_SUCH_TABLE') return `job store: ${err.sqlMessage} (${err.code}); the schema is missing: run \`scheduler migrate\` or start the service once`;
  if (err.code === 'SQLITE_ERROR' && /^no such table/.test(err.message ?? '')) return `job store: ${err.message} (${err.code}); the schema is missing: run \`scheduler migrate\` or start the service once`;
  if (err.sqlMessage) return `job store: ${err.sqlMessage} (${err.code})`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
