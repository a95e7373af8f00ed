// The `scheduler` command: picks the subcommand, turns every user error into one line on stderr
// and exit code 1.
import { ConfigError } from '../config/errors.js';
import { StoreUnavailableError } from '../store/types.js';
import { TaskLoadError } from '../tasks/loader.js';
import { UsageError } from './args.js';
import type { CliContext } from './context.js';
import { controlCommand } from './control.js';
import { jobsCommand } from './jobs.js';
import { migrateCommand } from './migrate.js';
import { nextCommand } from './next-command.js';
import { runsCommand } from './runs.js';
import { startCommand } from './start.js';

export type { CliContext } from './context.js';

const USAGE = `usage: scheduler <command>
  start                                   run the scheduler (default)
  migrate                                 apply schema migrations
  jobs [--json]                           list stored jobs
  runs [--job ID] [--status S] [--limit N] [--json]
  run JOB | pause JOB | resume JOB        act on a job
  next [JOB] [--from ISO] [--count N] [--json]   preview fire times from the configuration`;

type Command = (argv: string[], ctx: CliContext) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: startCommand,
  migrate: migrateCommand,
  jobs: jobsCommand,
  runs: runsCommand,
  run: (argv, ctx) => controlCommand('run', argv, ctx),
  pause: (argv, ctx) => controlCommand('pause', argv, ctx),
  resume: (argv, ctx) => controlCommand('resume', argv, ctx),
  next: nextCommand,
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
  if (error instanceof ConfigError || error instanceof TaskLoadError || error instanceof UsageError || error instanceof StoreUnavailableError) {
    return error.message;
  }
  const err = error as { code?: string; sqlMessage?: string; message?: string };
  if (err.sqlMessage) return `job store: ${err.sqlMessage} (${err.code})`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
