// instances.clock_skew_ms: how far each instance's clock was from the database's when it last
// measured (every 10 minutes, scheduler/clock-skew.ts), so the dashboard can show every
// instance's skew, not only the one it runs in. The step can run again (the column is added only
// when information_schema lacks it). Tested on MariaDB 10.11; on MySQL 8.0+ a plain ADD COLUMN.
import { sql, type Kysely } from 'kysely';
import { addColumnIfMissing, dropColumnIfPresent } from '../src/store/mysql/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumnIfMissing(db, 'instances', 'clock_skew_ms', sql`DOUBLE NULL COMMENT 'process clock minus database clock, ms; NULL = not measured yet' AFTER heartbeat_at`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropColumnIfPresent(db, 'instances', 'clock_skew_ms');
}
