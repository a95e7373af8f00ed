// Kysely's view of the tables created by migrations/ (see ../sql-tables.ts). Column types as
// mysql2 returns them: DATETIME → Date in UTC because the pool uses timezone 'Z'; TINYINT(1) →
// number; BIGINT → number (supportBigNumbers without bigNumberStrings, ids < 2^53).
import type { DatabaseOf, JobsTableOf, RunsTableOf } from '../sql-tables.js';

export type JobsTable = JobsTableOf<Date>;
export type RunsTable = RunsTableOf<Date>;
export type Database = DatabaseOf<Date>;
