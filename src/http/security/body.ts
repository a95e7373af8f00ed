// Request bodies of writes: at most MAX_BODY_BYTES (Hono's body-limit, 413), with their length
// given (411); for the API JSON only (415: a form or text body is what a cross-site page can send
// without asking), parsed to an object (400). The dashboard's forms get the first two.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_JSON_BYTES } from '../../config/limits.js';
import { problem, ProblemError, refuse } from '../problem.js';

/** Room for a job spec whose params and trigger args are each as large as the store holds. */
export const MAX_BODY_BYTES = 4 * MAX_JSON_BYTES;

const SAFE = /^(GET|HEAD|OPTIONS)$/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Bodies of unsafe requests, forms included: with their length given (411), at most MAX_BODY_BYTES (413). */
export function boundedWrites(what = 'the request body'): MiddlewareHandler {
  const limit = sizeLimit(what);
  return async (c, next) => {
    if (SAFE.test(c.req.method)) return next();
    requireLength(c);
    return limit(c, next);
  };
}

export function jsonWrites(): MiddlewareHandler {
  const limit = sizeLimit('the request body');
  return async (c, next) => {
    if (SAFE.test(c.req.method)) return next();
    requireLength(c);
    const type = c.req.header('content-type');
    if (type !== undefined ? !JSON_TYPE.test(type) : Number(c.req.header('content-length') ?? 0) > 0) {
      refuse(415, `the request body must be JSON (Content-Type: application/json), got ${type === undefined ? 'no Content-Type' : `"${type.slice(0, 100)}"`}`);
    }
    return limit(c, next);
  };
}

// A streamed body must say its length first: body-limit rebuilds such a request with the global
// Request class, which is not the one @hono/node-server hands over without overriding globals.
function requireLength(c: Context): void {
  if (c.req.header('transfer-encoding') !== undefined) refuse(411, 'a write must send Content-Length (no chunked bodies)');
}

function sizeLimit(what: string): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The body is not read: the connection closes, so its rest is not taken for the next request.
    onError: () => {
      throw new ProblemError(problem(413, `${what} is larger than ${MAX_BODY_BYTES} bytes`), { Connection: 'close' });
    },
  });
  // Without Content-Length (nor Transfer-Encoding) a request has no body (RFC 9112 §6.3).
  return async (c, next) => (c.req.header('content-length') === undefined ? next() : limit(c, next));
}

/** The body as a JSON object; an empty body is `{}`. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    refuse(400, `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(400, `the request body must be a JSON object, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)?.slice(0, 50) ?? 'nothing'}`);
  return value as Record<string, unknown>;
}
