// docs/querying-runs.md on the SQLite store: each recipe's ```sql sqlite block (or its MySQL block
// where the syntax is the same) is run, statement by statement, on a migrated SQLite file seeded
// with the history of recipes.ts, through a connection of its own as the sqlite3 shell would, and
// must return what the MySQL run returns.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { REPO } from '../helpers/service.js';
import { INSTANCE, recipeChecks, recipes, RUN_COLUMNS, seedRows, statements, type Row } from './recipes.js';

describe('docs/querying-runs.md recipes on SQLite', () => {
  const blocks = recipes(readFileSync(join(REPO, 'docs', 'querying-runs.md'), 'utf8'), 'sqlite');
  let dir: string;
  let file: string;
  let now: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sched-recipes-'));
    file = join(dir, 'scheduler.db');
    const store = openStore(`sqlite:${file}`);
    await store.migrate();
    await store.close();
    now = Date.now(); // SQLite's 'now' is this machine's clock
    const db = new Sqlite(file);
    const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
    const insert = db.prepare(`INSERT INTO runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map(() => '?').join(', ')})`);
    for (const row of seedRows(now)) insert.run(...row.map(text));
    db.prepare('INSERT INTO instances (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)').run(
      INSTANCE.id, INSTANCE.host, INSTANCE.pid, new Date(now - INSTANCE.startedAgo).toISOString(), new Date(now - INSTANCE.heartbeatAgo).toISOString(),
    );
    db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(title: string): Promise<Row[]> {
    const block = blocks.find((b) => b.title === title);
    assert.ok(block, `docs/querying-runs.md has a recipe "${title}"`);
    const db = new Sqlite(file, { readonly: true });
    try {
      let rows: Row[] = [];
      for (const statement of statements(block.sql)) rows = db.prepare(statement).all() as Row[];
      return rows;
    } finally {
      db.close();
    }
  }
  // Times come back as the stored ISO-8601 text.
  const CHECKS = recipeChecks(run, (row, column) => now - Date.parse(row[column] as string));

  it('has a check for every SQL block and a block for every check', () => {
    assert.deepEqual(blocks.map((b) => b.title).sort(), Object.keys(CHECKS).sort());
  });

  it('has a SQLite block wherever the MySQL block uses MySQL-only syntax', () => {
    const mysqlOnly = /UTC_TIMESTAMP|INTERVAL|SUBSTRING_INDEX|TIMESTAMPDIFF|SET @|@\w|SEPARATOR|AS SIGNED/i;
    for (const block of blocks) assert.doesNotMatch(block.sql, mysqlOnly, block.title);
  });

  for (const [title, check] of Object.entries(CHECKS)) {
    it(`"${title}" returns what the text says`, check);
  }
});
