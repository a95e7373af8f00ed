// The `scheduler` command: picks the subcommand, turns every user error into one line on stderr
// and exit code 1.
import { ConfigError } from '../config/errors.js';
import { StoreLockError, StoreUnavailableError } from '../store/types.js';
import { TaskLoadError } from '../tasks/loader.js';
import { UsageError } from './args.js';
import type { CliContext } from './context.js';

export type { CliContext } from './context.js';

const USAGE = `usage: scheduler <command>
  start                                   run the scheduler (default)
  migrate                                 apply schema migrations
  jobs [--json]                           list stored jobs
  runs [--job ID] [--status S] [--limit N (1-10000, default 20)] [--json]
  run JOB | pause JOB | resume JOB        act on a job
  next [JOB] [--from TIME] [--count N (1-1000, default 5)] [--json]   preview fire times from the configuration`;

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
  if (error instanceof ConfigError || error instanceof TaskLoadError || error instanceof UsageError || error instanceof StoreUnavailableError || error instanceof StoreLockError) {
    return error.message;
  }
  const err = error as { code?: string; sqlMessage?: string; message?: string };
  if (err.code === 'ER_NO_SUCH_TABLE') return `job store: ${err.sqlMessage} (${err.code}); the schema is missing: run \`scheduler migrate\` or start the service once`;
  if (err.code === 'SQLITE_ERROR' && /^no such table/.test(err.message ?? '')) return `job store: ${err.message} (${err.code}); the schema is missing: run \`scheduler migrate\` or start the service once`;
  if (err.sqlMessage) return `job store: ${err.sqlMessage} (${err.code})`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
