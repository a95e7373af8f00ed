// The Host allow-list (DNS rebinding guard): a page on evil.example whose name is made to resolve
// to 127.0.0.1 reaches a loopback listener with `Host: evil.example`; only this machine's own
// names (and http.api.allowed_hosts) are served. On an address other machines reach, the names
// are unknown: all are served unless allowed_hosts lists them (a token is required there anyway).
import type { MiddlewareHandler } from 'hono';
import { isLoopback } from '../../config/loopback.js';
import { problem, ProblemError } from '../problem.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** null when every Host is served. */
export function allowedHostNames(listenHost: string, extra: readonly string[]): ReadonlySet<string> | null {
  if (!isLoopback(listenHost) && extra.length === 0) return null;
  const own = isLoopback(listenHost) || listenHost.includes('.') || listenHost.includes(':') ? [bracketed(listenHost)] : [];
  return new Set([...LOOPBACK_NAMES, ...own, ...extra].map((h) => h.toLowerCase()));
}

export function hostCheck(allowed: ReadonlySet<string> | null): MiddlewareHandler {
  return async (c, next) => {
    if (allowed !== null) {
      // The URL's host is the Host header's (or an absolute target's, which HTTP says wins); both must pass.
      for (const name of [new URL(c.req.url).hostname, hostOf(c.req.header('host'))]) {
        if (name !== null && !allowed.has(name.toLowerCase())) {
          throw new ProblemError(problem(421, `this server does not answer for host "${name.slice(0, 100)}" (http.api.allowed_hosts adds names)`));
        }
      }
    }
    await next();
  };
}

/** The name in a Host header without its port; null when absent. */
function hostOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(header.trim());
  return match ? match[1]! : header;
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
