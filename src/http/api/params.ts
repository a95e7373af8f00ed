// Query parameters, checked one by one: a bad one is refused with 400 naming it (`query.limit`),
// in the words the config errors use.
import type { Context } from 'hono';
import { decodeCursor } from '../cursors.js';
import { refuse } from '../problem.js';

export class QueryParams {
  constructor(private readonly c: Context) {}

  string(name: string, maxLength = 191): string | undefined {
    const value = this.c.req.query(name);
    if (value === undefined || value === '') return undefined;
    if (value.length > maxLength) this.fail(name, `must be at most ${maxLength} characters`);
    return value;
  }

  oneOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value !== undefined && !(choices as readonly string[]).includes(value)) this.fail(name, `"${value.slice(0, 50)}" is not one of: ${choices.join(', ')}`);
    return value as T | undefined;
  }

  integer(name: string, { min, max, fallback }: { min: number; max: number; fallback: number }): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) this.fail(name, `expected a whole number, got "${value.slice(0, 50)}"`);
    if (n < min) this.fail(name, `must be at least ${min}, got ${n}`);
    if (n > max) this.fail(name, `must be at most ${max}, got ${n}`);
    return n;
  }

  /** An ISO 8601 instant with its offset (`2025-03-01T09:00:00Z`). */
  time(name: string): Date | undefined {
    const value = this.string(name, 64);
    if (value === undefined) return undefined;
    const date = new Date(value);
    if (!/(?:Z|[+-]\d\d:?\d\d)$/i.test(value) || Number.isNaN(date.getTime())) this.fail(name, `expected an ISO 8601 time with its offset, such as 2025-03-01T09:00:00Z, got "${value.slice(0, 64)}"`);
    return date;
  }

  /** A cursor this API handed out (`next_cursor`), decoded by `read`. */
  cursor<T>(name: string, read: (value: unknown) => T | null): T | undefined {
    const value = this.string(name, 1_000);
    if (value === undefined) return undefined;
    const cursor = read(decodeCursor(value));
    if (cursor === null) this.fail(name, 'is not a cursor this API handed out (use next_cursor as given)');
    return cursor;
  }

  private fail(name: string, reason: string): never {
    refuse(400, `${name}: ${reason}`, `query.${name}`);
  }
}

/** The object without its undefined entries (optional query fields under exactOptionalPropertyTypes). */
export function withoutUndefined<T extends object>(value: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
