// The real service with the HTTP API enabled, as a child process on a fresh MariaDB database, and
// a small client for it: the API tests talk to exactly what `npm start` serves.
import { request as httpRequest } from 'node:http';
import { after, before } from 'node:test';
import { openStore } from '../../src/store/index.js';
import type { JobStore } from '../../src/store/types.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { makeProject, ServiceProcess, type ProjectFiles } from '../helpers/service.js';

export const ADMIN_TOKEN = 'admin-token-4f9a8c1e2b7d6a5f';
export const READ_TOKEN = 'read-token-0c9b8a7f6e5d4c3b';

export const API_ENV = `scheduler:
  poll_interval: 0.2
http:
  port: 0
  api:
    enabled: true
    tokens:
      - { name: ops, token: "\${OPS_TOKEN}", role: admin }
      - { name: grafana, token: "\${GRAFANA_TOKEN}", role: read }
`;

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; null when empty. */
  // eslint-style any on purpose: a test reads whatever the API answered, field by field.
  body: any;
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is (no JSON encoding, no Content-Type added). */
  raw?: string;
  headers?: Record<string, string>;
}

export class ApiService {
  service!: ServiceProcess;
  store!: JobStore;
  /** The service's database, for what no store call does (a row edited by hand). */
  db!: TestDatabase;
  port = 0;

  /** Registers before/after hooks: a fresh database, the service on it, a store to check what it wrote. */
  static start(files: Omit<ProjectFiles, 'env'> & { env?: string }): ApiService {
    const api = new ApiService();
    const db = freshDatabase('api');
    api.db = db;
    before(async () => {
      const root = makeProject({ env: API_ENV, ...files });
      api.service = new ServiceProcess(root, { JOBSTORE_URL: db.url, OPS_TOKEN: ADMIN_TOKEN, GRAFANA_TOKEN: READ_TOKEN });
      await api.service.waitForLine(/scheduler started/);
      api.port = Number(api.service.json().find((l) => String(l.msg).startsWith('http: serving'))!.port);
      api.store = openStore(db.url, { poolSize: 2 });
    });
    after(async () => {
      await api.service?.stop();
      await api.store?.close();
      if (process.env.DEBUG_E2E) console.log(api.service?.lines.join('\n'));
    });
    return api;
  }

  /** One request; the admin token unless `token` says otherwise (null: none). */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    const headers: Record<string, string> = { ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const res = await fetch(`http://127.0.0.1:${this.port}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : null, text };
  }

  /** A request with a Host header of our choosing (fetch does not let one be set). */
  rawCall(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: this.port, method, path: `/api/v1${path}`, headers }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
      req.end();
    });
  }
}
