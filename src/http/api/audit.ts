// GET /api/v1/audit?job=: every change made through the job API, newest first: when, who (the
// token's name), what, and the job before and after.
import { Hono } from 'hono';
import type { ApiEnv } from './index.js';
import { encodeCursor, readIdCursor } from '../cursors.js';
import { MAX_PAGE } from './jobs.js';
import { QueryParams, withoutUndefined } from './params.js';

export function auditRoutes(): Hono<ApiEnv> {
  const audit = new Hono<ApiEnv>();
  audit.get('/audit', async (c) => {
    const q = new QueryParams(c);
    const limit = q.integer('limit', { min: 1, max: MAX_PAGE, fallback: 50 });
    const query = { jobId: q.string('job'), beforeId: q.cursor('cursor', readIdCursor) };
    const found = await c.var.deps.store.listAudit({ ...withoutUndefined(query), limit: limit + 1 });
    const page = found.slice(0, limit);
    return c.json({
      entries: page.map((e) => ({ id: e.id, at: e.at, actor: e.actor, action: e.action, job_id: e.jobId, run_id: e.runId, before: e.before, after: e.after })),
      next_cursor: found.length > limit ? encodeCursor(page.at(-1)!.id) : null,
    });
  });
  return audit;
}
