import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TriggerArgError } from '../../src/triggers/index.js';
import { ANCHOR, fireTimes, make } from './helpers.js';

test('interval without start_date starts one interval after the anchor', () => {
  const trigger = make('interval', { minutes: 10 });
  assert.deepEqual(fireTimes(trigger, ANCHOR, 3), [
    '2025-01-01T00:10:00.000Z', '2025-01-01T00:20:00.000Z', '2025-01-01T00:30:00.000Z',
  ]);
});

test('interval with previous = null returns the next grid slot at or after now', () => {
  const trigger = make('interval', { seconds: 30, start_date: '2025-01-01 00:00:00' });
  assert.equal(trigger.next(null, new Date('2025-01-01T00:00:45Z'))?.toISOString(), '2025-01-01T00:01:00.000Z');
  assert.equal(trigger.next(null, new Date('2025-01-01T00:01:00Z'))?.toISOString(), '2025-01-01T00:01:00.000Z');
  assert.equal(trigger.next(null, new Date('2024-12-31T00:00:00Z'))?.toISOString(), '2025-01-01T00:00:00.000Z');
});

test('interval with a previous fire time returns the following slot even if it is in the past', () => {
  const trigger = make('interval', { hours: 1, start_date: '2025-01-01' });
  const next = trigger.next(new Date('2025-01-01T03:00:00Z'), new Date('2025-06-01T00:00:00Z'));
  assert.equal(next?.toISOString(), '2025-01-01T04:00:00.000Z');
});

test('interval sums weeks, days, hours, minutes and seconds', () => {
  const trigger = make('interval', { weeks: 1, days: 1, hours: 1, minutes: 1, seconds: 1, start_date: '2025-01-01' });
  assert.equal(trigger.describe(), 'interval[8 days, 1:01:01]');
  assert.equal(trigger.next(new Date('2025-01-01T00:00:00Z'), ANCHOR)?.toISOString(), '2025-01-09T01:01:01.000Z');
});

test('interval counts absolute time across DST (wall time shifts by an hour)', () => {
  const trigger = make('interval', { days: 1, start_date: '2025-03-08 12:00:00', timezone: 'America/New_York' });
  assert.deepEqual(fireTimes(trigger, '2025-03-08T00:00:00Z', 2), ['2025-03-08T17:00:00.000Z', '2025-03-09T17:00:00.000Z']);
});

test('interval stops after end_date (inclusive)', () => {
  const trigger = make('interval', { hours: 1, start_date: '2025-01-01 00:00', end_date: '2025-01-01 02:00' });
  assert.equal(fireTimes(trigger, '2025-01-01T00:00:00Z', 10).length, 3);
});

test('interval jitter delays within [0, jitter) and never passes end_date', () => {
  const trigger = make('interval', { hours: 1, jitter: 10, start_date: '2025-01-01 00:00', end_date: '2025-01-01 01:00:03' });
  assert.deepEqual(fireTimes(trigger, '2025-01-01T00:00:00Z', 5), ['2025-01-01T00:00:05.000Z', '2025-01-01T01:00:03.000Z']);
});

test('interval rejects bad arguments with the offending key', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ minutes: '5' }, 'minutes'], [{ seconds: -1 }, 'seconds'], [{}, ''], [{ hour: 1 }, 'hour'],
    [{ seconds: 5, jitter: -1 }, 'jitter'], [{ seconds: 5, timezone: 'Nowhere/City' }, 'timezone'],
    [{ seconds: 5, start_date: '2025-02-30' }, 'start_date'], [{ seconds: 5, end_date: 5 }, 'end_date'],
  ];
  for (const [args, key] of cases) {
    assert.throws(() => make('interval', args), (error: unknown) => error instanceof TriggerArgError && error.key === key, JSON.stringify(args));
  }
});

test('interval without start_date whose first slot is past end_date is finished, not an error (issue 10)', () => {
  // Anchored at 2025-01-01 00:00, the first slot (01:00) is after end_date: no fire time at all.
  const trigger = make('interval', { hours: 1, end_date: '2025-01-01 00:30' });
  assert.equal(trigger.next(null, ANCHOR), null);
  assert.equal(make('interval', { days: 1, end_date: '2020-01-01' }).next(null, ANCHOR), null);
});

test('a fire time past 9999-12-31 ends the trigger: the store cannot hold it (issue 10)', () => {
  const trigger = make('interval', { weeks: 52, start_date: '9999-06-01 00:00' });
  assert.equal(trigger.next(null, ANCHOR)?.toISOString(), '9999-06-01T00:00:00.000Z');
  assert.equal(trigger.next(new Date('9999-06-01T00:00:00Z'), ANCHOR), null);
  assert.equal(make('cron', { year: 9999, month: 12, day: 31, hour: 23, timezone: 'Etc/GMT+12' }).next(null, ANCHOR), null);
});

test('interval and jitter longer than 10 years are refused (issue 10)', () => {
  assert.throws(() => make('interval', { seconds: 1e300 }), (e) => e instanceof TriggerArgError && e.key === '');
  assert.throws(() => make('interval', { seconds: 5, jitter: 1e300 }), (e) => e instanceof TriggerArgError && e.key === 'jitter');
});
