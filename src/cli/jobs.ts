// `scheduler jobs [--state S] [--source S] [--task T] [--json]`: the stored jobs (getJobs), their
// trigger, next run, state and source, in next-run order (paused and finished last).
import type { Job, JobFilter } from '../jobs/types.js';
import { parse, UsageError } from './args.js';
import { withJobs, type CliContext } from './context.js';
import { describeTrigger, jobState, json, shortSource } from './job-view.js';
import { table, utc } from './table.js';

const STATES: ReadonlyArray<NonNullable<JobFilter['state']>> = ['scheduled', 'paused', 'finished', 'broken'];
const SOURCES: ReadonlyArray<NonNullable<JobFilter['source']>> = ['config', 'api'];
const USAGE = `jobs [--state ${STATES.join('|')}] [--source ${SOURCES.join('|')}] [--task T] [--json]`;

export async function jobsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parse('jobs', argv, {
    state: { type: 'string' }, source: { type: 'string' }, task: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 0, max: 0, usage: USAGE });
  const filter: JobFilter = { state: oneOf('state', STATES, values.state), source: oneOf('source', SOURCES, values.source), task: values.task };
  const jobs = await withJobs(ctx, 'jobs', (api) => api.getJobs(filter));
  ctx.out(values.json ? json(jobs) : renderJobs(jobs));
  return 0;
}

function oneOf<T extends string>(flag: string, choices: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined || (choices as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError(`jobs: --${flag} must be one of ${choices.join(', ')}, got "${value}"`);
}

function renderJobs(jobs: Job[]): string {
  if (jobs.length === 0) return 'no jobs stored';
  return table(
    ['ID', 'TASK', 'TRIGGER', 'NEXT RUN (UTC)', 'SOURCE', 'STATE'],
    jobs.map((j) => [j.id, j.task, describeTrigger(j), utc(j.next_run_time), shortSource(j), jobState(j)]),
  );
}
