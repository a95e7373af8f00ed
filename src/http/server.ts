// The HTTP endpoints (node:http, no framework): GET /healthz and GET /metrics. HEAD is answered
// like GET without a body; anything else is 404 or 405, and a target that is no URL 400.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Health } from './health.js';

export interface Endpoints {
  health(): Health;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface HttpServer {
  /** The bound address (`127.0.0.1`, `0.0.0.0`, `::` …). */
  readonly host: string;
  /** The bound port (useful when configured as 0: any free port). */
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(host: string, port: number, endpoints: Endpoints): Promise<HttpServer> {
  const server = createServer((req, res) => {
    handle(req, res, endpoints).catch((error: unknown) => send(res, req, 500, 'text/plain; charset=utf-8', `internal error: ${(error as Error).message}\n`));
  });
  // Probes open a connection per request; do not let idle keep-alive sockets delay shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    close: () => close(server),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, endpoints: Endpoints): Promise<void> {
  const path = pathOf(req.url ?? '/');
  if (path === null) return send(res, req, 400, 'text/plain; charset=utf-8', 'bad request: malformed request target\n');
  if (path !== '/healthz' && path !== '/metrics') return send(res, req, 404, 'text/plain; charset=utf-8', 'not found: try /healthz or /metrics\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, req, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  if (path === '/healthz') {
    const health = endpoints.health();
    const body = JSON.stringify({ status: health.healthy ? 'ok' : 'unavailable', reason: health.reason, lastCycleAt: health.lastCycleAt });
    return send(res, req, health.healthy ? 200 : 503, 'application/json', `${body}\n`);
  }
  const { contentType, body } = await endpoints.metrics();
  send(res, req, 200, contentType, body);
}

/** The path of a request target (origin or absolute form); null when it is no URL at all (`//%%/`, `http://[::1/`). */
function pathOf(target: string): string | null {
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
