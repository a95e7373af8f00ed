// Issue 11's acceptance race through the job API: two processes call
// addJob(…, { onConflict: 'update' }) on one id 50 times each against MariaDB, starting together,
// alternating params. Both succeed, leaving one row whose version counts every call that changed
// something.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { race, racer } from '../helpers/racer.js';
import { REPO } from '../helpers/service.js';

const SCRIPT = join(REPO, 'test', 'fixtures', 'jobs-race.ts');
const TIMES = 50;

describe('two processes adding one job through the job API at once', needsDb, () => {
  const db = freshDatabase('jobsrace');

  it('both succeed: one row, its version 1 + the calls that updated it', async () => {
    const store = openStore(db.url);
    await store.migrate();
    await store.close();
    const sides = ['one', 'two'].map((origin) => racer(SCRIPT, [db.url, 'race', String(TIMES), origin], `addJob ${origin}`));
    const changes = (await race(sides)).flat();
    assert.equal(changes.length, 2 * TIMES);
    assert.equal(changes.filter((c) => c === 'added').length, 1, 'one process added the job; the other updated it');
    // A call finding the params it brings (the other side wrote them just before) is unchanged.
    const rows = await db.query<{ id: string; source: string; version: number; origin: string }>('SELECT id, source, version, origin FROM jobs');
    assert.equal(rows.length, 1);
    assert.deepEqual({ id: rows[0]!.id, source: rows[0]!.source }, { id: 'race', source: 'api' });
    assert.equal(Number(rows[0]!.version), 1 + changes.filter((c) => c === 'updated').length, 'every change counted, none lost');
  });
});
