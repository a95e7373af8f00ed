// Bench databases on SQLite: a fresh file per measured run in a temporary folder, removed
// afterwards; the same BenchDb surface as MySQL's (db.ts). Ours opens it as sqlite:<file>;
// APScheduler's SQLAlchemyJobStore as sqlite:////<file> (a file of its own).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { JOB_COLUMNS, type BenchDb } from './db.js';

// Dates are bound as the store writes them: ISO-8601 UTC text.
const bindable = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

export async function createSqliteDb(label: string): Promise<BenchDb> {
  const name = `bench_${label}_${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const file = join(dir, 'scheduler.db');
  // Opened lazily: the service creates the file and its schema.
  let conn: Sqlite.Database | null = null;
  const db = () => (conn ??= new Sqlite(file, { timeout: 5000 }));
  return {
    name,
    url: `sqlite:${file}`,
    sqlalchemyUrl: `sqlite:///${join(dir, 'apscheduler.db')}`,
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      return db().prepare(text).all(...params.map(bindable)) as T[];
    },
    async insertJobRows(rows) {
      const columns = JOB_COLUMNS.map((c) => `"${c}"`).join(', ');
      const insert = db().prepare(`INSERT INTO jobs (${columns}) VALUES (${JOB_COLUMNS.map(() => '?').join(', ')})`);
      db().transaction(() => rows.forEach((row) => insert.run(...row.map(bindable))))();
    },
    async drop() {
      conn?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
