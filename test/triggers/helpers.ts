// Shared helpers for trigger tests: build a trigger with fixed options and list its fire times.
import { createTrigger, type Trigger, type TriggerArgs, type TriggerType } from '../../src/triggers/index.js';

export const ANCHOR = new Date('2025-01-01T00:00:00Z');

export function make(type: TriggerType, args: TriggerArgs, defaultTimezone = 'UTC'): Trigger {
  return createTrigger(type, args, { defaultTimezone, anchor: ANCHOR, random: () => 0.5 });
}

/** The first `count` fire times from `from`, chained through `previous` as the scheduler loop does. */
export function fireTimes(trigger: Trigger, from: string | Date, count: number): string[] {
  const now = new Date(from);
  const out: string[] = [];
  let previous: Date | null = null;
  for (let i = 0; i < count; i++) {
    const next = trigger.next(previous, now);
    if (next === null) break;
    out.push(next.toISOString());
    previous = next;
  }
  return out;
}
