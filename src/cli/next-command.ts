// `scheduler next [JOB] [--from TIME] [--count N] [--json]`: preview fire times from the
// configuration alone (no store needed).
import { triggerOf } from '../scheduler/triggers.js';
import { parseDateString } from '../triggers/datetime.js';
import { boundedInt, describeFlag, parse, UsageError, type IntFlag } from './args.js';
import { config, type CliContext } from './context.js';
import { renderNext } from './next.js';

const COUNT: IntFlag = { flag: 'count', min: 1, max: 1000, fallback: 5 };
// Fire times listed at once over all jobs: --count alone does not bound the work on a large config.
const MAX_TOTAL = 100_000;
const USAGE = `next [JOB] [--from TIME] [${describeFlag(COUNT)}] [--json]`;

export async function nextCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('next', argv, {
    from: { type: 'string' }, count: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 0, max: 1, usage: USAGE });
  const count = boundedInt('next', COUNT, values.count);
  const { settings, tasks } = config(ctx);
  const from = values.from === undefined ? new Date() : readFrom(values.from, settings.timezone);
  const wanted = positionals[0];
  const chosen = wanted === undefined ? tasks : tasks.filter((t) => t.id === wanted);
  if (wanted !== undefined && chosen.length === 0) throw new UsageError(`next: no job "${wanted}" in the configuration`);
  if (count * chosen.length > MAX_TOTAL) {
    throw new UsageError(`next: --count ${count} for ${chosen.length} jobs lists ${count * chosen.length} fire times, more than ${MAX_TOTAL} at once: name a JOB or lower --count`);
  }
  // Fire times are counted as if each job were first stored at --from.
  const jobs = chosen.map((t) => ({ id: t.id, trigger: triggerOf(t, from) }));
  ctx.out(renderNext(jobs, { from, count, json: values.json ?? false }));
  return 0;
}

/** The configuration's date grammar (not Date's lenient parser, which reads "0" as the year 2000). */
function readFrom(text: string, zone: string): Date {
  const ms = parseDateString(text.trim(), zone);
  if (ms === null) {
    throw new UsageError(`next: --from expects a time such as 2030-01-31T09:00:00Z (YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][Z|±HH:MM], scheduler.timezone without an offset), got "${text}"`);
  }
  return new Date(ms);
}
