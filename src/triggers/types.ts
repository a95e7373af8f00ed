// The trigger contract: pure functions of (previous fire time, now) → next fire time.
// No clock, no I/O: the scheduler loop and the `next` command both drive triggers through this.

/** APScheduler 3's triggers: `interval` (weeks … seconds), `cron` (fields or an expression), `date` (once). */
export type TriggerType = 'interval' | 'cron' | 'date';

/** Trigger arguments exactly as written under `args:` in config/<env>.yaml (APScheduler names). */
export type TriggerArgs = Readonly<Record<string, unknown>>;

export interface Trigger {
  readonly type: TriggerType;
  /** IANA zone the trigger's wall-clock fields are read in. */
  readonly timezone: string;
  /**
   * APScheduler's `get_next_fire_time(previous_fire_time, now)`:
   * with `previous` null, the first fire time at or after `now`; otherwise the fire time following
   * `previous` (which may still be ≤ now: the loop uses that to enumerate missed runs).
   * null when the trigger is exhausted.
   */
  next(previous: Date | null, now: Date): Date | null;
  /** Short human description, e.g. `interval[0:00:10]` or `cron[hour='12', minute='0']`. */
  describe(): string;
}

export interface TriggerOptions {
  /** Zone used when args carry no `timezone` (env.yaml scheduler.timezone, or the task's `timezone`). */
  defaultTimezone: string;
  /**
   * When the job was first stored. An interval trigger without `start_date` starts one interval
   * after it, so its grid survives restarts.
   */
  anchor: Date;
  /** Source of jitter, uniform in [0, 1); defaults to Math.random. Tests pin it. */
  random?: () => number;
}

/** A bad trigger argument; `key` is relative to `args` (e.g. `day_of_week`), or '' for the whole block. */
export class TriggerArgError extends Error {
  override readonly name = 'TriggerArgError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}
