// The service's HTTP port, when `http.port` is set in env.yaml: /healthz and /metrics, and the
// API under /api/v1 when `http.api.enabled`. The server starts before the store is reached (so a
// probe sees "starting", not a refused connection) and reports on the scheduler, and serves the
// API, once they are attached.
import type { Logger } from 'pino';
import { ConfigError } from '../config/errors.js';
import type { Settings } from '../config/types.js';
import { SchedulerMetrics } from '../metrics/scheduler-metrics.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { ApiDeps } from './api/index.js';
import { createApp } from './app.js';
import { checkHealth, staleAfterMs, type Health } from './health.js';
import type { Endpoints } from './monitor.js';
import { listen, type HttpServer } from './server.js';
import { dashboardOptions } from './ui/deps.js';

export interface HttpMonitor {
  readonly port: number;
  /** Starts reporting on this scheduler's health and feeding its events into /metrics. */
  attach(scheduler: Scheduler): void;
  /** Starts answering /api/v1 (503 until then); ignored when the API is not enabled. */
  attachApi(deps: ApiDeps): void;
  close(): Promise<void>;
}

/** Serves /healthz, /metrics (and /api/v1) on `settings.http.host`:`port`; null when no port is configured. */
export async function startHttp(settings: Settings, logger: Logger): Promise<HttpMonitor | null> {
  const { host, port } = settings.http;
  if (port === null) return null;
  const metrics = new SchedulerMetrics();
  const staleMs = staleAfterMs(settings.pollInterval);
  let scheduler: Scheduler | null = null;
  let lastStoreError: string | null = null;
  const health = (): Health => {
    if (!scheduler) return { healthy: false, reason: 'starting: connecting to the job store', lastCycleAt: null };
    return checkHealth({ lastCycleAt: scheduler.lastCycleAt, storeHealthy: scheduler.storeHealthy, lastStoreError }, new Date(), staleMs);
  };
  let api: ApiDeps | null = null;
  const apiSettings = settings.http.api;
  const app = createApp({
    endpoints: { health, metrics: () => metrics.render() } satisfies Endpoints,
    api: apiSettings.enabled ? { settings: apiSettings, listenHost: host, deps: () => api } : null,
    ui: apiSettings.enabled ? dashboardOptions(settings, logger, { api: () => api, storeError: () => lastStoreError }) : null,
    logger,
  });
  const server = await listenOrExplain(host, port, app.fetch);
  const where = server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
  logger.info({ host: server.host, port: server.port }, `http: serving /healthz and /metrics on ${where}`);
  if (apiSettings.enabled) logApi(settings, where, logger);
  return {
    port: server.port,
    attach(s) {
      scheduler = s;
      metrics.attach(s);
      s.listeners.add({
        storeError: (error) => void (lastStoreError = error.message),
        storeRecovered: () => void (lastStoreError = null),
      });
    },
    attachApi(deps) {
      api = deps;
    },
    close: () => server.close(),
  };
}

// Names and roles only: a token's value is never logged.
function logApi(settings: Settings, where: string, logger: Logger): void {
  const { tokens, emptyTokens } = settings.http.api;
  for (const name of emptyTokens) logger.warn(`http.api: token "${name}" is empty (its variable is unset?): left out`);
  const who = tokens.map((t) => `${t.name} (${t.role})`).join(', ');
  logger.info(
    { tokens: tokens.map((t) => ({ name: t.name, role: t.role })) },
    tokens.length > 0
      ? `http: serving the API at /api/v1 and the dashboard at /ui on ${where}; tokens: ${who}`
      : `http: serving the API at /api/v1 and the dashboard at /ui on ${where} read-only: no token configured (http.api.tokens), so no writes`,
  );
}

async function listenOrExplain(host: string, port: number, fetch: Parameters<typeof listen>[2]): Promise<HttpServer> {
  try {
    return await listen(host, port, fetch);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError('env.yaml', 'http.port', `port ${port} is already in use on ${host}`);
    if (code === 'EACCES') throw new ConfigError('env.yaml', 'http.port', `not allowed to listen on port ${port}`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError('env.yaml', 'http.host', `${host} is not an address of this machine`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new ConfigError('env.yaml', 'http.host', `cannot resolve "${host}" (${code})`);
    throw error;
  }
}
