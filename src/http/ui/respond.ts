// Answering a dashboard request: the page in its frame for who is looking, the theme cookie, form
// bodies. Shared by the page routes (routes.ts) and the form actions (actions.ts).
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiDeps } from '../api/index.js';
import type { Principal } from '../security/auth.js';
import { flashOf } from './flash.js';
import { page, type PageOptions, type Theme } from './layout.js';
import type { PageContext } from './model.js';

/** What the dashboard needs beyond the API's dependencies, once the service has its store. */
export interface UiDeps extends ApiDeps {
  /** APP_ENV, shown on every page. */
  appEnv: string;
  /** env.yaml scheduler.timezone: the zone of a new job that names none. */
  timezone: string;
  leaseTimeoutMs: number;
  pollIntervalMs: number;
  /** The deployed tasks a job may name. */
  taskNames(): readonly string[];
  /** The loop's latest store error; null while the store answers. */
  storeError(): string | null;
}

export type UiEnv = { Variables: { principal: Principal; deps: UiDeps } };

export const THEME_COOKIE = 'scheduler_theme';
export const THEMES: readonly Theme[] = ['auto', 'light', 'dark'];

/** The page in its frame, for who is looking; `?done=` after a redirect becomes the flash line. */
export function render(c: Context<UiEnv>, opts: PageOptions, status = 200): Response {
  const deps = c.get('deps');
  const ctx: PageContext & { theme: Theme; path: string } = {
    user: c.get('principal'),
    now: deps.clock.now(),
    env: deps.appEnv,
    flash: flashOf(c.req.query()),
    theme: themeOf(c),
    path: new URL(c.req.url).pathname + new URL(c.req.url).search,
  };
  return c.html(page(ctx, opts).text, status as 200);
}

export async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function themeOf(c: Context): Theme {
  return THEMES.find((t) => t === getCookie(c, THEME_COOKIE)) ?? 'auto';
}

