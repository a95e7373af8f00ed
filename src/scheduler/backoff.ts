// Exponential backoff for an unreachable store: 1 s, 2 s, 4 s … capped, reset on success.

export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 1_000,
    private readonly maxMs = 30_000,
  ) {}

  /** Records a failure; returns how long to wait before trying again. */
  fail(): number {
    this.failures += 1;
    return Math.min(this.baseMs * 2 ** (this.failures - 1), this.maxMs);
  }

  /** Records a success; true if it ended a failure streak. */
  succeed(): boolean {
    const recovered = this.failures > 0;
    this.failures = 0;
    return recovered;
  }

  get failing(): boolean {
    return this.failures > 0;
  }
}
