// /api/v1/runs: run history (by job, status and fire-time range, keyset pages), one run with its
// attempt chain, and retry.
import { Hono } from 'hono';
import { RunNotFoundError } from '../../jobs/errors.js';
import { toRunView } from '../../jobs/views.js';
import { RUN_STATUSES } from '../../store/types.js';
import { encodeCursor, readRunCursor, runCursorOf } from '../cursors.js';
import type { ApiEnv } from './index.js';
import { MAX_PAGE } from './jobs.js';
import { QueryParams, withoutUndefined } from './params.js';
import { refuse } from '../problem.js';

/** A fire time has at most max_attempts runs; more than this is no chain anyone reads whole. */
const MAX_ATTEMPTS_SHOWN = 1_000;

export function runRoutes(): Hono<ApiEnv> {
  const runs = new Hono<ApiEnv>();

  runs.get('/', async (c) => {
    const q = new QueryParams(c);
    const limit = q.integer('limit', { min: 1, max: MAX_PAGE, fallback: 50 });
    const query = { jobId: q.string('job'), status: q.oneOf('status', RUN_STATUSES), since: q.time('since'), until: q.time('until'), after: q.cursor('cursor', readRunCursor) };
    const found = await c.var.deps.store.findRuns({ ...withoutUndefined(query), limit: limit + 1 });
    const page = found.slice(0, limit);
    return c.json({ runs: page.map(toRunView), next_cursor: found.length > limit ? encodeCursor(runCursorOf(page.at(-1)!)) : null });
  });

  runs.get('/:id', async (c) => {
    const id = runId(c.req.param('id'));
    const { store } = c.var.deps;
    const run = await store.getRun(id);
    if (run === null) throw new RunNotFoundError(id);
    const attempts = await store.listRuns({ jobId: run.jobId, scheduledAt: run.scheduledAt, limit: MAX_ATTEMPTS_SHOWN });
    return c.json({ run: toRunView(run), attempts: attempts.sort((a, b) => a.attempt - b.attempt).map(toRunView) });
  });

  runs.post('/:id/retry', async (c) => {
    const run = await c.var.deps.jobs.as(c.var.principal.name).retryRun(runId(c.req.param('id')));
    c.header('Location', `/api/v1/runs/${run.id}`);
    return c.json({ run }, 202);
  });

  return runs;
}

// Not a number names no run: 404 like an unknown one.
function runId(param: string): number {
  const id = /^\d{1,15}$/.test(param) ? Number(param) : 0;
  if (id < 1) refuse(404, `no run "${param.slice(0, 50)}" in the store (run ids are whole numbers)`);
  return id;
}
