// Cross-site request refusal for unsafe methods (POST, PUT, PATCH, DELETE). Hono's csrf covers
// what a browser sends cross-site without asking first (form and text/plain bodies); the rest is
// Go's CrossOriginProtection rule: refuse when Sec-Fetch-Site says another site, or when an
// Origin is sent that is not this host. Clients without either header (curl, scripts) pass: they
// carry a bearer token, which no other site's page has.
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { problem, ProblemError } from '../problem.js';

const SAFE = /^(GET|HEAD|OPTIONS)$/;

export function sameOriginWrites(): MiddlewareHandler {
  const forms = csrf({ origin: (origin, c) => sameHost(origin, c), secFetchSite: ['same-origin'] });
  return async (c, next) => {
    if (SAFE.test(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if ((site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && !sameHost(origin, c))) refuseCrossSite(origin);
    // Hono's csrf takes a request without Content-Type for text/plain; such a request has no body a
    // form could send, and every browser that sends one cross-site also sends an Origin, checked above.
    // Nor is a request that says neither where it comes from a browser's: a script that sent the
    // wrong Content-Type is told so (415 on the API), not that it came from another site (the
    // dashboard refuses such a request before this check).
    if (c.req.header('content-type') !== undefined && (origin !== undefined || site !== undefined)) {
      // csrf throws an HTTPException with a plain-text body: answer in the API's words instead.
      // Run on its own (a no-op next), so that an error from the handlers is never taken for its refusal.
      await forms(c, async () => undefined).catch(() => refuseCrossSite(origin));
    }
    await next();
  };
}

// The host (with port) only, as Go does: behind a TLS proxy the request URL says http:, the Origin https:.
function sameHost(origin: string, c: Context): boolean {
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false; // `null` (a sandboxed or privacy-sensitive context) or garbage
  }
}

function refuseCrossSite(origin: string | undefined): never {
  const from = origin === undefined ? 'a page of another site' : `${origin.slice(0, 100)}`;
  throw new ProblemError(problem(403, `cross-origin write refused: the request comes from ${from}, not from this server`));
}
