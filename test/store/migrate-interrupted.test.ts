// Migrations survive interruption (issue 10 §2). MySQL DDL commits statement by statement, so a
// process killed during its first migration leaves part of it applied and unrecorded, and the next
// start runs that migration again over what is there. For every statement of a first `migrate`,
// stop right after it (as a kill -9 there would; the connection is closed, releasing the lock),
// then migrate normally: the schema must come out complete and identical to an uninterrupted one.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kysely, MysqlDialect, RawNode, sql, type KyselyPlugin } from 'kysely';
import { createPool } from 'mysql2';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { openStore } from '../../src/store/index.js';
import { addColumnIfMissing, createIndexIfMissing, dropIndexIfPresent } from '../../src/store/mysql/ddl.js';
import { migrate } from '../../src/store/mysql/migrate.js';
import { needsDb, SERVER_URL, withDatabase } from '../helpers/db.js';

/**
 * Counts the statements that completed; throws (once) right after the `stopAfter`-th. Waits for
 * the migration lock are not counted: their number depends on other suites holding it (the lock
 * is server-wide), and a stop there leaves nothing to complete.
 */
function stopAfterStatement(stopAfter: number): KyselyPlugin & { count: number } {
  const lockWaits = new WeakSet<object>();
  return {
    count: 0,
    transformQuery(args) {
      if (RawNode.is(args.node) && args.node.sqlFragments.join('').includes('GET_LOCK(')) lockWaits.add(args.queryId);
      return args.node;
    },
    async transformResult(args) {
      if (lockWaits.has(args.queryId)) return args.result;
      this.count += 1;
      if (this.count === stopAfter) throw new Error(`stopped after statement ${stopAfter}`);
      return args.result;
    },
  };
}

/** Runs `migrate` on `url` with `plugin` watching, on a pool of its own that is closed afterwards. */
async function migrateWith(url: string, plugin: KyselyPlugin): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool: createPool({ uri: url, timezone: 'Z' }) }), plugins: [plugin] });
  try {
    await migrate(db);
  } finally {
    await db.destroy();
  }
}

/** Everything a migration defines, comparable across databases. */
async function schemaOf(conn: Connection, database: string): Promise<unknown> {
  const q = async (text: string) => (await conn.query<RowDataPacket[]>(text, [database]))[0];
  return {
    columns: await q(`SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT
      FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`),
    indexes: await q(`SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE
      FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`),
    views: (await q('SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME'))
      .map((v) => ({ ...v, VIEW_DEFINITION: String(v.VIEW_DEFINITION).replaceAll(`\`${database}\`.`, '') })),
    migrations: (await conn.query<RowDataPacket[]>(`SELECT name FROM \`${database}\`.schema_migrations ORDER BY name`))[0].map((r) => r.name),
  };
}

describe('a first migration interrupted after any statement', needsDb, () => {
  const prefix = `sched_mi_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  let admin: Connection;

  async function freshDb(label: string): Promise<string> {
    const name = `${prefix}_${label}`;
    await admin.query(`CREATE DATABASE \`${name}\``);
    created.push(name);
    return name;
  }

  before(async () => {
    admin = await createConnection({ uri: SERVER_URL });
  });
  after(async () => {
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin?.end();
  });

  it('is completed by the next migrate, whatever the statement', async () => {
    const reference = await freshDb('ref');
    const counter = stopAfterStatement(0);
    await migrateWith(withDatabase(SERVER_URL, reference), counter);
    const expected = await schemaOf(admin, reference);
    assert.ok(counter.count > 10, `a first migrate runs many statements (${counter.count})`);
    for (let k = 1; k < counter.count; k += 1) {
      const name = await freshDb(String(k));
      const url = withDatabase(SERVER_URL, name);
      await assert.rejects(migrateWith(url, stopAfterStatement(k)), /stopped after statement/);
      const store = openStore(url, { poolSize: 2 });
      try {
        await store.migrate();
      } catch (error) {
        assert.fail(`migrate after an interruption at statement ${k}: ${(error as Error).message}`);
      } finally {
        await store.close();
      }
      assert.deepEqual(await schemaOf(admin, name), expected, `schema after an interruption at statement ${k}`);
    }
  });
});

describe('schema steps that can run again (src/store/mysql/ddl.ts)', needsDb, () => {
  let admin: Connection;
  let db: Kysely<unknown>;
  const name = `sched_ddl_${randomBytes(3).toString('hex')}`;

  before(async () => {
    admin = await createConnection({ uri: SERVER_URL });
    await admin.query(`CREATE DATABASE \`${name}\``);
    db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool: createPool({ uri: withDatabase(SERVER_URL, name) }) }) });
    await sql`CREATE TABLE t (a INT NOT NULL, b INT NOT NULL)`.execute(db);
  });
  after(async () => {
    await db?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin?.end();
  });

  const indexes = async () => (await admin.query<RowDataPacket[]>(
    'SELECT INDEX_NAME AS i, COLUMN_NAME AS c, NON_UNIQUE AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX', [name]))[0]
    .map((r) => `${r.i}:${r.c}:${Number(r.n) === 0 ? 'unique' : 'plain'}`);

  it('creates an index once, however often it runs', async () => {
    await createIndexIfMissing(db, 't', 't_a_b', ['a', 'b']);
    await createIndexIfMissing(db, 't', 't_a_b', ['a', 'b']);
    await createIndexIfMissing(db, 't', 't_b', ['b'], { unique: true });
    await createIndexIfMissing(db, 't', 't_b', ['b'], { unique: true });
    assert.deepEqual(await indexes(), ['t_a_b:a:plain', 't_a_b:b:plain', 't_b:b:unique']);
  });

  it('drops an index once, however often it runs', async () => {
    await dropIndexIfPresent(db, 't', 't_b');
    await dropIndexIfPresent(db, 't', 't_b');
    assert.deepEqual(await indexes(), ['t_a_b:a:plain', 't_a_b:b:plain']);
  });

  it('adds a column once, however often it runs', async () => {
    await addColumnIfMissing(db, 't', 'c', sql`VARCHAR(16) NULL COMMENT 'added'`);
    await addColumnIfMissing(db, 't', 'c', sql`VARCHAR(16) NULL COMMENT 'added'`);
    const [columns] = await admin.query<RowDataPacket[]>('SELECT COLUMN_NAME AS c, DATA_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY ORDINAL_POSITION', [name]);
    assert.deepEqual(columns.map((r) => `${r.c} ${r.t}`), ['a int', 'b int', 'c varchar']);
  });
});
