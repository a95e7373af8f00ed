// Property tests: thousands of random cron specs and start instants in several zones, checked
// against the brute-force reference in reference.ts (exact sequence equality over a horizon),
// plus the direct statements: every fire matches the fields, fire times strictly increase.
// TRIGGER_PROPERTY_SCALE=10 multiplies the number of runs for a longer hunt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTrigger, type Trigger } from '../../src/triggers/index.js';
import { policyInstant, referenceFireTimes, wallMatches, wallOf, type FieldName, type Spec } from './reference.js';

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham'];
// DST transitions (UTC instants) per zone, so random starts often straddle one in that zone.
const TRANSITIONS: Array<[string, string]> = [
  ['Europe/Paris', '2025-03-30T01:00:00Z'], ['Europe/Paris', '2025-10-26T01:00:00Z'],
  ['America/New_York', '2025-03-09T07:00:00Z'], ['America/New_York', '2025-11-02T06:00:00Z'],
  ['Australia/Lord_Howe', '2024-10-05T15:30:00Z'], ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'],
  ['America/Sao_Paulo', '2018-11-04T03:00:00Z'], ['America/Sao_Paulo', '2019-02-17T02:00:00Z'],
  ['Pacific/Chatham', '2024-09-28T14:00:00Z'], ['Pacific/Chatham', '2025-04-05T14:00:00Z'],
];
const COUNT = 6;
const SCALE = Number(process.env.TRIGGER_PROPERTY_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE) });
const HORIZON_DAYS = 800;

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** One numeric expression within [min, max]: *, *\/n, a, a-b, a-b/n, a/n. */
function numeric(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const span = max - min;
  return fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 1, max: Math.max(1, Math.min(span, 20)) }).map((n) => `*/${n}`),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(value, value, fc.integer({ min: 1, max: 10 }))
      .filter(([a, b, n]) => n <= Math.abs(b - a))
      .map(([a, b, n]) => `${Math.min(a, b)}-${Math.max(a, b)}/${n}`),
    fc.tuple(value, fc.integer({ min: 1, max: 10 })).filter(([a, n]) => n <= max - a).map(([a, n]) => `${a}/${n}`),
  );
}

function list(item: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(','));
}

const pick = <T,>(items: T[]) => fc.constantFrom(...items);
const upperOrLower = (word: string) => fc.boolean().map((up) => (up ? word.toUpperCase() : word));

const FIELD_ARBS: Record<FieldName, fc.Arbitrary<string>> = {
  year: fc.oneof(fc.constant('*'), fc.integer({ min: 2015, max: 2032 }).map((y) => `${y}-${y + 3}`), fc.constant('*/2')),
  month: list(fc.oneof(numeric(1, 12), pick(MONTH_NAMES).chain(upperOrLower),
    fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 11 })).map(([a, b]) => `${MONTH_NAMES[Math.min(a, b)]}-${MONTH_NAMES[Math.max(a, b)]}`))),
  day: list(fc.oneof(numeric(1, 31), fc.constant('last'),
    fc.tuple(pick(['1st', '2nd', '3rd', '4th', '5th', 'last']), pick(WEEKDAY_NAMES)).map(([p, d]) => `${p} ${d}`))),
  week: list(numeric(1, 53)),
  day_of_week: list(fc.oneof(numeric(0, 6), pick(WEEKDAY_NAMES).chain(upperOrLower),
    fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })).map(([a, b]) => `${WEEKDAY_NAMES[Math.min(a, b)]}-${WEEKDAY_NAMES[Math.max(a, b)]}`))),
  hour: list(numeric(0, 23)),
  minute: list(numeric(0, 59)),
  second: list(numeric(0, 59)),
};

const specArb: fc.Arbitrary<Spec> = fc.record(FIELD_ARBS, { requiredKeys: [] }).map((spec) => {
  // Keep windows small: an unrestricted second field fires every second and says little.
  return spec;
});

/** [zone, start]: anywhere in 2015-2030, or within 8 hours of one of the zone's transitions. */
const whereArb: fc.Arbitrary<[string, number]> = fc.oneof(
  fc.tuple(pick(ZONES), fc.integer({ min: Date.parse('2015-01-01T00:00:00Z'), max: Date.parse('2031-01-01T00:00:00Z') })),
  fc.tuple(pick(TRANSITIONS), fc.integer({ min: -8 * 3_600_000, max: 8 * 3_600_000 }))
    .map(([[zone, at], delta]): [string, number] => [zone, Date.parse(at) + delta]),
);
const startArb = whereArb.map(([, start]) => start);

function make(spec: Spec, zone: string): Trigger {
  return createTrigger('cron', spec, { defaultTimezone: zone, anchor: new Date(0) });
}

function fires(trigger: Trigger, from: number, count: number): number[] {
  const out: number[] = [];
  let previous: Date | null = null;
  while (out.length < count) {
    const next = trigger.next(previous, new Date(from));
    if (next === null) break;
    out.push(next.getTime());
    previous = next;
  }
  return out;
}

const iso = (times: number[]) => times.map((t) => new Date(t).toISOString());

test('cron fire times equal a brute-force enumeration of matching wall times', () => {
  fc.assert(
    fc.property(specArb, whereArb, (spec, [zone, start]) => {
      const actual = fires(make(spec, zone), start, COUNT);
      const reference = referenceFireTimes(spec, zone, start, COUNT, HORIZON_DAYS);
      if (reference.complete) {
        assert.deepEqual(iso(actual), iso(reference.times));
      } else {
        // The reference gave up at its horizon: compare what it knows for sure.
        const known = (times: number[]) => iso(times.filter((t) => t < reference.certainBefore));
        assert.deepEqual(known(actual), known(reference.times));
      }
    }),
    runs(2500),
  );
});

test('every cron fire time shows a matching wall time (or is a gap time shifted past the gap)', () => {
  fc.assert(
    fc.property(specArb, whereArb, (spec, [zone, start]) => {
      for (const t of fires(make(spec, zone), start, COUNT)) {
        const wall = wallOf(zone, t);
        const jump = wall - t - (wallOf(zone, t - 86_400_000) - (t - 86_400_000));
        const shifted = jump > 0 && policyInstant(zone, wall - jump) === t && wallMatches(spec, wall - jump);
        assert.ok(wallMatches(spec, wall) || shifted, `${new Date(t).toISOString()} in ${zone}`);
      }
    }),
    runs(1500),
  );
});

test('cron fire times strictly increase, start at or after now, and are whole seconds', () => {
  fc.assert(
    fc.property(specArb, whereArb, (spec, [zone, start]) => {
      const times = fires(make(spec, zone), start, COUNT);
      times.forEach((t, i) => {
        assert.equal(t % 1000, 0);
        assert.ok(i === 0 ? t >= start : t > times[i - 1]!);
      });
    }),
    runs(1500),
  );
});

test('next(previous, now) is the first fire strictly after previous, whatever now is', () => {
  fc.assert(
    fc.property(specArb, whereArb, fc.integer({ min: -1e10, max: 1e10 }), (spec, [zone, previous], drift) => {
      const trigger = make(spec, zone);
      const viaPrevious = trigger.next(new Date(previous), new Date(previous + drift));
      const viaNow = trigger.next(null, new Date(previous + 1));
      assert.equal(viaPrevious?.getTime(), viaNow?.getTime());
    }),
    runs(1000),
  );
});

test('cron jitter stays within [fire, fire + jitter] and never passes end_date', () => {
  fc.assert(
    fc.property(specArb, startArb, fc.integer({ min: 1, max: 600 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (spec, start, jitter, r) => {
      const end = new Date(start + 7 * 86_400_000).toISOString();
      const plain = createTrigger('cron', { ...spec, end_date: end }, { defaultTimezone: 'UTC', anchor: new Date(0) });
      const jittered = createTrigger('cron', { ...spec, end_date: end, jitter }, { defaultTimezone: 'UTC', anchor: new Date(0), random: () => r });
      const base = plain.next(null, new Date(start));
      const actual = jittered.next(null, new Date(start));
      if (base === null) return assert.equal(actual, null);
      assert.ok(actual !== null && actual >= base && actual.getTime() <= base.getTime() + jitter * 1000);
      assert.ok(actual.getTime() <= Date.parse(end));
    }),
    runs(500),
  );
});

test('interval fire times sit on the start_date grid, strictly increase and respect now', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 * 86_400 }), startArb, fc.integer({ min: -1e9, max: 1e10 }), (seconds, start, delta) => {
      const trigger = createTrigger('interval', { seconds, start_date: new Date(start) }, { defaultTimezone: 'Europe/Paris', anchor: new Date(0) });
      const now = start + delta;
      const times = fires(trigger, now, 5);
      assert.equal(times.length, 5);
      times.forEach((t, i) => {
        assert.equal((t - start) % (seconds * 1000), 0);
        assert.ok(t >= start && (i === 0 ? t >= now && t - seconds * 1000 < Math.max(now, start) : t - times[i - 1]! === seconds * 1000));
      });
    }),
    runs(1000),
  );
});
