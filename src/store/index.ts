// Picks the store from the jobstore URL: MySQL for mysql://, memory when none is set.
import { MemoryStore } from './memory.js';
import { withUnavailableErrors } from './mysql/errors.js';
import { MysqlStore } from './mysql/index.js';
import type { JobStore } from './types.js';

export * from './types.js';
export { MemoryStore } from './memory.js';

export function openStore(url: string | null, options: { poolSize?: number } = {}): JobStore {
  return url ? withUnavailableErrors(new MysqlStore(url, options)) : new MemoryStore();
}
