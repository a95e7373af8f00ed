// The README's "Jobs at runtime" example, run as a user would: examples/digest-app.mjs, a plain
// Node application importing `mysql-scheduler` by its name (the build's exports self-reference),
// on MariaDB. A per-user job added over its HTTP route runs with its params, survives a restart
// of the application, and is removed again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { LoggedProcess, REPO } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const APP = join(REPO, 'examples', 'digest-app.mjs');

describe('examples/digest-app.mjs (README "Jobs at runtime")', needsDb, () => {
  const db = freshDatabase('example');
  const dir = mkdtempSync(join(tmpdir(), 'digest-app-'));
  const log = join(dir, 'digests.log');
  let app: LoggedProcess | null = null;

  before(() => {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
  });
  after(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    app = new LoggedProcess(process.execPath, [APP], { cwd: dir, env: { ...process.env, JOBSTORE_URL: db.url, PORT: '0', DIGEST_LOG: log } });
    const line = await app.waitForLine(/^listening on /);
    return line.slice('listening on '.length);
  }

  async function call(base: string, method: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}/users/42/digest`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('adds a per-user job with params that runs, is kept across a restart, and is removed', async () => {
    let base = await start();
    const added = await call(base, 'PUT', { email: 'ada@example.com', every_seconds: 1 });
    assert.equal(added.status, 201, JSON.stringify(added.json));
    assert.equal(added.json.change, 'added');
    const job = added.json.job as Record<string, unknown>;
    assert.deepEqual([job.id, job.source, job.version, job.params], ['digest-42', 'api', 1, { userId: 42, email: 'ada@example.com' }]);

    const line = await waitFor('a digest line', async () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').find((l) => l.includes('digest for user 42 <ada@example.com> (digest-42)')) : null), 20_000);
    assert.ok(line);
    await app!.waitForLine(/^digest-42: digest sent$/);

    const again = await call(base, 'PUT', { email: 'ada@example.com', every_seconds: 1 });
    assert.deepEqual([again.status, again.json.change, (again.json.job as { version: number }).version], [200, 'unchanged', 1]);
    const bad = await call(base, 'PUT', { email: 'ada@example.com', every_seconds: 0 });
    assert.equal(bad.status, 422);
    assert.match(String(bad.json.error), /^job digest-42: args: /);

    assert.deepEqual(await app!.stop(), { code: 0, signal: null });
    const [stored] = await db.query<{ source: string; params: string }>('SELECT source, params FROM jobs WHERE id = ?', ['digest-42']);
    assert.equal(stored?.source, 'api');

    base = await start();
    const kept = await call(base, 'GET');
    assert.equal(kept.status, 200);
    assert.equal((kept.json.job as { id: string }).id, 'digest-42');
    assert.equal((kept.json.next as string[]).length, 3);
    assert.equal((await call(base, 'DELETE')).status, 200);
    assert.equal((await call(base, 'GET')).status, 404);
    assert.deepEqual(await db.query('SELECT id FROM jobs'), []);
    assert.deepEqual(await app!.stop(), { code: 0, signal: null });
  });
});
