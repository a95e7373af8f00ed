// /ui: the dashboard, on the API's app and behind the same security middleware (security/):
// secure headers and a CSP of 'self', the Host allow-list, the cross-origin check on every unsafe
// request (and, for a cookie, Origin or Sec-Fetch-Site must be there to check), then the session
// (session.ts) and the rule that only admin tokens write. Pages are GETs that read; forms POST to
// the job API (the same JobsService as /api/v1, acting as the logged-in token) and redirect.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { Logger } from 'pino';
import type { ApiToken } from '../../config/types.js';
import { JOB_SOURCES, JOB_STATES, RUN_STATUSES, type RunStatus } from '../../store/types.js';
import { problem, ProblemError, problemOf, refuse } from '../problem.js';
import { ANONYMOUS, principalForToken, writesNeedAdmin } from '../security/auth.js';
import { boundedWrites } from '../security/body.js';
import { securityHeaders } from '../security/headers.js';
import { allowedHostNames, hostCheck } from '../security/hosts.js';
import { sameOriginWrites } from '../security/origin.js';
import { jobActions } from './actions.js';
import { assetResponse } from './assets.js';
import { runRow } from './components.js';
import { jobPageData, jobsData, overviewData, runPageData, runsData } from './data.js';
import { bare, BASE } from './layout.js';
import { LiveFeed } from './live.js';
import { RunStatsCache } from './run-stats.js';
import { STATS_WINDOWS, type JobsFilter, type RunsFilter, type StatsWindow } from './model.js';
import { errorBody } from './pages/error.js';
import { jobBody } from './pages/job.js';
import { jobsBody } from './pages/jobs.js';
import { loginPage } from './pages/login.js';
import { newJobBody } from './pages/new-job.js';
import { overviewBody, UPCOMING_HOURS } from './pages/overview.js';
import { runBody, runsBody } from './pages/runs.js';
import { previewOf } from './preview.js';
import { formOf, render, THEME_COOKIE, THEMES, themeOf, type UiDeps, type UiEnv } from './respond.js';
import { endSession, readSession, startSession } from './session.js';
import { preview } from './trigger-editor.js';

export interface UiOptions {
  tokens: readonly ApiToken[];
  listenHost: string;
  allowedHosts: readonly string[];
  deps(): UiDeps | null;
  logger: Logger;
}

/** Tabs following live updates at once, at most: each holds a connection open. */
const MAX_LIVE_TABS = 100;

export function uiRoutes(options: UiOptions): Hono<UiEnv> {
  const ui = new Hono<UiEnv>();
  // One of each per service (this app), made when the store is first there.
  let live: LiveFeed | null = null;
  let stats: RunStatsCache | null = null;
  ui.use(securityHeaders({ referrerPolicy: 'same-origin' }), hostCheck(allowedHostNames(options.listenHost, options.allowedHosts)));
  ui.get('/assets/:file', (c) => assetResponse(c.req.param('file'), c.req.header('if-none-match')) ?? c.text('no such asset\n', 404));
  ui.use(fetchMetadataOnWrites(), sameOriginWrites(), boundedWrites('the form'));

  ui.get('/login', (c) => c.html(loginPage(themeOf(c), safeNext(c.req.query('next')), options.tokens.length === 0 ? NO_TOKENS : null).text));
  ui.post('/login', async (c) => {
    const form = await formOf(c);
    const next = safeNext(form.next);
    const principal = await principalForToken(options.tokens, form.token ?? '');
    const token = principal && options.tokens.find((t) => t.name === principal.name);
    if (!token) return c.html(loginPage(themeOf(c), next, options.tokens.length === 0 ? NO_TOKENS : 'That token is not one of http.api.tokens.').text, 401);
    startSession(c, token, new Date());
    options.logger.info({ token: token.name }, `dashboard: ${token.name} logged in`);
    return c.redirect(next, 303);
  });
  ui.post('/logout', (c) => {
    endSession(c);
    return c.redirect(`${BASE}/login`, 303);
  });
  ui.post('/theme', async (c) => {
    const form = await formOf(c);
    const theme = THEMES.find((t) => t === form.theme) ?? 'auto';
    setCookie(c, THEME_COOKIE, theme, { path: '/ui', sameSite: 'Strict', httpOnly: true, maxAge: 365 * 86_400 });
    return c.redirect(safeNext(form.back), 303);
  });

  ui.use(authenticated(options), writesNeedAdmin(), withDeps(options));

  ui.get('/', async (c) => {
    const deps = c.get('deps');
    const window = STATS_WINDOWS.find((w) => w === c.req.query('window')) ?? '24h';
    const hours = UPCOMING_HOURS.find((h) => String(h) === c.req.query('hours')) ?? 6;
    stats ??= new RunStatsCache(deps.store);
    const data = await overviewData(sources(c), { window: window as StatsWindow, hours, overdueAfterMs: 2 * deps.pollIntervalMs, leaseTimeoutMs: deps.leaseTimeoutMs, storeError: deps.storeError(), stats });
    return render(c, { title: 'Overview', section: 'overview', chart: true, body: overviewBody(data, deps.clock.now()) });
  });

  ui.get('/jobs', async (c) => {
    const q = c.req.query();
    const filter: JobsFilter = {
      q: q.q?.trim() || undefined,
      state: JOB_STATES.find((s) => s === q.state),
      task: q.task || undefined,
      source: JOB_SOURCES.find((s) => s === q.source),
      cursor: q.cursor || undefined,
    };
    const data = await jobsData(sources(c), filter, c.get('deps').taskNames());
    return render(c, { title: 'Jobs', section: 'jobs', body: jobsBody(data, c.get('deps').clock.now()) });
  });

  ui.get('/jobs/new', (c) => render(c, { title: 'New job', section: 'new', body: newJobBody({ tasks: c.get('deps').taskNames() }) }));

  ui.get('/jobs/:id', async (c) => {
    const id = c.req.param('id');
    const data = await jobPageData(sources(c), id, c.get('deps').taskNames());
    if (data === null) return notFound(c, `no job "${id}" in the store`);
    return render(c, { title: `Job ${id}`, section: 'jobs', live: true, body: jobBody(data, c.get('deps').clock.now(), c.get('principal').role === 'admin') });
  });

  ui.get('/runs', async (c) => {
    const q = c.req.query();
    const filter: RunsFilter = {
      job: q.job?.trim() || undefined,
      status: RUN_STATUSES.find((s) => s === q.status) as RunStatus | undefined,
      since: instant(q.since, 'since'),
      until: instant(q.until, 'until'),
      cursor: q.cursor || undefined,
    };
    const data = await runsData(sources(c), filter);
    return render(c, { title: 'Runs', section: 'runs', live: true, body: runsBody(data, c.get('deps').clock.now()) });
  });

  ui.get('/runs/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const data = Number.isSafeInteger(id) ? await runPageData(sources(c), id) : null;
    if (data === null) return notFound(c, `no run ${c.req.param('id')} in the store`);
    return render(c, { title: `Run #${id}`, section: 'runs', body: runBody(data, c.get('deps').clock.now(), c.get('principal').role === 'admin') });
  });

  // The trigger editor's preview, as the fragment the page shows (ui.js puts it in place).
  ui.get('/preview', (c) => {
    const deps = c.get('deps');
    return c.html(preview(previewOf(c.req.query(), deps.timezone, deps.clock.now())).text);
  });

  ui.get('/events', (c) => {
    const deps = c.get('deps');
    live ??= new LiveFeed({ store: deps.store, clock: deps.clock, logger: options.logger, render: (run, now) => runRow(run, now).text });
    if (live.size >= MAX_LIVE_TABS) refuse(503, `${MAX_LIVE_TABS} dashboard tabs already follow live updates; reload later`);
    const feed = live;
    return streamSSE(c, async (stream) => {
      const unsubscribe = feed.subscribe((event) => void stream.writeSSE({ event: 'run', id: String(event.id), data: JSON.stringify(event) }));
      stream.onAbort(unsubscribe);
      // A comment now and then keeps proxies from closing an idle stream, and notices a gone tab.
      while (!stream.aborted) {
        await stream.write(': keep-alive\n\n');
        await stream.sleep(15_000);
      }
      unsubscribe();
    });
  });

  ui.route('/', jobActions());

  ui.notFound((c) => c.html(bare('Not found', themeOf(c), errorBody(`no page ${c.req.path}`)).text, 404));
  ui.onError((error, c) => {
    const known = problemOf(error);
    if (!known) options.logger.error({ err: error, method: c.req.method, path: c.req.path }, `dashboard: ${c.req.method} ${c.req.path}: ${error.message}`);
    const status = known?.status ?? 500;
    const message = known?.detail ?? 'internal error (logged by the service)';
    const response = c.get('principal') && c.get('deps') ? render(c, { title: 'Not done', section: 'overview', body: errorBody(message) }, status) : c.html(bare('Not done', themeOf(c), errorBody(message)).text, status);
    // A refusal's own headers (Connection: close after an unread oversized body, Retry-After).
    if (error instanceof ProblemError) for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
    return response;
  });
  return ui;
}

const NO_TOKENS = 'No token is configured (http.api.tokens in env.yaml): the dashboard is read-only for everyone on this machine, no login needed.';

function notFound(c: Context<UiEnv>, message: string): Response {
  return render(c, { title: 'Not found', section: 'overview', body: errorBody(message) }, 404);
}

function sources(c: Context<UiEnv>) {
  const deps = c.get('deps');
  return { store: deps.store, jobs: deps.jobs.read, now: deps.clock.now() };
}

/**
 * Where to go after login: a dashboard path only, as the browser will resolve it (never another
 * site: `//evil.example`; never out of /ui: `/ui/../x`), and nothing a header cannot hold (CR LF).
 */
function safeNext(next: string | undefined): string {
  if (!next || /[\u0000-\u001f\u007f\\]/.test(next)) return BASE;
  const url = new URL(next, 'http://dashboard.invalid');
  const path = url.pathname + url.search;
  const inside = url.host === 'dashboard.invalid' && (url.pathname === BASE || url.pathname.startsWith(`${BASE}/`));
  return inside ? path : BASE;
}

function instant(text: string | undefined, name: string): Date | undefined {
  if (!text?.trim()) return undefined;
  const t = text.trim();
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);
  if (Number.isNaN(date.getTime())) refuse(400, `${name}: expected an ISO date-time such as 2026-01-06T08:00:00Z, got ${JSON.stringify(t.slice(0, 50))}`);
  return date;
}

/**
 * A browser always says where an unsafe request comes from (Origin, Sec-Fetch-Site); the check
 * after this one compares them. A request without either is no form of this dashboard: a cookie
 * may not act on it (scripts use the API with a bearer token).
 */
function fetchMetadataOnWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (!/^(GET|HEAD|OPTIONS)$/.test(c.req.method) && c.req.header('origin') === undefined && c.req.header('sec-fetch-site') === undefined) {
      throw new ProblemError(problem(403, 'refused: a dashboard form is sent by a browser, which says where it comes from (Origin or Sec-Fetch-Site); this request says neither'));
    }
    await next();
  };
}

/** The session's principal; without tokens configured, the read-only anonymous one; else to the login page. */
function authenticated(options: UiOptions): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const principal = readSession(c, options.tokens, new Date()) ?? (options.tokens.length === 0 ? ANONYMOUS : null);
    if (principal === null) {
      if (c.req.method !== 'GET') refuse(401, 'not logged in (or the session expired): log in at /ui/login');
      const url = new URL(c.req.url);
      return c.redirect(`${BASE}/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    c.set('principal', principal);
    await next();
  };
}

function withDeps(options: UiOptions): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const deps = options.deps();
    if (deps === null) refuse(503, 'starting: the service has not reached its job store yet; reload in a moment');
    c.set('deps', deps);
    await next();
  };
}
