import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderNext } from '../../src/cli/next.js';
import { createTrigger, type TriggerArgs, type TriggerType } from '../../src/triggers/index.js';

const FROM = new Date('2025-03-28T00:00:00Z');

function job(id: string, type: TriggerType, args: TriggerArgs, zone = 'UTC') {
  return { id, trigger: createTrigger(type, args, { defaultTimezone: zone, anchor: FROM }) };
}

test('json lists each job\'s fire times with the offset of its zone', () => {
  const out = renderNext([job('paris', 'cron', { hour: 9 }, 'Europe/Paris'), job('tick', 'interval', { minutes: 30 })], { from: FROM, count: 3, json: true });
  assert.deepEqual(JSON.parse(out), {
    paris: ['2025-03-28T09:00:00+01:00', '2025-03-29T09:00:00+01:00', '2025-03-30T09:00:00+02:00'],
    tick: ['2025-03-28T00:30:00+00:00', '2025-03-28T01:00:00+00:00', '2025-03-28T01:30:00+00:00'],
  });
});

test('json gives an exhausted trigger fewer times, or none', () => {
  const out = renderNext([job('once', 'date', { run_date: '2025-04-01 08:00' }), job('past', 'cron', { year: 2020 })], { from: FROM, count: 5, json: true });
  assert.deepEqual(JSON.parse(out), { once: ['2025-04-01T08:00:00+00:00'], past: [] });
});

test('table shows local time with weekday and offset next to UTC, columns aligned', () => {
  const out = renderNext([job('report', 'cron', { day_of_week: 'mon-fri', hour: 9, minute: 30 }, 'America/New_York'), job('t', 'interval', { hours: 12 })], { from: FROM, count: 2, json: false });
  assert.equal(out, [
    'JOB     #  LOCAL TIME                      ZONE              UTC',
    'report  1  Fri 2025-03-28 09:30:00 -04:00  America/New_York  2025-03-28 13:30:00Z',
    '        2  Mon 2025-03-31 09:30:00 -04:00  America/New_York  2025-03-31 13:30:00Z',
    't       1  Fri 2025-03-28 12:00:00 +00:00  UTC               2025-03-28 12:00:00Z',
    '        2  Sat 2025-03-29 00:00:00 +00:00  UTC               2025-03-29 00:00:00Z',
  ].join('\n'));
});

test('table says when a job never fires or runs out early', () => {
  const out = renderNext([job('old', 'cron', { year: 2020 }), job('once', 'date', { run_date: '2025-04-01 08:00' })], { from: FROM, count: 3, json: false });
  const lines = out.split('\n');
  assert.match(lines[1]!, /^old\s+-\s+never fires after 2025-03-28 00:00:00Z\s+UTC$/);
  assert.match(lines[2]!, /^once\s+1\s+Tue 2025-04-01 08:00:00 \+00:00/);
  assert.equal(lines[3], "once: no fire time after #1 (date[2025-04-01 08:00:00 UTC])");
});

test('fire times start at --from inclusive', () => {
  const out = renderNext([job('noon', 'cron', { hour: 12 })], { from: new Date('2025-03-28T12:00:00Z'), count: 1, json: true });
  assert.deepEqual(JSON.parse(out), { noon: ['2025-03-28T12:00:00+00:00'] });
});

test('no jobs: an empty object or a short note', () => {
  assert.equal(renderNext([], { from: FROM, count: 5, json: true }), '{}');
  assert.equal(renderNext([], { from: FROM, count: 5, json: false }), 'no jobs configured');
});

test('a local time past the year 9999 reads as a plain year in the table and as ISO 8601 in JSON', () => {
  const from = new Date('9999-12-31T00:00:00Z');
  const tokyo = [{ id: 'tokyo', trigger: createTrigger('interval', { hours: 10 }, { defaultTimezone: 'Asia/Tokyo', anchor: from }) }];
  const lines = renderNext(tokyo, { from, count: 2, json: false }).split('\n');
  assert.equal(lines[2], '       2  Sat 10000-01-01 05:00:00 +09:00  Asia/Tokyo  9999-12-31 20:00:00Z');
  const json = JSON.parse(renderNext(tokyo, { from, count: 2, json: true })) as { tokyo: string[] };
  assert.deepEqual(json.tokyo, ['9999-12-31T19:00:00+09:00', '+010000-01-01T05:00:00+09:00']);
  assert.equal(new Date(json.tokyo[1]!).toISOString(), '9999-12-31T20:00:00.000Z', 'JSON times parse back to the instant');
});
