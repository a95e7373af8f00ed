// Response headers for everything under /api and /ui (Hono's secure-headers): a CSP that allows
// this origin only and no framing at all, no MIME sniffing, no referrer. No CORS header is ever
// set, so a browser lets no other site read an answer or send a preflighted write.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * `referrerPolicy`: `no-referrer` for the API; the dashboard's pages need `same-origin`, since a
 * browser sends `Origin: null` with a form posted from a no-referrer page, which the cross-origin
 * check cannot tell from another site's.
 */
export function securityHeaders({ referrerPolicy = 'no-referrer' }: { referrerPolicy?: 'no-referrer' | 'same-origin' } = {}): MiddlewareHandler {
  return secureHeaders({
    referrerPolicy,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
    },
    xFrameOptions: 'DENY',
    // Plain HTTP on a loopback port: HSTS would only matter behind a TLS proxy, which sets its own.
    strictTransportSecurity: false,
  });
}
