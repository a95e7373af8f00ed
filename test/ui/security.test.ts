// The dashboard fails closed (issue 12 §3), against the real service on MariaDB: no session, a
// forged one, a read token writing, a form posted from another site or by no browser at all, a
// foreign Host, an oversized form, a login posted from elsewhere: each refused, nothing changed.
// And the pages hold to the CSP: no inline script or style.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { before, describe, it } from 'node:test';
import { sessionValue } from '../../src/http/ui/session.js';
import { MAX_BODY_BYTES } from '../../src/http/security/body.js';
import { needsDb } from '../helpers/db.js';
import { ADMIN_TOKEN, ApiService, READ_TOKEN } from '../http/api-service.js';

const ops = { name: 'ops', token: ADMIN_TOKEN, role: 'admin' as const };
const grafana = { name: 'grafana', token: READ_TOKEN, role: 'read' as const };
const cookie = (token: typeof ops | typeof grafana) => `scheduler_session=${sessionValue(token, new Date())}`;

describe('dashboard security', needsDb, () => {
  const api = ApiService.start({ config: 'tasks: {}\n', tasks: { echo: 'export function run() {}\n' } });
  let origin = '';
  let snapshot = '';

  async function state(): Promise<string> {
    const [jobs, runs, audit] = await Promise.all([api.store.listJobs(), api.store.listRuns({ limit: 1000 }), api.store.listAudit({ limit: 1000 })]);
    return JSON.stringify({ jobs, runs, audit });
  }

  /** A form POST; `alone`: on a connection of its own (node:http, no keep-alive), for a request the server cuts short. */
  async function post(path: string, headers: Record<string, string>, body = 'from=now', alone = false): Promise<{ status: number; headers: Headers; text(): Promise<string> }> {
    const all = { 'Content-Type': 'application/x-www-form-urlencoded', ...headers };
    if (!alone) return fetch(`${origin}${path}`, { method: 'POST', redirect: 'manual', headers: all, body });
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: api.port, path, method: 'POST', agent: false, headers: all }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), text: async () => text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  before(async () => {
    origin = `http://127.0.0.1:${api.port}`;
    const added = await api.call('POST', '/jobs', { body: { id: 'guarded', task: 'echo', trigger: 'interval', args: { hours: 1 } } });
    assert.equal(added.status, 201);
    snapshot = await state();
  });

  const REFUSALS: Array<[string, () => ReturnType<typeof post>, number]> = [
    ['no session', () => post('/ui/jobs/guarded/pause', { Origin: origin }), 401],
    ['a cookie signed by no token of env.yaml', () => post('/ui/jobs/guarded/pause', { Origin: origin, Cookie: cookie({ ...ops, token: 'not-the-real-token-0123456789' }) }), 401],
    ['a read token writing', () => post('/ui/jobs/guarded/pause', { Origin: origin, Cookie: cookie(grafana) }), 403],
    ['a form posted from another site', () => post('/ui/jobs/guarded/pause', { Origin: 'https://evil.example', Cookie: cookie(ops) }), 403],
    ['a form another site’s page sent without Origin', () => post('/ui/jobs/guarded/pause', { 'Sec-Fetch-Site': 'cross-site', Cookie: cookie(ops) }), 403],
    // (A form body without Origin is Hono csrf's to refuse; this one is the dashboard's own rule.)
    ['a write saying neither Origin nor Sec-Fetch-Site', () => post('/ui/jobs/guarded/pause', { Cookie: cookie(ops), 'Content-Type': 'application/json' }, '{}'), 403],
    ['a login posted from another site', () => post('/ui/login', { Origin: 'https://evil.example' }, `token=${ADMIN_TOKEN}`), 403],
    // On its own connection: the server stops reading the body and closes it.
    ['an oversized form', () => post('/ui/jobs/guarded/edit', { Origin: origin, Cookie: cookie(ops) }, `params=${'x'.repeat(MAX_BODY_BYTES + 1)}`, true), 413],
  ];
  for (const [name, send, status] of REFUSALS) {
    it(`refuses ${name} with ${status}, changing nothing`, async () => {
      const res = await send();
      assert.equal(res.status, status, await res.text());
      assert.equal(res.headers.get('set-cookie'), null, 'no session handed out');
      assert.equal(await state(), snapshot);
    });
  }

  it('sends a reader without a session to the login page, keeping where it was going', async () => {
    const res = await fetch(`${origin}/ui/runs?status=failed`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/ui/login?next=%2Fui%2Fruns%3Fstatus%3Dfailed');
  });

  it('answers no foreign Host (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: api.port, path: '/ui', headers: { Host: 'evil.example', Cookie: cookie(ops) } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 421);
  });

  it('takes the same form from this origin, as the logged-in token', async () => {
    const res = await post('/ui/jobs/guarded/pause', { Origin: origin, Cookie: cookie(ops) });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/ui/jobs/guarded?done=paused');
    const [entry] = await api.store.listAudit({ jobId: 'guarded', limit: 1 });
    assert.deepEqual([entry?.actor, entry?.action], ['ops', 'pause']);
  });

  it('serves pages under a CSP of self, with nothing inline for it to block', async () => {
    for (const path of ['/ui', '/ui/jobs', '/ui/jobs/guarded', '/ui/runs', '/ui/jobs/new', '/ui/login']) {
      const res = await fetch(`${origin}${path}`, { headers: { Cookie: cookie(ops) } });
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      const page = await res.text();
      assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/, `${path}: an inline script`);
      assert.doesNotMatch(page, /\sstyle=|<style/, `${path}: an inline style`);
      assert.doesNotMatch(page, /\son[a-z]+=/, `${path}: an inline event handler`);
    }
  });
});
