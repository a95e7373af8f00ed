// Issue 11's acceptance race at the store: two processes write one job id 50 times each, as
// addJob(…, { onConflict: 'update' }) does, starting together. Both must succeed, leaving one
// row whose version counts every write that changed something. On MySQL the first inserts
// collide on the primary key (write-job.ts retries); on SQLite the second process waits for the
// file's write lock (transaction.ts retries while busy).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { race, racer, type Racer } from '../helpers/racer.js';
import { REPO } from '../helpers/service.js';

const WRITER = join(REPO, 'test', 'fixtures', 'write-race.ts');
const TIMES = 50;

const writer = (url: string, origin: string): Racer => racer(WRITER, [url, 'race', String(TIMES), origin], `writer ${origin}`);

async function writeRace(url: string): Promise<void> {
  const changes = (await race([writer(url, 'one'), writer(url, 'two')])).flat();
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
      await writeRace(db.url);
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
      await writeRace(url);
    });
  });
});
