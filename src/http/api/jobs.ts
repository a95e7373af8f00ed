// /api/v1/jobs: one route per JobApi call. The job API validates everything a caller sends (the
// YAML's code and words); these handlers only read the request, pick the call and shape the answer.
import { Hono, type Context } from 'hono';
import type { JobApi, JobChanges, JobInput, OnConflict, TriggerArgValue } from '../../jobs/types.js';
import { toJobView } from '../../jobs/views.js';
import type { TriggerType } from '../../triggers/types.js';
import { JOB_SOURCES, JOB_STATES } from '../../store/types.js';
import { refuse } from '../problem.js';
import { readJsonObject } from '../security/body.js';
import { encodeCursor, jobCursorOf, readJobCursor } from '../cursors.js';
import type { ApiEnv } from './index.js';
import { runOnce } from './idempotency.js';
import { QueryParams, withoutUndefined } from './params.js';

const ON_CONFLICT: readonly OnConflict[] = ['error', 'update', 'keep', 'replace'];
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;

export function jobRoutes(): Hono<ApiEnv> {
  const jobs = new Hono<ApiEnv>();

  jobs.get('/', async (c) => {
    const q = new QueryParams(c);
    const limit = q.integer('limit', { min: 1, max: MAX_PAGE, fallback: DEFAULT_PAGE });
    const query = {
      state: q.oneOf('state', JOB_STATES),
      task: q.string('task'),
      source: q.oneOf('source', JOB_SOURCES),
      text: q.string('q', 200),
      after: q.cursor('cursor', readJobCursor),
    };
    const found = await c.var.deps.store.findJobs({ ...withoutUndefined(query), limit: limit + 1 });
    const page = found.slice(0, limit);
    return c.json({ jobs: page.map(toJobView), next_cursor: found.length > limit ? encodeCursor(jobCursorOf(page.at(-1)!)) : null });
  });

  jobs.post('/', async (c) => {
    const onConflict = new QueryParams(c).oneOf('on_conflict', ON_CONFLICT) ?? 'error';
    const spec = (await readJsonObject(c)) as unknown as JobInput;
    const result = await api(c).addJob(spec, { onConflict });
    return withJob(result.job, c.json(result, result.change === 'added' ? 201 : 200), result.change === 'added');
  });

  jobs.get('/:id', async (c) => {
    const job = await c.var.deps.jobs.read.getJob(c.req.param('id'));
    if (job === null) refuse(404, `no job "${c.req.param('id')}" in the store`);
    if (c.req.header('if-none-match') === etag(job.version)) return new Response(null, { status: 304, headers: { ETag: etag(job.version) } });
    return withJob(job, c.json(job));
  });

  jobs.put('/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readJsonObject(c);
    if (body.id !== undefined && body.id !== id) refuse(422, `job ${id}: id: the body says "${String(body.id).slice(0, 100)}", the URL "${id}"`, 'id');
    const result = await api(c).addJob({ ...(body as unknown as JobInput), id }, { onConflict: 'update' });
    return withJob(result.job, c.json(result, result.change === 'added' ? 201 : 200), result.change === 'added');
  });

  jobs.patch('/:id', async (c) => {
    const ifVersion = versionOf(c.req.header('if-match'));
    const changes = (await readJsonObject(c)) as JobChanges;
    const job = await api(c).modifyJob(c.req.param('id'), changes, ifVersion === undefined ? {} : { ifVersion });
    return withJob(job, c.json(job));
  });

  jobs.delete('/:id', async (c) => {
    await api(c).removeJob(c.req.param('id'));
    return c.body(null, 204);
  });

  jobs.post('/:id/reschedule', async (c) => {
    const body = await readJsonObject(c);
    const job = await api(c).rescheduleJob(c.req.param('id'), body.trigger as TriggerType, body.args as Record<string, TriggerArgValue> | undefined);
    return withJob(job, c.json(job));
  });

  jobs.post('/:id/pause', async (c) => {
    const job = await api(c).pauseJob(c.req.param('id'));
    return withJob(job, c.json(job));
  });

  jobs.post('/:id/resume', async (c) => {
    const from = new QueryParams(c).oneOf('from', ['now', 'last'] as const) ?? 'now';
    const job = await api(c).resumeJob(c.req.param('id'), { from });
    return withJob(job, c.json(job));
  });

  jobs.post('/:id/run', async (c) => {
    const id = c.req.param('id');
    const run = await runOnce(c, id, () => api(c).runJob(id));
    c.header('Location', `/api/v1/runs/${run.id}`);
    return c.json({ run }, 202);
  });

  jobs.get('/:id/upcoming', async (c) => {
    const count = new QueryParams(c).integer('count', { min: 1, max: 1000, fallback: 10 });
    const id = c.req.param('id');
    return c.json({ job_id: id, times: await c.var.deps.jobs.read.upcoming(id, count) });
  });

  return jobs;
}

/** The job API acting for this request's caller. */
function api(c: Context<ApiEnv>): JobApi {
  return c.var.deps.jobs.as(c.var.principal.name);
}

export function etag(version: number): string {
  return `"${version}"`;
}

function withJob(job: { id: string; version: number }, response: Response, created = false): Response {
  response.headers.set('ETag', etag(job.version));
  if (created) response.headers.set('Location', `/api/v1/jobs/${encodeURIComponent(job.id)}`);
  return response;
}

// If-Match: "<version>" (as ETag gives it), or * for any. Absent: no check.
function versionOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match) refuse(400, `If-Match: expected the ETag of the job, such as "3", got ${header.slice(0, 50)}`, 'header.If-Match');
  return Number(match[1]);
}
