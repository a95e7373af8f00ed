// The OpenAPI 3.1 description of /api/v1, written by hand. test/http/api-openapi.test.ts checks
// that it lists exactly the routes the app serves.
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'mysql-scheduler API',
    version: '1',
    description: 'The job API over HTTP. Authorization: Bearer <token> (http.api.tokens in env.yaml).',
  },
  servers: [{ url: '/api/v1' }],
  paths: {
    '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
  },
} as const;
