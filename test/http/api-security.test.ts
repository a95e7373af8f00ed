// Issue 12 §3 and its acceptance: the API fails closed. Against the real service on MariaDB:
// no token, a wrong token, a read token writing, a cross-origin form POST, a foreign Host, an
// oversized body, bad JSON, a non-JSON body, an unknown job: each refused with its status, and
// nothing changed in the store. Then what always holds: security headers, no CORS, no token in
// the log; and without any token, reads only (loopback) or no start at all (other addresses).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_BODY_BYTES } from '../../src/http/security/body.js';
import { needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { ADMIN_TOKEN, ApiService, READ_TOKEN, type Answer } from './api-service.js';

const ECHO = 'export function run() {}\n';
const JOB = { id: 'guarded', task: 'echo', trigger: 'interval', args: { hours: 1 }, params: { n: 1 } };

describe('HTTP API security', needsDb, () => {
  const api = ApiService.start({ config: 'tasks: {}\n', tasks: { echo: ECHO } });
  let snapshot = '';

  /** Everything a refused request could have changed: jobs, runs and the audit log. */
  async function state(): Promise<string> {
    const [jobs, runs, audit] = await Promise.all([api.store.listJobs(), api.store.listRuns({ limit: 1000 }), api.store.listAudit({ limit: 1000 })]);
    return JSON.stringify({ jobs, runs, audit });
  }

  function refused(res: Answer, status: number, detail: RegExp): void {
    assert.equal(res.status, status, res.text);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(res.body.status, status);
    assert.match(res.body.detail, detail);
  }

  before(async () => {
    assert.equal((await api.call('POST', '/jobs', { body: JOB })).status, 201);
    snapshot = await state();
  });

  const REFUSALS: Array<[string, () => Promise<Answer>, number, RegExp]> = [
    ['no token', () => api.call('POST', '/jobs/guarded/pause', { token: null }), 401, /^a token is required/],
    ['no token, reading', () => api.call('GET', '/jobs', { token: null }), 401, /^a token is required/],
    ['a wrong token', () => api.call('DELETE', '/jobs/guarded', { token: 'wrong-token-0123456789abcdef' }), 401, /not one of http\.api\.tokens/],
    ['a malformed Authorization header', () => api.call('DELETE', '/jobs/guarded', { token: null, headers: { Authorization: `Basic ${ADMIN_TOKEN}` } }), 400, /malformed Authorization/],
    ['a read token writing', () => api.call('PATCH', '/jobs/guarded', { token: READ_TOKEN, body: { params: { n: 2 } } }), 403, /^token "grafana" may only read/],
    ['a read token running a job', () => api.call('POST', '/jobs/guarded/run', { token: READ_TOKEN }), 403, /may only read/],
    ['a cross-origin form POST', () => api.call('POST', '/jobs/guarded/pause', { raw: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' } }), 403, /^cross-origin write refused/],
    ['a cross-site text/plain POST without Origin', () => api.call('POST', '/jobs', { raw: JSON.stringify({ ...JOB, id: 'x' }), headers: { 'Content-Type': 'text/plain', 'Sec-Fetch-Site': 'cross-site' } }), 403, /cross-origin/],
    ['a JSON write from another origin', () => api.call('DELETE', '/jobs/guarded', { headers: { Origin: 'http://127.0.0.1.evil.example' } }), 403, /cross-origin/],
    ['an oversized body', () => api.call('PATCH', '/jobs/guarded', { raw: JSON.stringify({ params: { blob: 'x'.repeat(MAX_BODY_BYTES) } }), headers: { 'Content-Type': 'application/json' } }), 413, /larger than/],
    ['bad JSON', () => api.call('PATCH', '/jobs/guarded', { raw: '{"params": {', headers: { 'Content-Type': 'application/json' } }), 400, /not valid JSON/],
    ['a JSON body that is no object', () => api.call('POST', '/jobs', { raw: '[1, 2]', headers: { 'Content-Type': 'application/json' } }), 400, /must be a JSON object, got a list/],
    ['a body that is not JSON', () => api.call('PATCH', '/jobs/guarded', { raw: 'params=1', headers: { 'Content-Type': 'text/yaml' } }), 415, /must be JSON/],
    ['an unknown job', () => api.call('POST', '/jobs/nope/pause'), 404, /^no job "nope"/],
    ['an unknown route', () => api.call('POST', '/jobz'), 404, /no route/],
  ];
  for (const [name, send, status, detail] of REFUSALS) {
    it(`refuses ${name} with ${status}, changing nothing`, async () => {
      refused(await send(), status, detail);
      assert.equal(await state(), snapshot);
    });
  }

  it('answers 401 with a Bearer challenge', async () => {
    assert.match((await api.call('GET', '/jobs', { token: null })).headers.get('www-authenticate') ?? '', /^Bearer /);
  });

  it('refuses a foreign Host with 421 (DNS rebinding), and serves this machine’s names', async () => {
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    for (const host of ['evil.example', `evil.example:${api.port}`, '127.0.0.1.nip.io']) {
      const res = await api.rawCall('POST', '/jobs/guarded/pause', { ...auth, Host: host });
      assert.equal(res.status, 421, host);
      assert.match(JSON.parse(res.body).detail, /does not answer for host/);
    }
    for (const host of [`localhost:${api.port}`, `127.0.0.1:${api.port}`, 'localhost']) assert.equal((await api.rawCall('GET', '/jobs', { ...auth, Host: host })).status, 200, host);
    assert.equal(await state(), snapshot);
  });

  it('lets a read token read, and a same-origin browser write pass', async () => {
    assert.equal((await api.call('GET', '/jobs/guarded', { token: READ_TOKEN })).status, 200);
    const sameOrigin = { Origin: `http://127.0.0.1:${api.port}`, 'Sec-Fetch-Site': 'same-origin' };
    assert.equal((await api.call('POST', '/jobs/guarded/pause', { headers: sameOrigin })).status, 200);
    assert.equal((await api.call('POST', '/jobs/guarded/resume', { headers: sameOrigin })).status, 200);
  });

  it('sends a CSP of self with frame-ancestors none and the other security headers, on answers and refusals alike', async () => {
    for (const res of [await api.call('GET', '/jobs'), await api.call('GET', '/jobs', { token: null }), await api.call('GET', '/nope')]) {
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    }
  });

  it('sends no CORS header, to a preflight or to a request from another origin', async () => {
    const preflight = await api.call('OPTIONS', '/jobs', { token: null, headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'DELETE' } });
    const read = await api.call('GET', '/jobs', { headers: { Origin: 'https://evil.example' } });
    for (const res of [preflight, read]) {
      for (const name of res.headers.keys()) assert.ok(!name.startsWith('access-control-'), `${name} is not sent`);
    }
  });

  it('never writes a token into the log', async () => {
    await api.call('GET', '/jobs', { token: 'wrong-token-0123456789abcdef' });
    const log = api.service.lines.join('\n');
    assert.match(log, /tokens: ops \(admin\), grafana \(read\)/, 'the names are logged');
    for (const token of [ADMIN_TOKEN, READ_TOKEN, 'wrong-token-0123456789abcdef']) assert.equal(log.includes(token), false);
  });
});

describe('HTTP API without a token', () => {
  let service: ServiceProcess;
  let port = 0;
  before(async () => {
    const root = makeProject({ env: 'http:\n  port: 0\n  api:\n    enabled: true\n', config: 'tasks:\n  tick:\n    trigger: interval\n    args: { hours: 1 }\n', tasks: { tick: ECHO } });
    service = new ServiceProcess(root, { JOBSTORE_URL: 'memory:' });
    await service.waitForLine(/scheduler started/);
    port = Number(service.json().find((l) => String(l.msg).startsWith('http: serving'))!.port);
  });
  after(async () => {
    await service?.stop();
  });

  it('on loopback answers reads and refuses every write with 401', async () => {
    assert.match(service.lines.join('\n'), /read-only: no token configured/);
    const list = await fetch(`http://127.0.0.1:${port}/api/v1/jobs`);
    assert.equal(list.status, 200);
    const pause = await fetch(`http://127.0.0.1:${port}/api/v1/jobs/tick/pause`, { method: 'POST' });
    assert.equal(pause.status, 401);
    assert.match(((await pause.json()) as { detail: string }).detail, /^a write needs a token, and none is configured/);
    const job = (await (await fetch(`http://127.0.0.1:${port}/api/v1/jobs/tick`)).json()) as { paused: boolean };
    assert.equal(job.paused, false);
  });

  it('on every interface does not start, saying why in one line', async () => {
    const root = makeProject({ env: 'http:\n  port: 0\n  host: 0.0.0.0\n  api:\n    enabled: true\n', config: 'tasks: {}\n' });
    const refusedStart = new ServiceProcess(root, { JOBSTORE_URL: 'memory:' });
    const exit = await refusedStart.exited;
    assert.equal(exit.code, 1);
    assert.equal(refusedStart.stderr.length, 1);
    assert.match(refusedStart.stderr[0]!, /^error: env\.yaml: http\.api: a token is required when http\.host is 0\.0\.0\.0/);
  });
});
