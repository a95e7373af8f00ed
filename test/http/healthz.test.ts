// Acceptance (issue 3, /healthz): 200 while the store answers and the loop cycles; 503 with the
// reason soon after the database goes away; 200 again once it is back. The database is a private
// MariaDB this suite starts and stops (the shared server is never touched).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { needsPrivateMariaDb, PrivateMariaDb } from '../helpers/private-mariadb.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface HealthBody { status: string; reason: string; lastCycleAt: string | null }

async function healthz(port: number): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

/** The port the service logged it listens on (http.port 0 = any free port). */
async function httpPort(service: ServiceProcess): Promise<number> {
  await service.waitForLine(/http: serving/);
  const line = service.json().find((l) => typeof l.msg === 'string' && l.msg.startsWith('http: serving'));
  return Number(line!.port);
}

describe('/healthz follows the database', needsPrivateMariaDb, () => {
  let db: PrivateMariaDb;
  let service: ServiceProcess;
  let port: number;

  before(async () => {
    db = await PrivateMariaDb.create();
    await db.query('CREATE DATABASE sched');
    const root = makeProject({
      env: 'scheduler:\n  poll_interval: 0.5\nhttp:\n  port: 0\n',
      config: 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 1 }\n',
      tasks: { tick: 'export function run() {}\n' },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url('sched') });
    port = await httpPort(service);
  });
  after(async () => {
    await service?.stop();
    await db?.destroy();
    if (process.env.DEBUG_E2E) console.log(service?.lines.join('\n'));
  });

  it('answers 200 once the loop has completed a cycle against a reachable store', async () => {
    const ok = await waitFor('healthz 200', async () => {
      const h = await healthz(port);
      return h.status === 200 && h;
    });
    assert.deepEqual({ status: ok.body.status, reason: ok.body.reason }, { status: 'ok', reason: 'ok' });
    assert.ok(ok.body.lastCycleAt && !Number.isNaN(Date.parse(ok.body.lastCycleAt)));
  });

  it('answers 503 naming the unreachable store soon after the database goes away', async () => {
    await db.stop('SIGKILL');
    const down = await waitFor('healthz 503', async () => {
      const h = await healthz(port);
      return h.status === 503 && h;
    }, 15_000);
    assert.equal(down.body.status, 'unavailable');
    assert.match(down.body.reason, /^job store unreachable: database unreachable/);
    assert.equal((await Promise.race([service.exited, Promise.resolve('running')])), 'running', 'the service stays up');
  });

  it('answers 200 again once the database is back', async () => {
    await db.start();
    await waitFor('healthz 200 again', async () => (await healthz(port)).status === 200, 60_000);
    await service.waitForLine(/store reachable again/);
  });

  it('answers only GET and HEAD on /healthz and /metrics', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${port}/nope`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' })).status, 405);
    const head = await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
});
