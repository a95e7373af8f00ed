// `crontab: "m h dom mon dow"` read as APScheduler 3's CronTrigger.from_crontab reads it: the five
// fields passed verbatim, so the weekday field keeps APScheduler's numbering (0 = Monday … 6 = Sunday),
// not classic cron's (0 = Sunday). Names (mon-fri) mean the same in both.
import { ExpressionError } from './expressions.js';
import type { FieldName } from './fields.js';

const ORDER: readonly FieldName[] = ['minute', 'hour', 'day', 'month', 'day_of_week'];

export function parseCrontab(text: string): Partial<Record<FieldName, string>> {
  const parts = text.trim().split(/\s+/).filter((part) => part !== '');
  if (parts.length !== ORDER.length) {
    throw new ExpressionError(
      `expected 5 fields "minute hour day month day_of_week", got ${parts.length} in ${JSON.stringify(text)}`,
    );
  }
  const result: Partial<Record<FieldName, string>> = {};
  ORDER.forEach((name, i) => {
    result[name] = parts[i]!;
  });
  return result;
}
