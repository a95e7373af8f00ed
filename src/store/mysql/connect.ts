// Opens the mysql2 pool behind kysely. UTC everywhere (timezone 'Z'), keep-alive so idle
// connections are not cut by wait_timeout or a NAT, and a bounded pool.
import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type Pool } from 'mysql2';
import type { Database } from './schema.js';

export interface Connection {
  db: Kysely<Database>;
  pool: Pool;
}

export function connect(url: string, { poolSize = 10 }: { poolSize?: number } = {}): Connection {
  const pool = createPool({
    uri: url,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    connectionLimit: poolSize,
    maxIdle: poolSize,
    // Idle connections are closed by us well before a typical wait_timeout, and probed meanwhile.
    idleTimeout: 60_000,
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    connectTimeout: 5_000,
    multipleStatements: false,
  });
  // A broken idle connection emits 'error' on the pool's connection; the pool replaces it.
  pool.on('connection', (conn) => conn.on('error', () => {}));
  return { db: new Kysely<Database>({ dialect: new MysqlDialect({ pool }) }), pool };
}
