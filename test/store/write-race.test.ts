// Issue 11's acceptance race at the store: two processes write one job id 50 times each, as
// addJob(…, { onConflict: 'update' }) does, starting together. Both must succeed, leaving one
// row whose version counts every write that changed something. On MySQL the first inserts
// collide on the primary key (write-job.ts retries); on SQLite the second process waits for the
// file's write lock (transaction.ts retries while busy).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { REPO, TSX } from '../helpers/service.js';

const WRITER = join(REPO, 'test', 'fixtures', 'write-race.ts');
const TIMES = 50;

interface Writer {
  ready: Promise<void>;
  go(): void;
  /** What each write did, in order; rejects with the child's stderr when it failed. */
  changes: Promise<string[]>;
}

function writer(url: string, id: string, origin: string): Writer {
  const child = spawn(process.execPath, ['--import', TSX, WRITER, url, id, String(TIMES), origin], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.on('exit', () => reject(new Error(`writer ${origin} exited before it was ready: ${stderr}`)));
  });
  const changes = new Promise<string[]>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer ${origin} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.slice('ready\n'.length)) as string[]);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), changes };
}

async function race(url: string): Promise<void> {
  const writers = [writer(url, 'race', 'one'), writer(url, 'race', 'two')];
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.go();
  const changes = (await Promise.all(writers.map((w) => w.changes))).flat();
  assert.equal(changes.length, 2 * TIMES);
  assert.equal(changes.filter((c) => c === 'added').length, 1, 'one process inserted; the other saw its row');
  const store = openStore(url);
  try {
    const jobs = await store.listJobs();
    assert.deepEqual(jobs.map((j) => [j.id, j.source]), [['race', 'api']]);
    assert.equal(jobs[0]!.version, 1 + changes.filter((c) => c === 'updated').length, 'every change counted, none lost');
  } finally {
    await store.close();
  }
}

describe('two processes writing one job id at once', () => {
  describe('on MySQL', needsDb, () => {
    const db = freshDatabase('race');
    it('both succeed: one row, its version counting every change', async () => {
      const store = openStore(db.url);
      await store.migrate();
      await store.close();
      await race(db.url);
    });
  });

  describe('on SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-race-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    it('both succeed: one row, its version counting every change', async () => {
      const url = `sqlite:${join(dir, 'store.db')}`;
      const store = openStore(url);
      await store.migrate();
      await store.close();
      await race(url);
    });
  });
});
