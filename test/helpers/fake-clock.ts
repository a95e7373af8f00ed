// A Clock whose time only moves when the test says so. sleepUntil() resolves once advance()/set()
// has moved the time to (or past) its deadline, or at once when its signal aborts, so the
// scheduler loop can be driven through hours of schedule without real waiting.
import type { Clock } from '../../src/clock.js';

interface Sleeper {
  until: number;
  resolve: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private readonly sleepers = new Set<Sleeper>();

  constructor(start: Date | string = '2025-01-01T00:00:00.000Z') {
    this.time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  sleepUntil(until: Date, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || until.getTime() <= this.time) return resolve();
      const sleeper: Sleeper = {
        until: until.getTime(),
        resolve: () => {
          this.sleepers.delete(sleeper);
          signal.removeEventListener('abort', sleeper.resolve);
          resolve();
        },
      };
      this.sleepers.add(sleeper);
      signal.addEventListener('abort', sleeper.resolve, { once: true });
    });
  }

  /** Moves time forward by `ms` and wakes every sleeper whose deadline has come. */
  advance(ms: number): Date {
    if (ms < 0) throw new Error('FakeClock.advance: time does not go backwards (use set)');
    return this.set(new Date(this.time + ms));
  }

  /** Sets the time (backwards too) and wakes every sleeper whose deadline has come. */
  set(date: Date | string): Date {
    this.time = new Date(date).getTime();
    for (const sleeper of [...this.sleepers]) if (sleeper.until <= this.time) sleeper.resolve();
    return this.now();
  }

  /** Deadlines of pending sleepers, earliest first (lets a test wait until a loop is asleep). */
  get pending(): Date[] {
    return [...this.sleepers].map((s) => s.until).sort((a, b) => a - b).map((t) => new Date(t));
  }
}
