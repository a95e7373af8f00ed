// A clock stepped back: `now` earlier than the previous fire time. APScheduler 3's CronTrigger
// searches from min(now, previous + 1 µs), so it restarts from now and fires again what it already
// fired; here every trigger continues strictly after the previous fire time (README, "Differences
// from APScheduler 3"). Its IntervalTrigger already continues at previous + interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { make } from './helpers.js';

const PREVIOUS = new Date('2025-06-01T10:00:00Z');
const STEPPED_BACK = new Date('2025-06-01T09:00:30Z');

test('cron continues after the previous fire time, not from an earlier now', () => {
  // APScheduler: 10:00:00 again (the first match at or after 09:00:30).
  assert.equal(make('cron', { minute: 0 }).next(PREVIOUS, STEPPED_BACK)?.toISOString(), '2025-06-01T11:00:00.000Z');
  assert.equal(make('cron', {}).next(PREVIOUS, STEPPED_BACK)?.toISOString(), '2025-06-01T10:00:01.000Z');
});

test('interval continues on its grid after the previous fire time, as APScheduler does', () => {
  assert.equal(make('interval', { minutes: 30 }).next(PREVIOUS, STEPPED_BACK)?.toISOString(), '2025-06-01T10:30:00.000Z');
});

test('a date trigger that fired stays finished', () => {
  assert.equal(make('date', { run_date: '2025-06-01 10:00:00' }).next(PREVIOUS, STEPPED_BACK), null);
});
