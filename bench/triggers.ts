// Trigger speed: µs per next() call for a handful of specs, dense and sparse, in a DST zone and
// in UTC. Run: node --import tsx bench/triggers.ts   (figures only; tests assert no timings)
import { createTrigger, type TriggerArgs, type TriggerType } from '../src/triggers/index.js';

interface Spec {
  readonly label: string;
  readonly type: TriggerType;
  readonly args: TriggerArgs;
}

const SPECS: readonly Spec[] = [
  { label: 'cron every second', type: 'cron', args: {} },
  { label: 'cron */5 minutes', type: 'cron', args: { minute: '*/5' } },
  { label: 'cron daily 12:00', type: 'cron', args: { hour: 12 } },
  { label: 'cron mon-fri 09:30', type: 'cron', args: { day_of_week: 'mon-fri', hour: 9, minute: 30 } },
  { label: 'cron crontab "0 0 1 * *"', type: 'cron', args: { crontab: '0 0 1 * *' } },
  { label: 'cron last fri of february', type: 'cron', args: { day: 'last fri', month: 2 } },
  { label: 'cron friday the 13th', type: 'cron', args: { day: 13, day_of_week: 'fri' } },
  { label: 'cron year 2030', type: 'cron', args: { year: 2030 } },
  { label: 'cron week 53 thursdays', type: 'cron', args: { week: 53, day_of_week: 'thu' } },
  { label: 'cron 31 february (never)', type: 'cron', args: { day: 31, month: 2 } },
  { label: 'cron week 53 in june (never)', type: 'cron', args: { week: 53, month: 6 } },
  { label: 'interval 10 s', type: 'interval', args: { seconds: 10, start_date: '2020-01-01' } },
];

const ZONES = ['UTC', 'Europe/Paris'];
const START = new Date('2025-01-01T00:00:00Z');
const BUDGET_MS = 300;

function measure(spec: Spec, zone: string): { first: number; chained: number } {
  const trigger = createTrigger(spec.type, spec.args, { defaultTimezone: zone, anchor: START });
  return { first: perCall(() => trigger.next(null, START)), chained: chainedPerCall(trigger.next.bind(trigger)) };
}

/** µs per call of `fn`, repeated until the time budget is spent. */
function perCall(fn: () => unknown): number {
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < BUDGET_MS) {
    for (let i = 0; i < 10; i++) fn();
    calls += 10;
  }
  return ((performance.now() - t0) * 1000) / calls;
}

/** µs per call when walking the schedule forward, previous → next, as the loop does. */
function chainedPerCall(next: (previous: Date | null, now: Date) => Date | null): number {
  let previous: Date | null = null;
  return perCall(() => {
    previous = next(previous, START);
    return previous;
  });
}

const rows = SPECS.flatMap((spec) => ZONES.map((zone) => ({ spec, zone, ...measure(spec, zone) })));
const width = Math.max(...SPECS.map((s) => s.label.length));
console.log(`${'spec'.padEnd(width)}  ${'zone'.padEnd(12)}  first µs  chained µs`);
for (const { spec, zone, first, chained } of rows) {
  console.log(`${spec.label.padEnd(width)}  ${zone.padEnd(12)}  ${first.toFixed(2).padStart(8)}  ${chained.toFixed(2).padStart(10)}`);
}
