// Reading and validating trigger arguments as they come from YAML: known keys, numbers, time zones,
// jitter. Every failure is a TriggerArgError naming the offending key.
import { TriggerArgError, type TriggerArgs, type TriggerOptions } from './types.js';
import { MAX_SPAN_SECONDS } from './range.js';
import { isKnownZone } from './zone.js';

/** Rejects keys the trigger type does not know; null values count as absent (APScheduler's None). */
export function checkKeys(args: TriggerArgs, allowed: readonly string[], type: string): void {
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) {
      throw new TriggerArgError(key, `unknown argument for ${type === 'interval' ? 'an' : 'a'} ${type} trigger (expected one of: ${allowed.join(', ')})`);
    }
  }
}

/** The value under `key`, with null/undefined folded into undefined. */
export function present(args: TriggerArgs, key: string): unknown {
  const value = args[key];
  return value === null ? undefined : value;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** A finite number in [0, max], or undefined when absent. */
export function readNonNegative(args: TriggerArgs, key: string, max: number): number | undefined {
  const value = present(args, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TriggerArgError(key, `expected a number, got ${describeValue(value)}`);
  }
  if (value < 0) throw new TriggerArgError(key, `must not be negative, got ${value}`);
  if (value > max) throw new TriggerArgError(key, `must be at most ${max}, got ${value}`);
  return value;
}

/** Jitter in milliseconds (APScheduler: up to `jitter` seconds, always added), or 0. */
export function readJitter(args: TriggerArgs): number {
  return Math.round((readNonNegative(args, 'jitter', MAX_SPAN_SECONDS) ?? 0) * 1000);
}

/** The trigger's zone: its own `timezone` argument, else the configured default. */
export function readTimezone(args: TriggerArgs, options: TriggerOptions): string {
  const value = present(args, 'timezone') ?? options.defaultTimezone;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TriggerArgError('timezone', `expected an IANA time zone name, got ${describeValue(value)}`);
  }
  if (!isKnownZone(value)) {
    throw new TriggerArgError('timezone', `unknown time zone ${JSON.stringify(value)} (expected an IANA name such as "Europe/Paris")`);
  }
  return value;
}
