// Picks the store from the jobstore URL: MySQL for mysql://, SQLite for sqlite:, memory for memory:.
import { ConfigError } from '../config/errors.js';
import type { Settings } from '../config/types.js';
import { sqlitePath, sqliteUrlIn } from '../config/url.js';
import { MemoryStore } from './memory.js';
import { toUnavailable as mysqlUnavailable } from './mysql/errors.js';
import { MysqlStore } from './mysql/index.js';
import { toUnavailable as sqliteUnavailable } from './sqlite/errors.js';
import { SqliteStore } from './sqlite/index.js';
import { StoreOpenError, type JobStore } from './types.js';
import { withUnavailableErrors } from './unavailable.js';

export * from './types.js';
export { MemoryStore } from './memory.js';

/** Opens the store a checked URL names; a SQLite file that cannot be opened throws StoreOpenError. */
export function openStore(url: string, options: { poolSize?: number } = {}): JobStore {
  if (url === 'memory:') return new MemoryStore();
  if (url.startsWith('sqlite:')) return withUnavailableErrors(new SqliteStore(sqlitePath(url)), sqliteUnavailable);
  return withUnavailableErrors(new MysqlStore(url, options), mysqlUnavailable);
}

/** The configured store; one that cannot be opened is a configuration error naming the URL's key. */
export function openConfiguredStore(settings: Settings, options: { poolSize?: number } = {}): JobStore {
  try {
    return openStore(sqliteUrlIn(settings.root, settings.jobstoreUrl), options);
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    throw new ConfigError(settings.jobstoreUrlKey.file, settings.jobstoreUrlKey.path, error.message);
  }
}
