// Which database a measured run uses: MySQL (db.ts) or a SQLite file (sqlite-db.ts). Scenarios
// that compare the stores measure both in the same run.
import { createDb, type BenchDb } from './db.js';
import { createSqliteDb } from './sqlite-db.js';

export type BenchStore = 'mysql' | 'sqlite';
export const STORES: readonly BenchStore[] = ['mysql', 'sqlite'];

/** A fresh bench database of that kind. */
export function benchDb(store: BenchStore, label: string): Promise<BenchDb> {
  return store === 'sqlite' ? createSqliteDb(label) : createDb(label);
}
