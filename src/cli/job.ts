// `scheduler job ID [--json]`: one job in full: its definition, where it is defined, its version
// and state, the next 5 fire times (the trigger's zone and UTC) and the last 10 runs.
import { JobNotFoundError } from '../jobs/errors.js';
import type { Job, Run } from '../jobs/types.js';
import { toRunView } from '../jobs/views.js';
import type { RunRecord } from '../store/types.js';
import { parse } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { describeTrigger, jobSource, jobState, json, triggerZone } from './job-view.js';
import { localTime, utcTime } from './next.js';
import { renderRuns } from './runs.js';
import { table, utc } from './table.js';

const UPCOMING = 5;
const RUNS = 10;

interface JobDetail {
  job: Job;
  upcoming: Date[];
  runs: RunRecord[];
}

export async function jobCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('job', argv, { json: { type: 'boolean' } }, { min: 1, max: 1, usage: 'job ID [--json]' });
  const id = positionals[0]!;
  const detail = await withJobs(ctx, 'job', async (jobs, store): Promise<JobDetail> => {
    const job = await jobs.getJob(id);
    if (!job) throw new JobNotFoundError(id);
    // A broken definition has no trigger to walk.
    const upcoming = job.broken === null ? await jobs.upcoming(id, UPCOMING) : [];
    return { job, upcoming, runs: await store.listRuns({ jobId: id, limit: RUNS }) };
  });
  ctx.out(values.json ? json(detailJson(detail)) : renderDetail(detail, ctx.tty));
  return 0;
}

function detailJson({ job, upcoming, runs }: JobDetail): { job: Job; upcoming: Date[]; runs: Run[] } {
  return { job, upcoming, runs: runs.map(toRunView) };
}

function renderDetail({ job, upcoming, runs }: JobDetail, tty: boolean): string {
  const zone = triggerZone(job);
  const fireTimes = upcoming.length === 0
    ? '  none'
    : indent(table(['#', 'LOCAL TIME', 'ZONE', 'UTC'], upcoming.map((t, i) => [String(i + 1), localTime(t, zone), zone, utcTime(t)])));
  return [
    `job ${job.id}`,
    fields([
      ['task', job.task],
      ['trigger', `${describeTrigger(job)}  ${JSON.stringify(job.args)}`],
      ['timezone', job.timezone],
      ['params', JSON.stringify(job.params)],
      ['source', jobSource(job)],
      ['version', String(job.version)],
      ['state', jobState(job)],
      ['next run', `${utc(job.next_run_time)}${job.next_run_time ? ' (UTC)' : ''}`],
      ['executor', job.executor],
      ['coalesce', String(job.coalesce)],
      ['max_instances', String(job.max_instances)],
      ['misfire_grace_time', seconds(job.misfire_grace_time)],
      ['max_attempts', String(job.max_attempts)],
      ['retry_delay', seconds(job.retry_delay)],
      ['retry_backoff', job.retry_backoff],
      ['retry_delay_max', seconds(job.retry_delay_max)],
      ['retry_jitter', String(job.retry_jitter)],
      ['timeout', seconds(job.timeout)],
    ]),
    '',
    `next ${UPCOMING} fire times`,
    fireTimes,
    '',
    `last ${RUNS} runs`,
    indent(renderRuns(runs, tty)),
  ].join('\n');
}

function seconds(value: number | null): string {
  return value === null ? 'none' : `${value} s`;
}

/** `  key   value` lines, values aligned. */
function fields(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
