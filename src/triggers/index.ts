// Builds a Trigger from its config type and args; validation errors are TriggerArgError.
import { TriggerArgError, type Trigger, type TriggerArgs, type TriggerOptions, type TriggerType } from './types.js';
import { createCronTrigger } from './cron/index.js';
import { createDateTrigger } from './date.js';
import { createIntervalTrigger } from './interval.js';
import { MAX_INSTANT_MS } from './range.js';
export * from './types.js';

const FACTORIES: Record<TriggerType, (args: TriggerArgs, options: TriggerOptions) => Trigger> = {
  interval: createIntervalTrigger,
  cron: createCronTrigger,
  date: createDateTrigger,
};

export function createTrigger(type: TriggerType, args: TriggerArgs, options: TriggerOptions): Trigger {
  const factory = FACTORIES[type];
  if (!factory) throw new TriggerArgError('', `unknown trigger type ${JSON.stringify(type)} (expected interval, cron or date)`);
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new TriggerArgError('', 'trigger arguments must be a mapping');
  }
  return withinStoreRange(factory(args, options));
}

// A fire time past year 9999 cannot be stored: the trigger is finished there, like an end_date.
function withinStoreRange(trigger: Trigger): Trigger {
  return {
    type: trigger.type,
    timezone: trigger.timezone,
    next(previous, now) {
      const fire = trigger.next(previous, now);
      return fire !== null && fire.getTime() <= MAX_INSTANT_MS ? fire : null;
    },
    describe: () => trigger.describe(),
  };
}
