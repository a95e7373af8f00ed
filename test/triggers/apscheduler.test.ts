// Differential test against APScheduler 3: test/fixtures/apscheduler/cases.json is produced by
// generate.py next to it (run with /usr/bin/python3); no Python is needed here. Cases marked
// `policy` expect our DST policy where APScheduler is known to be wrong (see the case's reason).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTrigger, type TriggerArgs, type TriggerType } from '../../src/triggers/index.js';
import { isoInZone } from '../../src/triggers/format.js';

interface Case {
  id: string;
  title: string;
  type: TriggerType;
  timezone: string;
  args: TriggerArgs;
  now: string;
  anchor?: string;
  expected: string[];
  policy?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/apscheduler/cases.json', import.meta.url), 'utf8'),
) as { meta: { count: number }; cases: Case[] };

function fireTimes(c: Case): Date[] {
  const trigger = createTrigger(c.type, c.args, {
    defaultTimezone: c.timezone,
    anchor: new Date(c.anchor ?? '2000-01-01T00:00:00Z'),
  });
  const now = new Date(c.now);
  const out: Date[] = [];
  let previous: Date | null = null;
  while (out.length < fixture.meta.count) {
    const next = trigger.next(previous, now);
    if (next === null) break;
    out.push(next);
    previous = next;
  }
  return out;
}

/** Same instant and same UTC offset (Python prints microseconds, we print milliseconds). */
function sameMoment(actual: Date, zone: string, expected: string): boolean {
  return actual.getTime() === Date.parse(expected) && isoInZone(actual, zone).slice(-6) === expected.slice(-6);
}

test('fixture has enough cases', () => {
  assert.ok(fixture.cases.length >= 300, `${fixture.cases.length} cases`);
});

for (const c of fixture.cases) {
  const label = `${c.id} ${c.type} ${c.title} [${c.timezone}] ${JSON.stringify(c.args)}${c.policy ? ' (policy)' : ''}`;
  test(label, () => {
    const actual = fireTimes(c);
    const rendered = actual.map((d) => isoInZone(d, c.timezone));
    assert.equal(actual.length, c.expected.length, `got ${rendered.join(' ')}`);
    actual.forEach((date, i) => {
      assert.ok(sameMoment(date, c.timezone, c.expected[i]!), `#${i}: got ${rendered[i]}, expected ${c.expected[i]}`);
    });
  });
}
