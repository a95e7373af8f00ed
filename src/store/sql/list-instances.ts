// JobStore.listInstances on both SQL stores: every registered instance with its heartbeat.
import { sql } from 'kysely';
import type { InstancesTableOf } from '../sql-tables.js';
import type { InstanceRecord } from '../types.js';
import type { SqlDialect } from './dialect.js';

export async function listInstances<Time>(d: SqlDialect<Time>): Promise<InstanceRecord[]> {
  const { rows } = await sql<InstancesTableOf<Time>>`SELECT * FROM instances ORDER BY started_at, id`.execute(d.db);
  return rows.map((row) => ({
    id: row.id,
    host: row.host,
    pid: Number(row.pid),
    startedAt: d.time.read(row.started_at),
    heartbeatAt: d.time.read(row.heartbeat_at),
    clockSkewMs: row.clock_skew_ms === null ? null : Number(row.clock_skew_ms),
  }));
}
