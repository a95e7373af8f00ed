// The cron trigger: validates its args, compiles the fields (APScheduler's default rule) and maps
// the wall-clock search onto instants in the trigger's zone under our DST policy (see zone.ts).
import { TriggerArgError, type Trigger, type TriggerArgs, type TriggerOptions } from '../types.js';
import { checkKeys, describeValue, present, readJitter, readTimezone } from '../args.js';
import { readDate } from '../datetime.js';
import { applyJitter } from '../jitter.js';
import { parseCrontab } from './crontab.js';
import { ExpressionError } from './expressions.js';
import { CronField } from './field.js';
import { FIELD_NAMES, withDefaults, type FieldName } from './fields.js';
import { nextFire } from './instants.js';
import type { CronFields } from './search.js';

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

function describeCron(given: Partial<Record<FieldName, string>>): string {
  const parts = FIELD_NAMES.filter((name) => given[name] !== undefined).map((name) => `${name}='${given[name]!.trim()}'`);
  return `cron[${parts.join(', ')}]`;
}
