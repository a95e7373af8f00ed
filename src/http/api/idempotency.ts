// `Idempotency-Key` on POST …/run: a request repeated with the same key (a double click, a client
// retrying after a timeout) within IDEMPOTENCY_KEY_HOURS gets the run the first one queued, whichever
// instance answers it. The key is taken in the store before the run is queued, so of two
// concurrent requests only one queues; the other is told to try again (409) until the first is done.
import type { Context } from 'hono';
import type { Run } from '../../jobs/types.js';
import { toRunView } from '../../jobs/views.js';
import { problem, ProblemError, refuse } from '../problem.js';
import type { ApiEnv } from './index.js';
import { IDEMPOTENCY_KEY_HOURS } from '../../store/types.js';

const KEY = /^[\x21-\x7e]{1,191}$/;

export async function runOnce(c: Context<ApiEnv>, jobId: string, run: () => Promise<Run>): Promise<Run> {
  const header = c.req.header('idempotency-key');
  if (header === undefined) return run();
  if (!KEY.test(header)) refuse(400, 'Idempotency-Key: expected 1 to 191 visible ASCII characters (a UUID, say)', 'header.Idempotency-Key');
  const { store, clock } = c.var.deps;
  const key = { actor: c.var.principal.name, key: header };
  const now = clock.now();
  const hold = await store.takeIdempotencyKey(key, jobId, now, new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000));
  if (hold === null) {
    try {
      const queued = await run();
      await store.settleIdempotencyKey(key, queued.id);
      return queued;
    } catch (error) {
      // Nothing was queued: the key is free for the retry.
      await store.settleIdempotencyKey(key, null).catch(() => undefined);
      throw error;
    }
  }
  if (hold.jobId !== jobId) refuse(422, `Idempotency-Key "${header}" was used for job "${hold.jobId}" within ${IDEMPOTENCY_KEY_HOURS} hours; use a new key for job "${jobId}"`, 'header.Idempotency-Key');
  const earlier = hold.runId === null ? null : await store.getRun(hold.runId);
  if (earlier === null) {
    throw new ProblemError(problem(409, 'a request with this Idempotency-Key is still queueing its run; try again in a moment'), { 'Retry-After': '1' });
  }
  c.header('Idempotent-Replayed', 'true');
  return toRunView(earlier);
}
