// /api/v1: the job API over HTTP, one route per JobApi call plus the reads a dashboard needs.
// Every request passes, in this order: secure headers, the Host allow-list (421), the
// cross-origin check for writes (403), the token (401), the role (403), then for writes the body
// size (413) and type (415). Only then does a handler run, so a refused request changes nothing.
import { Hono, type MiddlewareHandler } from 'hono';
import type { Clock } from '../../clock.js';
import type { JobApi } from '../../jobs/types.js';
import type { JobStore } from '../../store/types.js';
import type { ApiOptions } from '../app.js';
import { refuse } from '../problem.js';
import { authenticate, writesNeedAdmin, type AuthEnv } from '../security/auth.js';
import { jsonWrites } from '../security/body.js';
import { securityHeaders } from '../security/headers.js';
import { allowedHostNames, hostCheck } from '../security/hosts.js';
import { sameOriginWrites } from '../security/origin.js';
import { auditRoutes } from './audit.js';
import { instanceRoutes } from './instances.js';
import { jobRoutes } from './jobs.js';
import { openApiDocument } from './openapi.js';
import { runRoutes } from './runs.js';
import { scheduleRoutes } from './schedule.js';

/** What the routes work with, once the service has reached its store. */
export interface ApiDeps {
  jobs: {
    /** For reads (getJob, upcoming): writes nothing. */
    read: JobApi;
    /** The job API acting for `actor`: the origin of the jobs it writes, the actor of its audit entries. */
    as(actor: string): JobApi;
  };
  /** The store's reads the job API has no call for (pages, search, history, instances, audit). */
  store: JobStore;
  clock: Clock;
  /** This service's instance, marked in /instances. */
  instanceId: string;
  /** The deployed task names (the dashboard's choice for a new job); default: the modules of <root>/tasks. */
  taskNames?(): readonly string[];
}

export type ApiEnv = AuthEnv & { Variables: { deps: ApiDeps } };

export function apiRoutes(options: ApiOptions): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.use(
    securityHeaders(),
    hostCheck(allowedHostNames(options.listenHost, options.settings.allowedHosts)),
    sameOriginWrites(),
    authenticate({ tokens: options.settings.tokens, ...(options.session ? { session: options.session } : {}) }),
    writesNeedAdmin(),
    jsonWrites(),
  );
  api.get('/openapi.json', (c) => c.json(openApiDocument));
  api.use(withDeps(options));
  api.route('/jobs', jobRoutes());
  api.route('/runs', runRoutes());
  api.route('/', scheduleRoutes());
  api.route('/', instanceRoutes());
  api.route('/', auditRoutes());
  return api;
}

function withDeps(options: ApiOptions): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const deps = options.deps();
    if (deps === null) refuse(503, 'starting: the service has not reached its job store yet');
    c.set('deps', deps);
    await next();
  };
}
