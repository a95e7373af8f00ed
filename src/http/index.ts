// /healthz and /metrics for the service, when `http.port` is set in env.yaml. The server starts
// before the store is reached (so a probe sees "starting", not a refused connection) and reports
// on the scheduler once it is attached.
import type { Logger } from 'pino';
import { ConfigError } from '../config/errors.js';
import type { Settings } from '../config/types.js';
import { SchedulerMetrics } from '../metrics/scheduler-metrics.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { checkHealth, staleAfterMs, type Health } from './health.js';
import { listen, type HttpServer } from './server.js';

export interface HttpMonitor {
  readonly port: number;
  /** Starts reporting on this scheduler's health and feeding its events into /metrics. */
  attach(scheduler: Scheduler): void;
  close(): Promise<void>;
}

/** Serves /healthz and /metrics on `settings.http.host`:`port`; null when no port is configured. */
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
  const server = await listenOrExplain(host, port, { health, metrics: () => metrics.render() });
  const where = server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
  logger.info({ host: server.host, port: server.port }, `http: serving /healthz and /metrics on ${where}`);
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
    close: () => server.close(),
  };
}

async function listenOrExplain(host: string, port: number, endpoints: Parameters<typeof listen>[2]): Promise<HttpServer> {
  try {
    return await listen(host, port, endpoints);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError('env.yaml', 'http.port', `port ${port} is already in use on ${host}`);
    if (code === 'EACCES') throw new ConfigError('env.yaml', 'http.port', `not allowed to listen on port ${port}`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError('env.yaml', 'http.host', `${host} is not an address of this machine`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new ConfigError('env.yaml', 'http.host', `cannot resolve "${host}" (${code})`);
    throw error;
  }
}
