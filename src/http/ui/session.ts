// The dashboard's login session: a token from http.api.tokens is exchanged once for a cookie
// `HttpOnly; SameSite=Strict; Path=/ui` holding the token's name and an expiry, signed with HMAC
// keyed by that token. The token itself is never in the cookie; a cookie cannot be made without
// the token; every instance with the same env.yaml accepts it (no server-side state to share),
// and changing a token ends its sessions. The role is read from env.yaml at each request.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiToken } from '../../config/types.js';
import type { Principal } from '../security/auth.js';

export const SESSION_COOKIE = 'scheduler_session';
/** A working day: long enough not to nag, short enough that a forgotten tab does not stay in forever. */
export const SESSION_SECONDS = 12 * 3600;
// Separates these signatures from any other HMAC keyed by a token.
const DOMAIN = 'mysql-scheduler dashboard session v1\n';

interface Payload {
  /** Token name. */
  n: string;
  /** Expiry, epoch ms. */
  e: number;
}

function sign(token: string, payload: string): string {
  return createHmac('sha256', token).update(DOMAIN + payload).digest('base64url');
}

/** The cookie value for `token` until `now` + SESSION_SECONDS. */
export function sessionValue(token: ApiToken, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ n: token.name, e: now.getTime() + SESSION_SECONDS * 1000 } satisfies Payload)).toString('base64url');
  return `${payload}.${sign(token.token, payload)}`;
}

/** Who a cookie value stands for, or null: unsigned, signed by another token, expired, or naming no token. */
export function sessionPrincipal(tokens: readonly ApiToken[], value: string | undefined, now: Date): Principal | null {
  if (!value) return null;
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  let parsed: Payload;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
  } catch {
    return null;
  }
  if (typeof parsed?.n !== 'string' || typeof parsed.e !== 'number' || parsed.e <= now.getTime()) return null;
  const token = tokens.find((t) => t.name === parsed.n);
  if (!token) return null;
  const expected = Buffer.from(sign(token.token, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { name: token.name, role: token.role };
}

export function startSession(c: Context, token: ApiToken, now: Date): void {
  setCookie(c, SESSION_COOKIE, sessionValue(token, now), {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/ui',
    maxAge: SESSION_SECONDS,
    // Behind a TLS proxy the browser sees https; on a plain loopback port a Secure cookie would not be sent back.
    secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/ui' });
}

export function readSession(c: Context, tokens: readonly ApiToken[], now: Date): Principal | null {
  return sessionPrincipal(tokens, getCookie(c, SESSION_COOKIE), now);
}
