// A counting semaphore for concurrent attempts. Callers beyond capacity wait in FIFO order;
// closing it (shutdown) turns every waiter away, so queued work never starts late.

export class Slots {
  private used = 0;
  private closed = false;
  private readonly waiters: Array<(granted: boolean) => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Slots a new caller would get without waiting. */
  free(): number {
    return Math.max(0, this.capacity - this.used - this.waiters.length);
  }

  /** Resolves true once a slot is held, false if closed first. Counts synchronously on call. */
  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.used < this.capacity) {
      this.used++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // Hand the slot straight to the next waiter: `used` stays the same.
    if (next) next(true);
    else this.used--;
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(false);
  }
}
