// Kysely's view of the tables created by migrations/sqlite/: the MySQL tables and columns (see
// ../sql-tables.ts), with SQLite's types as better-sqlite3 returns them. Times are ISO-8601 UTC
// text of fixed width ('2025-03-01T12:00:00.000Z', as Date.toISOString() writes it), so text
// order is time order and the sqlite3 shell shows them as they are; booleans are 0/1; JSON
// columns are text.
import type { DatabaseOf, JobsTableOf, RunsTableOf } from '../sql-tables.js';

/** An instant as stored: `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export type IsoTime = string;

export type JobsTable = JobsTableOf<IsoTime>;
export type RunsTable = RunsTableOf<IsoTime>;
export type Database = DatabaseOf<IsoTime>;
