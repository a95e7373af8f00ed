// Row ↔ record mapping for the MySQL store (../sql-rows.ts): mysql2 reads and writes DATETIME as
// a Date in UTC (the pool uses timezone 'Z'), so an instant passes through as it is.
import { rowMapping, type TimeCodec } from '../sql-rows.js';

export const time: TimeCodec<Date> = { write: (date) => date, read: (date) => date };
export const rows = rowMapping<Date>(time);
export const { toJob, jobRow, toRun, runRow } = rows;
