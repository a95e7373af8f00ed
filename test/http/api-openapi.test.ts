// The OpenAPI document at /api/v1/openapi.json lists exactly the routes the app serves: every
// route of the app is in it with its method, and every operation in it is a route of the app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { openApiDocument } from '../../src/http/api/openapi.js';
import { createApp } from '../../src/http/app.js';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

function appRoutes(): string[] {
  const app = createApp({
    endpoints: { health: () => ({ healthy: true, reason: 'ok', lastCycleAt: null }), metrics: async () => ({ contentType: 'text/plain', body: '' }) },
    api: { settings: { enabled: true, tokens: [], emptyTokens: [], allowedHosts: [] }, listenHost: '127.0.0.1', deps: () => null },
    logger: pino({ level: 'silent' }),
  });
  // Middleware is registered as ALL …/*; the routes are the rest.
  return app.routes
    .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`)
    .sort();
}

function documentedRoutes(): string[] {
  return Object.entries(openApiDocument.paths)
    .flatMap(([path, item]) => Object.keys(item).filter((k) => METHODS.includes(k)).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('OpenAPI document', () => {
  it('lists every route the app serves, and no other', () => {
    const routes = appRoutes();
    assert.ok(routes.length >= 18, `the app has its routes (${routes.length})`);
    assert.deepEqual(documentedRoutes(), routes);
  });

  it('documents a response for every operation, and only components that exist', () => {
    const text = JSON.stringify(openApiDocument);
    for (const [, name] of text.matchAll(/"#\/components\/(?:schemas|responses)\/(\w+)"/g)) {
      const components = openApiDocument.components as { schemas: Record<string, unknown>; responses: Record<string, unknown> };
      assert.ok(name! in components.schemas || name! in components.responses, `component ${name} exists`);
    }
    for (const [path, item] of Object.entries(openApiDocument.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (METHODS.includes(method)) assert.ok(Object.keys((operation as { responses: object }).responses).length > 0, `${method} ${path} has responses`);
      }
    }
  });
});
