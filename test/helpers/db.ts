// A fresh MariaDB/MySQL database per test suite, dropped afterwards. The server comes from
// TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test). Without CI an unreachable server
// skips the suite; with CI set it is a failure (SPEC §2).
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';

export const SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDatabase {
  /** mysql:// URL of the fresh database. */
  url: string;
  name: string;
  /** Registers clean-up to run (on the still-open connection) before the database is dropped. */
  beforeDrop(fn: () => Promise<void>): void;
  /** Runs a query on the test database and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Whether the server answers; used to skip DB suites outside CI. */
export async function serverReachable(): Promise<boolean> {
  try {
    const conn = await createConnection({ uri: SERVER_URL, connectTimeout: 3000 });
    await conn.end();
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`TEST_MYSQL_URL ${SERVER_URL} is unreachable and CI is set: ${(error as Error).message}`);
    return false;
  }
}

/** Options for node:test's describe/test: skip when no server (never in CI). */
export const dbAvailable = await serverReachable();
export const needsDb = dbAvailable ? {} : { skip: `no MySQL server at ${SERVER_URL}` };

/** Registers before/after hooks creating and dropping a database; use inside describe(). */
export function freshDatabase(prefix = 't'): TestDatabase {
  const name = `sched_${prefix}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(SERVER_URL, name);
  let conn: Connection | null = null;
  const cleanups: Array<() => Promise<void>> = [];
  before(async () => {
    if (!dbAvailable) return;
    const admin = await createConnection({ uri: SERVER_URL });
    await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.end();
    conn = await createConnection({ uri: url, timezone: 'Z' });
  });
  after(async () => {
    if (!conn) return;
    for (const fn of cleanups) await fn();
    await conn.query(`DROP DATABASE \`${name}\``);
    await conn.end();
  });
  return {
    url,
    name,
    beforeDrop: (fn) => void cleanups.push(fn),
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      if (!conn) throw new Error('test database not ready');
      const [rows] = await conn.query<RowDataPacket[]>(text, params);
      return rows as T[];
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
