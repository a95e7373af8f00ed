// Who is asking: a bearer token from env.yaml (Hono's bearer-auth, compared in constant time), or
// the dashboard's session (the UI supplies `session`). Then what they may do: `read` tokens and
// the anonymous reader only look; only `admin` changes anything.
//
// Without any token configured (allowed only on a loopback address, see config/http-api.ts) the
// API answers reads to anyone on this machine and refuses every write: no write without a token.
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { ApiRole, ApiToken } from '../../config/types.js';
import { problem, problemResponse, refuse } from '../problem.js';

export interface Principal {
  /** The token's name: the audit log's "who" and the origin of the jobs it writes. */
  readonly name: string;
  readonly role: ApiRole;
}

/** Whoever calls on loopback when no token is configured: may read, never write. */
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', role: 'read' });

export type AuthEnv = { Variables: { principal: Principal } };

export interface AuthOptions {
  tokens: readonly ApiToken[];
  /** The dashboard's session cookie → who; tried only when no Authorization header is sent. */
  session?: (c: Context) => Principal | null | Promise<Principal | null>;
}

/** The token's principal, or null. Every configured token is compared, so the time taken says nothing about which. */
export async function principalForToken(tokens: readonly ApiToken[], presented: string): Promise<Principal | null> {
  let found: Principal | null = null;
  for (const token of tokens) {
    if (await timingSafeEqual(token.token, presented)) found = { name: token.name, role: token.role };
  }
  return found;
}

export function authenticate({ tokens, session }: AuthOptions): MiddlewareHandler<AuthEnv> {
  const unauthorized = (detail: string) => () => problemResponse(problem(401, detail));
  const bearer = bearerAuth<AuthEnv>({
    realm: 'mysql-scheduler',
    verifyToken: async (presented, c) => {
      const principal = await principalForToken(tokens, presented);
      if (principal) c.set('principal', principal);
      return principal !== null;
    },
    noAuthenticationHeader: { message: unauthorized('a token is required: send Authorization: Bearer <token>') },
    invalidAuthenticationHeader: { message: () => problemResponse(problem(400, 'malformed Authorization header: expected Bearer <token>')) },
    invalidToken: { message: unauthorized('the token is not one of http.api.tokens') },
  });
  return async (c, next) => {
    if (c.req.header('authorization') === undefined) {
      const fromSession = (await session?.(c)) ?? null;
      if (fromSession) {
        c.set('principal', fromSession);
        return next();
      }
      if (tokens.length === 0) {
        c.set('principal', ANONYMOUS);
        return next();
      }
    }
    return bearer(c, next);
  };
}

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** Refuses every unsafe method unless the principal is an admin. */
export function writesNeedAdmin(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!SAFE.test(c.req.method)) {
      const principal = c.get('principal');
      if (principal === ANONYMOUS) refuse(401, 'a write needs a token, and none is configured: set http.api.tokens in env.yaml');
      if (principal.role !== 'admin') refuse(403, `token "${principal.name}" may only read (role: read)`);
    }
    await next();
  };
}
