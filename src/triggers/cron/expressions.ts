// Parsing one cron field's expression text (APScheduler's syntax) into value generators:
// `*`, `*/n`, `a`, `a-b`, `a-b/n`, `a/n`, comma lists; month and weekday names (case-insensitive);
// for `day` also `last`, `1st`…`5th <weekday>` and `last <weekday>`.
import { daysInMonth, weekday } from './calendar.js';
import { FIELD_MAX, FIELD_MIN, type FieldName } from './fields.js';

/** The month a day-of-month value is looked up in (other fields ignore it). */
export interface MonthContext {
  readonly year: number;
  readonly month: number;
}

export interface Expression {
  /** Smallest allowed value ≥ `from` that still fits the field (the month for `day`), or null. */
  next(from: number, ctx: MonthContext): number | null;
}

/** An invalid expression; the trigger turns it into a TriggerArgError on the right key. */
export class ExpressionError extends Error {}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const POSITIONS = ['1st', '2nd', '3rd', '4th', '5th', 'last'];

const ALL_RE = /^\*(?:\/(\d+))?$/;
const RANGE_RE = /^(\d+)(?:-(\d+))?(?:\/(\d+))?$/;
const NAME_RANGE_RE = /^([a-z]+)(?:-([a-z]+))?$/i;
const POSITION_RE = /^(1st|2nd|3rd|4th|5th|last)\s+([a-z]+)$/i;

/** Splits a comma list (spaces around commas allowed) and parses each part. */
export function parseField(name: FieldName, text: string): Expression[] {
  const parts = text.trim().split(/\s*,\s*/);
  return parts.map((part) => parseOne(name, part));
}

function parseOne(name: FieldName, text: string): Expression {
  const all = ALL_RE.exec(text);
  if (all) return everyExpression(name, text, all[1]);
  const range = RANGE_RE.exec(text);
  if (range) return rangeExpression(name, text, Number(range[1]), range[2], range[3]);
  if (name === 'day') {
    if (/^last$/i.test(text)) return lastDayExpression();
    const position = POSITION_RE.exec(text);
    if (position) return positionExpression(text, position[1]!, position[2]!);
  }
  if (name === 'day_of_week' || name === 'month') {
    const names = NAME_RANGE_RE.exec(text);
    if (names) return namedRange(name, text, names[1]!, names[2]);
  }
  throw new ExpressionError(`${JSON.stringify(text)} is not a valid ${name} expression (${HINTS[name]})`);
}

const NUMERIC_HINT = 'expected *, */n, a, a-b, a-b/n, a/n or a comma-separated list';
const HINTS: Record<FieldName, string> = {
  year: NUMERIC_HINT, week: NUMERIC_HINT, hour: NUMERIC_HINT, minute: NUMERIC_HINT, second: NUMERIC_HINT,
  month: `${NUMERIC_HINT}; names jan-dec`,
  day_of_week: `${NUMERIC_HINT}; 0 = mon … 6 = sun; names mon-sun`,
  day: `${NUMERIC_HINT}, last, "2nd fri" or "last fri"`,
};

function readStep(text: string, step: string | undefined, span: number, spanText: string): number | null {
  if (step === undefined) return null;
  const value = Number(step);
  if (value === 0) throw new ExpressionError(`${JSON.stringify(text)}: the step must be at least 1`);
  if (value > span) throw new ExpressionError(`${JSON.stringify(text)}: the step ${value} is larger than the range ${spanText}`);
  return value;
}

/** `*` or `*`/n: every n-th value counted from the field's minimum. */
function everyExpression(name: FieldName, text: string, stepText: string | undefined): Expression {
  const min = FIELD_MIN[name];
  const step = readStep(text, stepText, FIELD_MAX[name] - min, `${min}-${FIELD_MAX[name]}`);
  return {
    next(from, ctx) {
      return stepFrom(Math.max(from, min), min, step, fieldMax(name, ctx));
    },
  };
}

/** `a`, `a-b`, `a-b/n` or `a/n` (a to the field's maximum). */
function rangeExpression(
  name: FieldName, text: string, first: number, lastText: string | undefined, stepText: string | undefined,
): Expression {
  const min = FIELD_MIN[name];
  const max = FIELD_MAX[name];
  const last = lastText !== undefined ? Number(lastText) : stepText === undefined ? first : null;
  checkInRange(name, text, first, min, max);
  if (last !== null) checkInRange(name, text, last, min, max);
  if (last !== null && first > last) throw new ExpressionError(`${JSON.stringify(text)}: the range start is after its end`);
  const step = readStep(text, stepText, (last ?? max) - first, `${first}-${last ?? max}`);
  return boundedRange(name, first, last, step);
}

function boundedRange(name: FieldName, first: number, last: number | null, step: number | null): Expression {
  return {
    next(from, ctx) {
      const hi = Math.min(fieldMax(name, ctx), last ?? Infinity);
      return stepFrom(Math.max(from, first), first, step, hi);
    },
  };
}

function checkInRange(name: FieldName, text: string, value: number, min: number, max: number): void {
  if (value < min || value > max) {
    const subject = text === String(value) ? String(value) : `${JSON.stringify(text)}: ${value}`;
    throw new ExpressionError(`${subject} is out of range for ${name} (${min}-${max})`);
  }
}

/** First value ≥ `value` on the grid origin + k·step (every value if no step), or null past `hi`. */
function stepFrom(value: number, origin: number, step: number | null, hi: number): number | null {
  const next = step ? value + ((step - ((value - origin) % step)) % step) : value;
  return next <= hi ? next : null;
}

function fieldMax(name: FieldName, ctx: MonthContext): number {
  return name === 'day' ? daysInMonth(ctx.year, ctx.month) : FIELD_MAX[name];
}

/** `mon-fri`, `sat`, `jan-mar`, `dec`: names only, no step (as in APScheduler). */
function namedRange(name: 'day_of_week' | 'month', text: string, firstName: string, lastName: string | undefined): Expression {
  const table = name === 'month' ? MONTHS : WEEKDAYS;
  const base = name === 'month' ? 1 : 0;
  const first = table.indexOf(firstName.toLowerCase());
  const last = lastName === undefined ? first : table.indexOf(lastName.toLowerCase());
  const what = name === 'month' ? 'month' : 'weekday';
  if (first < 0 || last < 0) {
    const kind = lastName === undefined ? 'name' : 'range';
    throw new ExpressionError(`${JSON.stringify(text)} is not a ${what} ${kind} (names: ${table.join(', ')})`);
  }
  if (first > last) throw new ExpressionError(`${JSON.stringify(text)}: the range start is after its end`);
  return boundedRange(name, first + base, last + base, null);
}

/** `last`: the month's last day. */
function lastDayExpression(): Expression {
  return {
    next(from, ctx) {
      const last = daysInMonth(ctx.year, ctx.month);
      return last >= from ? last : null;
    },
  };
}

/** `2nd fri`, `last sun`: the x-th (or last) given weekday of the month, if the month has it. */
function positionExpression(text: string, positionText: string, weekdayName: string): Expression {
  const position = POSITIONS.indexOf(positionText.toLowerCase());
  const target = WEEKDAYS.indexOf(weekdayName.toLowerCase());
  if (target < 0) {
    throw new ExpressionError(`${JSON.stringify(text)} is not a weekday position (e.g. "2nd fri", "last sun")`);
  }
  return {
    next(from, ctx) {
      const last = daysInMonth(ctx.year, ctx.month);
      const firstHit = ((target - weekday(ctx.year, ctx.month, 1) + 7) % 7) + 1;
      const day = position < 5 ? firstHit + position * 7 : firstHit + Math.floor((last - firstHit) / 7) * 7;
      return day <= last && day >= from ? day : null;
    },
  };
}
