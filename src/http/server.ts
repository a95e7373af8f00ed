// The HTTP listener: node:http carrying a Hono app (app.ts) through @hono/node-server. A request
// target that is no URL at all gets 400 here, before the app: a framework would read `//%%/` as
// a path and answer 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';

/** What serves the requests: a Hono app's `fetch`. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface HttpServer {
  /** The bound address (`127.0.0.1`, `0.0.0.0`, `::` …). */
  readonly host: string;
  /** The bound port (useful when configured as 0: any free port). */
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(host: string, port: number, fetch: FetchHandler): Promise<HttpServer> {
  // overrideGlobalObjects: false, because the scheduler may be embedded in someone else's process,
  // whose global Request and Response must stay Node's own.
  const serve = getRequestListener(fetch, {
    overrideGlobalObjects: false,
    // An HTTP/1.0 probe (HAProxy's httpchk, keepalived) may send no Host: it asked this address.
    hostname: host.includes(':') ? `[${host}]` : host,
    // Called only when no Request could be made of what was sent (an invalid Host, a backslash in
    // the path): the client's mistake, said in the adapter's words (which quote nothing it sent).
    errorHandler: (error) => (error instanceof RequestError ? text(400, `bad request: ${error.message.toLowerCase()}\n`) : text(500, 'internal error\n')),
  });
  const server = createServer((req, res) => {
    if (pathOf(req.url ?? '/') === null) return sendBadTarget(req, res);
    void serve(req, res);
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

/** The path of a request target (origin or absolute form); null when it is no URL at all (`//%%/`, `http://[::1/`). */
function pathOf(target: string): string | null {
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function sendBadTarget(req: IncomingMessage, res: ServerResponse): void {
  const body = 'bad request: malformed request target\n';
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
