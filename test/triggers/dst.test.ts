// Our DST policy, stated as examples (the fixtures and property tests cover it at scale):
// a wall time in a spring-forward gap fires just after the gap at the shifted wall time, a wall
// time in a fall-back overlap fires once at its first occurrence, and no day is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoInZone } from '../../src/triggers/format.js';
import { make } from './helpers.js';

function local(type: 'cron' | 'interval', args: Record<string, unknown>, zone: string, from: string, count: number): string[] {
  const trigger = make(type, args, zone);
  const out: string[] = [];
  let previous: Date | null = null;
  while (out.length < count) {
    const next = trigger.next(previous, new Date(from));
    if (next === null) break;
    out.push(isoInZone(next, zone));
    previous = next;
  }
  return out;
}

test('a daily time inside the spring-forward gap fires at the shifted wall time (02:30 → 03:30)', () => {
  assert.deepEqual(local('cron', { hour: 2, minute: 30 }, 'America/New_York', '2025-03-08T12:00:00Z', 3), [
    '2025-03-09T03:30:00-04:00', '2025-03-10T02:30:00-04:00', '2025-03-11T02:30:00-04:00',
  ]);
});

test('a daily time inside the fall-back overlap fires once, at its first occurrence', () => {
  assert.deepEqual(local('cron', { hour: 1, minute: 30 }, 'America/New_York', '2025-11-01T12:00:00Z', 3), [
    '2025-11-02T01:30:00-04:00', '2025-11-03T01:30:00-05:00', '2025-11-04T01:30:00-05:00',
  ]);
});

test('sub-daily schedules skip the missing hour and do not repeat the doubled one', () => {
  assert.deepEqual(local('cron', { minute: '*/30' }, 'Europe/Paris', '2025-03-30T00:00:00Z', 4), [
    '2025-03-30T01:00:00+01:00', '2025-03-30T01:30:00+01:00', '2025-03-30T03:00:00+02:00', '2025-03-30T03:30:00+02:00',
  ]);
  assert.deepEqual(local('cron', { minute: '*/30' }, 'Europe/Paris', '2025-10-26T00:00:00Z', 4), [
    '2025-10-26T02:00:00+02:00', '2025-10-26T02:30:00+02:00', '2025-10-26T03:00:00+01:00', '2025-10-26T03:30:00+01:00',
  ]);
});

test('midnight jobs do not skip the day after spring-forward (APScheduler 3 bug #529 not copied)', () => {
  assert.deepEqual(local('cron', { hour: 0 }, 'America/Los_Angeles', '2022-03-12T12:00:00Z', 3), [
    '2022-03-13T00:00:00-08:00', '2022-03-14T00:00:00-07:00', '2022-03-15T00:00:00-07:00',
  ]);
});

test('a midnight inside the gap (Sao Paulo 2018) fires at 01:00', () => {
  assert.deepEqual(local('cron', { hour: 0 }, 'America/Sao_Paulo', '2018-11-03T12:00:00Z', 2), [
    '2018-11-04T01:00:00-02:00', '2018-11-05T00:00:00-02:00',
  ]);
});

test('starting inside the second occurrence of an overlap does not go back to the first', () => {
  const trigger = make('cron', { minute: '*/30' }, 'America/New_York');
  // 06:10Z is 01:10 EST, the second pass through 01:00-02:00.
  assert.equal(isoInZone(trigger.next(null, new Date('2025-11-02T06:10:00Z'))!, 'America/New_York'), '2025-11-02T02:00:00-05:00');
});

test('interval triggers count absolute time: the wall time moves by the DST shift', () => {
  assert.deepEqual(local('interval', { days: 1, start_date: '2025-03-29 12:00:00' }, 'Europe/Paris', '2025-03-29T00:00:00Z', 2), [
    '2025-03-29T12:00:00+01:00', '2025-03-30T13:00:00+02:00',
  ]);
});

test('a naive date in the overlap is read as its first occurrence, one in the gap as shifted', () => {
  assert.equal(isoInZone(make('date', { run_date: '2025-10-26 02:30:00' }, 'Europe/Paris').next(null, new Date(0))!, 'Europe/Paris'), '2025-10-26T02:30:00+02:00');
  assert.equal(isoInZone(make('date', { run_date: '2025-03-30 02:30:00' }, 'Europe/Paris').next(null, new Date(0))!, 'Europe/Paris'), '2025-03-30T03:30:00+02:00');
});

test('with a gap not aligned to the hour, real wall times after it fire before shifted gap times', () => {
  // Chatham skips 02:45-03:45 (+12:45 → +13:45): 03:00-03:44 fire shifted to 04:00-04:44,
  // after the real 03:45-03:59.
  assert.deepEqual(local('cron', { hour: '*/3', minute: '*/5' }, 'Pacific/Chatham', '2024-09-28T13:40:00Z', 6), [
    '2024-09-29T03:45:00+13:45', '2024-09-29T03:50:00+13:45', '2024-09-29T03:55:00+13:45',
    '2024-09-29T04:00:00+13:45', '2024-09-29T04:05:00+13:45', '2024-09-29T04:10:00+13:45',
  ]);
});
