// GET /healthz and GET /metrics: always served, open and read-only (probes and Prometheus carry
// no token). HEAD is answered like GET without a body (Hono does that for GET routes); any other
// method gets 405 with Allow.
import { Hono } from 'hono';
import type { Health } from './health.js';
import { text } from './server.js';

export interface Endpoints {
  health(): Health;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export function monitorRoutes(endpoints: Endpoints): Hono {
  const app = new Hono();
  app.get('/healthz', () => {
    const health = endpoints.health();
    const body = JSON.stringify({ status: health.healthy ? 'ok' : 'unavailable', reason: health.reason, lastCycleAt: health.lastCycleAt });
    return new Response(`${body}\n`, { status: health.healthy ? 200 : 503, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  });
  app.get('/metrics', async () => {
    const { contentType, body } = await endpoints.metrics();
    return new Response(body, { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
  });
  app.all('/healthz', () => text(405, 'method not allowed\n', { Allow: 'GET, HEAD' }));
  app.all('/metrics', () => text(405, 'method not allowed\n', { Allow: 'GET, HEAD' }));
  return app;
}
