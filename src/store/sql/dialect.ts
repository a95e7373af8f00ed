// What the shared read queries of both SQL stores (this folder) need from a dialect. They are
// written as SQL text (kysely's sql tag), which both servers read alike, so one function serves
// both stores: only how an instant is written and read (the codec, the row mapping) and how a
// write is wrapped (SQLite: BEGIN IMMEDIATE with its busy wait) differ.
import type { QueryExecutorProvider, RawBuilder } from 'kysely';
import type { RowMapping, TimeCodec } from '../sql-rows.js';

export interface SqlDialect<Time> {
  db: QueryExecutorProvider;
  /** Runs one or a few writing statements the way this store writes. */
  write<T>(work: (db: QueryExecutorProvider) => Promise<T>): Promise<T>;
  time: TimeCodec<Time>;
  rows: RowMapping<Time>;
  /** What makes an INSERT skip a row whose key is taken: `IGNORE` (MySQL), `OR IGNORE` (SQLite). */
  ignoreKeyword: 'IGNORE' | 'OR IGNORE';
  /**
   * Whole seconds since the epoch of a time column: MySQL's TIMESTAMPDIFF (UNIX_TIMESTAMP would
   * read the session's time zone), SQLite's strftime('%s') of the ISO text.
   */
  epochSeconds(column: string): RawBuilder<number>;
}
