// `scheduler runs [--job ID] [--status S] [--limit N]`: the latest attempts, newest first.
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../store/types.js';
import { boundedInt, describeFlag, parse, UsageError, type IntFlag } from './args.js';
import { withStore, type CliContext } from './context.js';
import { colourStatus, table, utc } from './table.js';

const LIMIT: IntFlag = { flag: 'limit', min: 1, max: 10_000, fallback: 20 };
const USAGE = `runs [--job ID] [--status STATUS] [${describeFlag(LIMIT)}] [--json]`;

export async function runsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse('runs', argv, {
    job: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 0, max: 0, usage: USAGE });
  const status = values.status;
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`runs: --status must be one of ${RUN_STATUSES.join(', ')}, got "${status}"`);
  }
  const filter = { jobId: values.job, status: status as RunStatus | undefined, limit: boundedInt('runs', LIMIT, values.limit) };
  const runs = await withStore(ctx, 'runs', (store) => store.listRuns(filter));
  ctx.out(values.json ? JSON.stringify(runs, null, 2) : renderRuns(runs, ctx.tty));
  return 0;
}

export function renderRuns(runs: RunRecord[], tty: boolean): string {
  if (runs.length === 0) return 'no runs';
  return table(
    ['ID', 'JOB', 'SCHEDULED (UTC)', 'ATTEMPT', 'STATUS', 'STARTED (UTC)', 'DURATION', 'ERROR'],
    runs.map((r) => [
      String(r.id), r.jobId, utc(r.scheduledAt), String(r.attempt), colourStatus(r.status, tty), utc(r.startedAt),
      r.durationMs === null ? '-' : `${r.durationMs}ms`, (r.error ?? '').split('\n', 1)[0]!.slice(0, 80),
    ]),
  );
}
