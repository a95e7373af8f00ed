// docs/querying-runs.md is executable documentation: every ```sql block is run, statement by
// statement, against a migrated MySQL database seeded with a known history (recipes.ts), and its
// result is checked against what the recipe's text promises. A block without a check fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { openStore } from '../../src/store/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { REPO } from '../helpers/service.js';
import { INSTANCE, recipeChecks, recipes, RUN_COLUMNS, seedRows, statements, type Row } from './recipes.js';

describe('docs/querying-runs.md recipes', needsDb, () => {
  const db = freshDatabase('recipes');
  const blocks = recipes(readFileSync(join(REPO, 'docs', 'querying-runs.md'), 'utf8'), 'mysql');
  let now: number;

  before(async () => {
    const store = openStore(db.url);
    await store.migrate();
    await store.close();
    const [{ t }] = (await db.query<{ t: Date }>('SELECT UTC_TIMESTAMP(6) AS t')) as [{ t: Date }];
    now = t.getTime();
    for (const row of seedRows(now)) {
      await db.query(`INSERT INTO runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map(() => '?').join(', ')})`, row);
    }
    await db.query('INSERT INTO instances (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)', [
      INSTANCE.id, INSTANCE.host, INSTANCE.pid, new Date(now - INSTANCE.startedAgo), new Date(now - INSTANCE.heartbeatAgo),
    ]);
  });

  /** Runs a recipe on its own connection (session variables stay in it); returns the last result. */
  async function run(title: string): Promise<Row[]> {
    const block = blocks.find((b) => b.title === title);
    assert.ok(block, `docs/querying-runs.md has a recipe "${title}"`);
    const conn = await createConnection({ uri: db.url, timezone: 'Z' });
    try {
      let rows: Row[] = [];
      for (const statement of statements(block.sql)) [rows] = (await conn.query<RowDataPacket[]>(statement)) as unknown as [Row[]];
      return rows;
    } finally {
      await conn.end();
    }
  }
  const CHECKS = recipeChecks(run, (row, column) => now - (row[column] as Date).getTime());

  it('has a check for every SQL block and a block for every check', () => {
    assert.deepEqual(blocks.map((b) => b.title).sort(), Object.keys(CHECKS).sort());
  });

  for (const [title, check] of Object.entries(CHECKS)) {
    it(`"${title}" returns what the text says`, check);
  }
});
