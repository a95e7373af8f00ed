// Clock skew against the database: measured from the store's clock, warned about past the threshold.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import type { Clock } from '../../src/clock.js';
import { checkSkew } from '../../src/scheduler/clock-skew.js';
import { openStore, type JobStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';

/** A clock running `offsetMs` ahead of the real one. */
function offsetClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs), sleepUntil: async () => {} };
}

function capture(): { logger: pino.Logger; lines: Array<{ level: number; msg: string; skewMs: number }> } {
  const lines: Array<{ level: number; msg: string; skewMs: number }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('clock skew against MariaDB', needsDb, () => {
  const db = freshDatabase('skew');
  let store: JobStore;
  before(() => {
    store = openStore(db.url);
  });
  after(() => store.close());

  it('warns when the process clock is 10 s ahead of the database', async () => {
    const { logger, lines } = capture();
    const skew = await checkSkew(store, offsetClock(10_000), 2, logger);
    assert.ok(Math.abs(skew - 10_000) < 1000, `measured ${skew}ms`);
    const [line] = lines;
    assert.equal(line!.level, 40);
    assert.match(line!.msg, /clock is (9\.9|10\.0)\d{2}s ahead of the database's \(threshold 2s\)/);
  });

  it('warns when it is behind, and stays quiet within the threshold', async () => {
    const behind = capture();
    await checkSkew(store, offsetClock(-5_000), 2, behind.logger);
    assert.match(behind.lines[0]!.msg, /(4\.9|5\.0)\d{2}s behind/);
    const fine = capture();
    await checkSkew(store, offsetClock(0), 2, fine.logger);
    assert.deepEqual(fine.lines.map((l) => l.level), [20], 'only a debug line');
  });
});
