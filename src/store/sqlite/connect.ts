// Opens the SQLite file behind kysely, synchronously, so that a path that cannot be created or
// a file that is not a database stops start-up at once with StoreOpenError. WAL lets readers
// (the CLI, another instance's polls) read while one writer writes; the busy timeout makes a
// statement wait a little for a lock held by another process instead of failing at once.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { StoreOpenError } from '../types.js';
import type { Database } from './schema.js';

/**
 * SQLite's own wait for a lock, kept short: better-sqlite3 waits synchronously, freezing the
 * event loop. Write transactions wait longer, asynchronously (transaction.ts).
 */
const BUSY_TIMEOUT_MS = 50;

export interface Connection {
  db: Kysely<Database>;
  /** Absolute path of the file, or ':memory:'. */
  file: string;
}

export function connect(path: string): Connection {
  const file = path === ':memory:' ? path : resolve(path);
  const raw = open(file);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) }), file };
}

function open(file: string): Sqlite.Database {
  if (file !== ':memory:') {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreOpenError(`cannot create the directory of ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  const Driver = driver();
  let raw: Sqlite.Database | undefined;
  try {
    raw = new Driver(file, { timeout: BUSY_TIMEOUT_MS });
    // The first statements read the file: a file that is not a database fails here.
    if (file !== ':memory:' && raw.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      throw new Error('the file cannot be switched to WAL mode');
    }
    // Every commit reaches the disk before it returns, as with InnoDB's default: a claim that
    // was committed is never run again after a power cut.
    raw.pragma('synchronous = FULL');
    return raw;
  } catch (error) {
    raw?.close();
    throw new StoreOpenError(`cannot open ${file} as a SQLite database: ${(error as Error).message}`, { cause: error });
  }
}

// The native module is loaded when a SQLite store is opened, not when the store module is
// imported: MySQL and memory users never load it.
function driver(): typeof Sqlite {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof Sqlite;
  } catch (error) {
    throw new StoreOpenError(`the SQLite driver better-sqlite3 cannot be loaded (run npm ci): ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
