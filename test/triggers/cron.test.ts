import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TriggerArgError } from '../../src/triggers/index.js';
import { fireTimes, make } from './helpers.js';

const FROM = '2025-01-01T00:00:00Z';

test('cron fills fields below the last given one with their minimum, above it with *', () => {
  assert.deepEqual(fireTimes(make('cron', { hour: 12 }), FROM, 2), ['2025-01-01T12:00:00.000Z', '2025-01-02T12:00:00.000Z']);
  assert.deepEqual(fireTimes(make('cron', { day: 1, minute: 5 }), FROM, 2), ['2025-01-01T00:05:00.000Z', '2025-01-01T01:05:00.000Z']);
  assert.deepEqual(fireTimes(make('cron', { month: 6 }), FROM, 2), ['2025-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
  assert.deepEqual(fireTimes(make('cron', { second: 0 }), FROM, 2), ['2025-01-01T00:00:00.000Z', '2025-01-01T00:01:00.000Z']);
  assert.deepEqual(fireTimes(make('cron', {}), FROM, 2), ['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z']);
});

test('cron first fire is at or after now, rounded up to a whole second', () => {
  const trigger = make('cron', { second: '*/10' });
  assert.equal(trigger.next(null, new Date('2025-01-01T00:00:10.000Z'))?.toISOString(), '2025-01-01T00:00:10.000Z');
  assert.equal(trigger.next(null, new Date('2025-01-01T00:00:10.001Z'))?.toISOString(), '2025-01-01T00:00:20.000Z');
});

test('cron with previous returns the fire after it even when that is before now', () => {
  const trigger = make('cron', { minute: 0 });
  const next = trigger.next(new Date('2025-01-01T03:00:00Z'), new Date('2025-02-01T00:00:00Z'));
  assert.equal(next?.toISOString(), '2025-01-01T04:00:00.000Z');
});

test('cron expressions: steps, ranges, lists, names', () => {
  assert.deepEqual(fireTimes(make('cron', { minute: '5/15' }), FROM, 4).map((t) => t.slice(14, 16)), ['05', '20', '35', '50']);
  assert.deepEqual(fireTimes(make('cron', { hour: '1-5/2' }), FROM, 3).map((t) => t.slice(11, 13)), ['01', '03', '05']);
  assert.deepEqual(fireTimes(make('cron', { hour: '3, 7,20' }), FROM, 3).map((t) => t.slice(11, 13)), ['03', '07', '20']);
  assert.deepEqual(fireTimes(make('cron', { month: 'FEB-mar', day: 1 }), FROM, 3).map((t) => t.slice(0, 10)), ['2025-02-01', '2025-03-01', '2026-02-01']);
  // 2025-01-01 is a Wednesday; 0 = Monday.
  assert.deepEqual(fireTimes(make('cron', { day_of_week: 'sat,0', hour: 0 }), FROM, 3).map((t) => t.slice(0, 10)), ['2025-01-04', '2025-01-06', '2025-01-11']);
});

test('cron day and day_of_week are ANDed', () => {
  assert.deepEqual(fireTimes(make('cron', { day: 13, day_of_week: 'fri' }), FROM, 2).map((t) => t.slice(0, 10)), ['2025-06-13', '2026-02-13']);
});

test('cron honours start_date, end_date and timezone', () => {
  const trigger = make('cron', { hour: 9, start_date: '2025-02-01', end_date: '2025-02-03 09:00:00', timezone: 'Asia/Kolkata' });
  assert.deepEqual(fireTimes(trigger, FROM, 5), ['2025-02-01T03:30:00.000Z', '2025-02-02T03:30:00.000Z', '2025-02-03T03:30:00.000Z']);
});

test('cron describes its given fields', () => {
  assert.equal(make('cron', { hour: 12, minute: 0 }).describe(), "cron[hour='12', minute='0']");
});

test('cron rejects bad expressions with the field as key', () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ day_of_week: 'mon-sunday' }, 'day_of_week', /"mon-sunday" is not a weekday range/],
    [{ hour: 24 }, 'hour', /24 is out of range for hour \(0-23\)/],
    [{ minute: '*/0' }, 'minute', /step must be at least 1/],
    [{ minute: '*/60' }, 'minute', /step 60 is larger/],
    [{ hour: '5-1' }, 'hour', /start is after its end/],
    [{ day: 0 }, 'day', /out of range/],
    [{ month: 'foo' }, 'month', /not a month name/],
    [{ second: 'x' }, 'second', /not a valid second expression/],
    [{ hour: true }, 'hour', /expected an integer/],
    [{ bogus: 1 }, 'bogus', /unknown argument/],
    [{ crontab: '* * * *' }, 'crontab', /expected 5 fields/],
    [{ crontab: '* * * * 7' }, 'crontab', /day_of_week field: 7 is out of range/],
    [{ crontab: '* * * * *', hour: 1 }, 'crontab', /cannot be combined with hour/],
  ];
  for (const [args, key, message] of cases) {
    assert.throws(() => make('cron', args), (error: unknown) => error instanceof TriggerArgError && error.key === key && message.test(error.message), JSON.stringify(args));
  }
});

test('cron day expressions: last, xth weekday, last weekday', () => {
  const days = (args: Record<string, unknown>, n: number) => fireTimes(make('cron', args), FROM, n).map((t) => t.slice(0, 10));
  assert.deepEqual(days({ day: 'last' }, 3), ['2025-01-31', '2025-02-28', '2025-03-31']);
  assert.deepEqual(days({ day: '2nd fri' }, 2), ['2025-01-10', '2025-02-14']);
  assert.deepEqual(days({ day: 'Last Fri', month: 2 }, 2), ['2025-02-28', '2026-02-27']);
  assert.deepEqual(days({ day: '5th sun' }, 2), ['2025-03-30', '2025-06-29']);
  assert.deepEqual(days({ month: 2, day: 29 }, 2), ['2028-02-29', '2032-02-29']);
});

test('cron week is the ISO week number', () => {
  // ISO week 1 of 2026 starts on Monday 2025-12-29.
  assert.deepEqual(fireTimes(make('cron', { week: 1, hour: 0 }), '2025-06-01T00:00:00Z', 2).map((t) => t.slice(0, 10)), ['2025-12-29', '2025-12-30']);
});

test('crontab keeps APScheduler 3 weekday numbering: 0 = Monday', () => {
  const trigger = make('cron', { crontab: '0 9 * * 0' });
  assert.equal(trigger.next(null, new Date(FROM))?.toISOString(), '2025-01-06T09:00:00.000Z'); // a Monday
  assert.equal(make('cron', { crontab: '0 9 * * sun' }).next(null, new Date(FROM))?.toISOString(), '2025-01-05T09:00:00.000Z');
});

test('impossible or exhausted specs return null instead of searching forever', () => {
  for (const args of [{ day: 31, month: 2 }, { day: 30, month: 'feb' }, { week: 53, month: 6 }, { year: 2024 }, { year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, start_date: '9999-12-31 23:59:59' }]) {
    const trigger = make('cron', args);
    const first = trigger.next(null, new Date(FROM));
    if (first !== null) assert.equal(trigger.next(first, new Date(FROM)), null, JSON.stringify(args));
  }
});

test('cron jitter is added, never subtracted, and clamped to end_date', () => {
  const trigger = make('cron', { minute: 0, jitter: 120, end_date: '2025-01-01 01:00:30' });
  assert.deepEqual(fireTimes(trigger, FROM, 5), ['2025-01-01T00:01:00.000Z', '2025-01-01T01:00:30.000Z']);
});
