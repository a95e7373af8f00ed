// Bench databases: one fresh `bench_*` database per measured run, dropped afterwards. Jobs are
// bulk-inserted straight into `jobs` (multi-row INSERTs of 2,000) when a scenario needs more of
// them than a config file should hold; see BENCHMARKS.md for when and why.
import { randomBytes } from 'node:crypto';
import { createConnection, type RowDataPacket } from 'mysql2/promise';

export const SERVER_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

/** A bench database: MySQL here, or a SQLite file (sqlite-db.ts). */
export interface BenchDb {
  name: string;
  /** Our service's jobstore URL: mysql://… (mysql2) or sqlite:… */
  url: string;
  /** SQLAlchemy URL for APScheduler (pymysql, or its sqlite driver). */
  sqlalchemyUrl: string;
  /** Times come back as Date (MySQL) or ISO-8601 text (SQLite): read them with new Date(…). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Inserts rows of JOB_COLUMNS values into our `jobs` table in one statement. */
  insertJobRows(rows: unknown[][]): Promise<void>;
  drop(): Promise<void>;
}

export const JOB_COLUMNS = [
  'id', 'task', 'trigger_type', 'trigger_args', 'timezone', 'params', 'executor', 'coalesce', 'max_instances', 'misfire_grace_time',
  'max_attempts', 'retry_delay', 'timeout', 'next_run_time', 'paused', 'defined_at', 'created_at', 'updated_at',
] as const;

export async function createDb(label: string): Promise<BenchDb> {
  const name = `bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection({ uri: SERVER_URL });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const server = new URL(SERVER_URL);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const conn = await createConnection({ uri: url.toString(), timezone: 'Z', supportBigNumbers: true });
  const auth = server.password ? `${server.username}:${server.password}` : server.username;
  return {
    name,
    url: url.toString(),
    sqlalchemyUrl: `mysql+pymysql://${auth}@${server.hostname}:${server.port || 3306}/${name}`,
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      const [rows] = await conn.query<RowDataPacket[]>(text, params);
      return rows as T[];
    },
    async insertJobRows(rows) {
      await conn.query(`INSERT INTO jobs (${JOB_COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [rows]);
    },
    async drop() {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

export interface JobRowSpec {
  id: string;
  /** Interval trigger arguments, e.g. { seconds: 1 }. */
  interval: Record<string, number | string>;
  nextRunTime: Date;
  definedAt: Date;
  coalesce?: boolean;
  misfireGraceTime?: number | null;
  task?: string;
}

/** Inserts interval jobs into our `jobs` table, `chunk` rows per statement. */
export async function insertJobs(db: BenchDb, count: number, make: (i: number) => JobRowSpec, chunk = 2000): Promise<void> {
  const now = new Date();
  for (let start = 0; start < count; start += chunk) {
    const values: unknown[][] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const j = make(i);
      values.push([
        j.id, j.task ?? 'noop', 'interval', JSON.stringify(j.interval), 'UTC', '{}', 'default', j.coalesce === false ? 0 : 1, 1,
        j.misfireGraceTime === undefined ? null : j.misfireGraceTime, 1, 0, null, j.nextRunTime, 0, j.definedAt, now, now,
      ]);
    }
    await db.insertJobRows(values);
  }
}

/** Polls until `check` returns a value (not undefined) or the timeout passes. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
