// The service's one HTTP app: /healthz and /metrics always; /api/v1 (and the dashboard at /ui)
// only when `http.api.enabled`. Every refusal and error ends here as one response: problem+json
// under /api, plain text elsewhere; an unexpected error is logged and answered 500 without its text.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { ApiSettings } from '../config/types.js';
import { apiRoutes, type ApiDeps } from './api/index.js';
import { monitorRoutes, type Endpoints } from './monitor.js';
import { problem, ProblemError, problemOf, problemResponse } from './problem.js';
import type { Principal } from './security/auth.js';
import { text } from './server.js';
import { uiRoutes, type UiOptions } from './ui/routes.js';

export interface ApiOptions {
  settings: ApiSettings;
  /** `http.host`: a loopback listener serves this machine's names only (security/hosts.ts). */
  listenHost: string;
  /** null until the store is reached and the service attached: the API answers 503 meanwhile. */
  deps(): ApiDeps | null;
  /** The dashboard's session → who (see security/auth.ts). */
  session?: (c: Context) => Principal | null | Promise<Principal | null>;
}

export interface AppOptions {
  endpoints: Endpoints;
  api: ApiOptions | null;
  /** The dashboard at /ui (enabled with the API). */
  ui?: UiOptions | null;
  logger: Logger;
}

export function createApp({ endpoints, api, ui = null, logger }: AppOptions): Hono {
  const app = new Hono();
  app.route('/', monitorRoutes(endpoints));
  if (api) app.route('/api/v1', apiRoutes(api));
  if (ui) {
    // Hono's paths are strict: the overview is /ui, and /ui/ (as typed) leads there.
    app.get('/ui/', (c) => c.redirect(`/ui${new URL(c.req.url).search}`, 301));
    app.route('/ui', uiRoutes(ui));
  }
  app.notFound((c) => {
    if (underApi(c.req.path)) return problemResponse(problem(404, `no route ${c.req.method} ${c.req.path} (see /api/v1/openapi.json)`));
    return text(404, api ? 'not found: try /healthz, /metrics or /api/v1/openapi.json\n' : 'not found: try /healthz or /metrics\n');
  });
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(error.problem, error.headers);
    // Hono's middleware (bearer-auth) answers with a prepared response.
    if (error instanceof HTTPException) return error.getResponse();
    const known = problemOf(error);
    if (known) return problemResponse(known);
    logger.error({ err: error, method: c.req.method, path: c.req.path }, `http: ${c.req.method} ${c.req.path}: ${error.message}`);
    return underApi(c.req.path) ? problemResponse(problem(500, 'internal error (logged by the service)')) : text(500, 'internal error\n');
  });
  return app;
}

function underApi(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}
