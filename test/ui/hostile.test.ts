// The dashboard against requests no browser of ours would send, on the real service and MariaDB:
// each is refused or redirected in its own words, never answered 500, and changes nothing.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { before, describe, it } from 'node:test';
import { MAX_BODY_BYTES } from '../../src/http/security/body.js';
import { needsDb } from '../helpers/db.js';
import { ADMIN_TOKEN, ApiService, READ_TOKEN } from '../http/api-service.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over node:http, so that chunked bodies and odd headers go out as written. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string | string[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    for (const part of Array.isArray(body) ? body : body === undefined ? [] : [body]) req.write(part);
    req.end();
  });
}

describe('dashboard against hostile requests', needsDb, () => {
  const api = ApiService.start({ config: 'tasks:\n  nightly:\n    task: echo\n    trigger: cron\n    args: { hour: 3 }\n', tasks: { echo: 'export function run() {}\n' } });
  let origin = '';
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const cookies: Record<string, string> = {};

  async function login(token: string): Promise<Reply> {
    const body = new URLSearchParams({ token }).toString();
    return send(api.port, 'POST', '/ui/login', { ...form, Origin: origin, 'Content-Length': String(Buffer.byteLength(body)) }, body);
  }

  function sessionOf(reply: Reply): string {
    const cookie = ([] as string[]).concat(reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('scheduler_session='));
    assert.ok(cookie, 'a session cookie is set');
    return cookie.split(';')[0]!;
  }

  before(async () => {
    origin = `http://127.0.0.1:${api.port}`;
    assert.equal((await api.call('POST', '/jobs', { body: { id: 'steady', task: 'echo', trigger: 'interval', args: { hours: 1 } } })).status, 201);
    cookies.admin = sessionOf(await login(ADMIN_TOKEN));
    cookies.read = sessionOf(await login(READ_TOKEN));
  });

  it('refuses a chunked form with 411, and a read token’s bodiless POST with 403, not 500', async () => {
    const chunked = await send(api.port, 'POST', '/ui/jobs/steady/pause', { ...form, Origin: origin, Cookie: cookies.admin!, 'Transfer-Encoding': 'chunked' }, ['a=', '1']);
    assert.equal(chunked.status, 411, chunked.body);
    assert.match(chunked.body, /must send Content-Length/);
    const bodiless = await send(api.port, 'POST', '/ui/jobs/steady/pause', { Origin: origin, Cookie: cookies.read! });
    assert.equal(bodiless.status, 403, bodiless.body);
    assert.match(bodiless.body, /may only read/);
    assert.equal((await api.store.getJob('steady'))?.paused, false);
  });

  it('refuses an oversized form with 413 and closes the connection', async () => {
    const body = `params=${'x'.repeat(MAX_BODY_BYTES)}`;
    const big = await send(api.port, 'POST', '/ui/jobs/steady/edit', { ...form, Origin: origin, Cookie: cookies.admin!, 'Content-Length': String(body.length) }, body).catch((error: Error) => error);
    // The server may close before the whole body is written: then the client sees the reset instead.
    if (big instanceof Error) return assert.match(big.message, /EPIPE|ECONNRESET/);
    assert.equal(big.status, 413, big.body);
    assert.match(big.body, /the form is larger than/);
    assert.equal(big.headers.connection, 'close');
  });

  it('says that a run queued on a paused job waits for the resume', async () => {
    assert.equal((await api.call('POST', '/jobs', { body: { id: 'resting', task: 'echo', trigger: 'interval', args: { hours: 1 }, paused: true } })).status, 201);
    const page = await send(api.port, 'GET', '/ui/jobs/resting', { Cookie: cookies.admin! });
    assert.match(page.body, /data-confirm="resting is paused: the run waits until you resume it\. Queue it anyway\?"/);
    const run = await send(api.port, 'POST', '/ui/jobs/resting/run', { ...form, Origin: origin, Cookie: cookies.admin!, 'Content-Length': '0' });
    assert.equal(run.status, 303, run.body);
    const location = String(run.headers.location);
    assert.match(location, /^\/ui\/jobs\/resting\?done=held%3A\d+$/);
    const shown = await send(api.port, 'GET', location, { Cookie: cookies.admin! });
    assert.match(shown.body, /Run #\d+ queued, but the job is paused: it starts when you resume it/);
  });

  it('refuses an edit, reschedule or remove posted for a config-owned job with 409, saying why, and changes nothing', async () => {
    const before = await api.store.getJob('nightly');
    const posts: Array<[string, string]> = [['edit', 'task=echo&params=%7B%7D&version=1'], ['reschedule', 'trigger=interval&interval.hours=2'], ['remove', 'confirm=nightly']];
    for (const [action, body] of posts) {
      const reply = await send(api.port, 'POST', `/ui/jobs/nightly/${action}`, { ...form, Origin: origin, Cookie: cookies.admin!, 'Content-Length': String(body.length) }, body);
      assert.equal(reply.status, 409, action);
      assert.match(reply.body, /class="banner error" role="alert">job &quot;nightly&quot; is defined in config\/test\.yaml \(tasks\.nightly\); (change|remove) it there/, action);
    }
    assert.deepEqual(await api.store.getJob('nightly'), before);
  });

  it('after login goes to a dashboard path only: no other site, no way out of /ui, no header injection', async () => {
    const cases: Array<[string, string]> = [
      ['/ui/jobs?state=paused', '/ui/jobs?state=paused'],
      ['//evil.example/ui', '/ui'],
      ['/ui/../../api/v1/jobs', '/ui'],
      ['/ui/%2e%2e/healthz', '/ui'],
      ['/ui/\r\nX-Injected: 1', '/ui'],
      ['/ui\\\\evil.example', '/ui'],
      ['https://evil.example/ui', '/ui'],
    ];
    for (const [next, location] of cases) {
      const body = new URLSearchParams({ token: ADMIN_TOKEN, next }).toString();
      const reply = await send(api.port, 'POST', '/ui/login', { ...form, Origin: origin, 'Content-Length': String(Buffer.byteLength(body)) }, body);
      assert.equal(reply.status, 303, `${JSON.stringify(next)}: ${reply.body}`);
      assert.equal(reply.headers.location, location, JSON.stringify(next));
      assert.equal(reply.headers['x-injected'], undefined);
    }
    const theme = await send(api.port, 'POST', '/ui/theme', { ...form, Origin: origin, 'Content-Length': '38' }, 'theme=dark&back=%2Fui%2F..%2F..%2Fevil');
    assert.equal(theme.headers.location, '/ui');
  });
});
