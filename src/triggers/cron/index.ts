// The cron trigger: validates its args, compiles the fields (APScheduler's default rule) and maps
// the wall-clock search onto instants in the trigger's zone under our DST policy (see zone.ts).
import { TriggerArgError, type Trigger, type TriggerArgs, type TriggerOptions } from '../types.js';
import { checkKeys, describeValue, present, readJitter, readTimezone } from '../args.js';
import { readDate } from '../datetime.js';
import { applyJitter } from '../jitter.js';
import { fromWall, offsetBeforeRecentGap, toWall } from '../zone.js';
import { parseCrontab } from './crontab.js';
import { ExpressionError } from './expressions.js';
import { CronField } from './field.js';
import { FIELD_NAMES, withDefaults, type FieldName } from './fields.js';
import { nextWallMatch, type CronFields } from './search.js';

const KEYS = [...FIELD_NAMES, 'start_date', 'end_date', 'timezone', 'jitter', 'crontab'];

export function createCronTrigger(args: TriggerArgs, options: TriggerOptions): Trigger {
  checkKeys(args, KEYS, 'cron');
  const timezone = readTimezone(args, options);
  const start = readDate(args, 'start_date', timezone)?.getTime() ?? null;
  const end = readDate(args, 'end_date', timezone)?.getTime() ?? null;
  if (start !== null && end !== null && end < start) throw new TriggerArgError('end_date', 'is before start_date');
  const jitter = readJitter(args);
  const random = options.random ?? Math.random;
  const given = readFieldTexts(args);
  const fields = compileFields(given, present(args, 'crontab') !== undefined);

  return {
    type: 'cron',
    timezone,
    next(previous, now) {
      // APScheduler starts strictly after the previous fire time, else at now (not before start_date),
      // rounded up to a whole second since fire times carry no fraction.
      let from = previous ? previous.getTime() + 1 : now.getTime();
      if (start !== null && from < start) from = start;
      const fire = nextFire(fields, timezone, Math.ceil(from / 1000) * 1000, end);
      return fire === null ? null : new Date(applyJitter(fire, jitter, random, end));
    },
    describe: () => describeCron(given),
  };
}

/** The given field expressions as text: from `crontab`, or from the individual field keys. */
function readFieldTexts(args: TriggerArgs): Partial<Record<FieldName, string>> {
  const crontab = present(args, 'crontab');
  if (crontab !== undefined) return readCrontab(args, crontab);
  const given: Partial<Record<FieldName, string>> = {};
  for (const name of FIELD_NAMES) {
    const value = present(args, name);
    if (value !== undefined) given[name] = fieldText(name, value);
  }
  return given;
}

function readCrontab(args: TriggerArgs, crontab: unknown): Partial<Record<FieldName, string>> {
  const clash = FIELD_NAMES.find((name) => present(args, name) !== undefined);
  if (clash) throw new TriggerArgError('crontab', `cannot be combined with ${clash}`);
  if (typeof crontab !== 'string') {
    throw new TriggerArgError('crontab', `expected a string like "*/5 * * * *", got ${describeValue(crontab)}`);
  }
  try {
    return parseCrontab(crontab);
  } catch (error) {
    throw asArgError(error, 'crontab');
  }
}

/** APScheduler takes ints or strings for fields; anything else is a type error. */
function fieldText(name: FieldName, value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string') return value;
  throw new TriggerArgError(name, `expected an integer or a cron expression string, got ${describeValue(value)}`);
}

function compileFields(given: Partial<Record<FieldName, string>>, fromCrontab: boolean): CronFields {
  const texts = withDefaults(given);
  const fields = {} as Record<FieldName, CronField>;
  for (const name of FIELD_NAMES) {
    try {
      fields[name] = new CronField(name, texts[name]);
    } catch (error) {
      throw fromCrontab ? asArgError(error, 'crontab', `${name} field: `) : asArgError(error, name);
    }
  }
  return fields;
}

function asArgError(error: unknown, key: string, prefix = ''): unknown {
  return error instanceof ExpressionError ? new TriggerArgError(key, prefix + error.message) : error;
}

/**
 * The first fire instant ≥ `from` (≤ end). Two kinds of wall time can give it: an ordinary one at
 * or after the wall clock at `from`, and — just after a spring-forward — one inside the gap, fired
 * shifted past it (a gap wall time reads earlier than the clock at `from` but fires later).
 */
function nextFire(fields: CronFields, zone: string, from: number, end: number | null): number | null {
  const ordinary = nextOrdinary(fields, zone, from);
  const shifted = nextFromGap(fields, zone, from);
  const fire = ordinary === null ? shifted : shifted === null ? ordinary : Math.min(ordinary, shifted);
  return fire !== null && end !== null && fire > end ? null : fire;
}

/** Searching from the wall clock at `from`; a wall time whose first occurrence is already behind
 * `from` (we started inside a fall-back overlap) is skipped. */
function nextOrdinary(fields: CronFields, zone: string, from: number): number | null {
  let wall = toWall(zone, from);
  for (;;) {
    const match = nextWallMatch(fields, wall);
    if (match === null) return null;
    const instant = fromWall(zone, match);
    if (instant >= from) return instant;
    wall = match + 1000;
  }
}

/** A matching wall time inside a gap that ended less than a gap-length before `from`. */
function nextFromGap(fields: CronFields, zone: string, from: number): number | null {
  const before = offsetBeforeRecentGap(zone, from);
  if (before === null) return null;
  const match = nextWallMatch(fields, from + before);
  if (match === null) return null;
  const instant = fromWall(zone, match);
  const insideGap = toWall(zone, instant) !== match;
  return insideGap && instant >= from ? instant : null;
}

function describeCron(given: Partial<Record<FieldName, string>>): string {
  const parts = FIELD_NAMES.filter((name) => given[name] !== undefined).map((name) => `${name}='${given[name]!.trim()}'`);
  return `cron[${parts.join(', ')}]`;
}
