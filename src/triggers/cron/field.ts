// A compiled cron field: the union of its expressions, asked for "the next allowed value".
import { parseField, type Expression, type MonthContext } from './expressions.js';
import type { FieldName } from './fields.js';

const NO_MONTH: MonthContext = { year: 1970, month: 1 };

export class CronField {
  private readonly expressions: readonly Expression[];
  /** `*` with no step: every value allowed, which lets the search skip work. */
  readonly isEvery: boolean;

  constructor(
    readonly name: FieldName,
    readonly text: string,
  ) {
    this.expressions = parseField(name, text);
    this.isEvery = text.trim() === '*';
  }

  /** Smallest allowed value ≥ `from` (within the month `ctx` for `day`), or null. */
  next(from: number, ctx: MonthContext = NO_MONTH): number | null {
    let best: number | null = null;
    for (const expression of this.expressions) {
      const value = expression.next(from, ctx);
      if (value !== null && (best === null || value < best)) best = value;
    }
    return best;
  }

  matches(value: number, ctx?: MonthContext): boolean {
    return this.isEvery || this.next(value, ctx) === value;
  }
}
