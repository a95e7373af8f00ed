// Response headers for everything under /api and /ui (Hono's secure-headers): a CSP that allows
// this origin only and no framing at all, no MIME sniffing, no referrer. No CORS header is ever
// set, so a browser lets no other site read an answer or send a preflighted write.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
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
