// WHERE clauses put together from optional conditions, and LIKE patterns that match their text
// literally, for the shared queries of this folder.
import { sql, type RawBuilder } from 'kysely';

export type Condition = RawBuilder<unknown>;

/** `WHERE a AND b …`, or nothing when there is no condition. */
export function where(conditions: Condition[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`;
}

/**
 * `LOWER(column) LIKE '%text%'`, the text's own % and _ escaped with `!` (SQLite has no default
 * escape character, and MySQL's backslash would need doubling on one server only). Lower-cased on
 * both sides: MySQL's utf8mb4_bin LIKE is case-sensitive, SQLite's is not (for ASCII letters).
 */
export function contains(column: string, text: string): Condition {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql`LOWER(${sql.ref(column)}) LIKE ${pattern} ESCAPE '!'`;
}
