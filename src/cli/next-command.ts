// `scheduler next [JOB] [--from ISO] [--count N] [--json]`: preview fire times from the
// configuration alone (no store needed).
import { triggerOf } from '../scheduler/triggers.js';
import { parse, positiveInt, UsageError } from './args.js';
import { config, type CliContext } from './context.js';
import { renderNext } from './next.js';

const USAGE = 'next [JOB] [--from ISO-8601] [--count N] [--json]';

export async function nextCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse('next', argv, {
    from: { type: 'string' }, count: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 0, max: 1, usage: USAGE });
  const from = values.from === undefined ? new Date() : new Date(values.from);
  if (Number.isNaN(from.getTime())) throw new UsageError(`next: --from expects an ISO-8601 time such as 2030-01-31T09:00:00Z, got "${values.from}"`);
  const { tasks } = config(ctx);
  const wanted = positionals[0];
  const chosen = wanted === undefined ? tasks : tasks.filter((t) => t.id === wanted);
  if (wanted !== undefined && chosen.length === 0) throw new UsageError(`next: no job "${wanted}" in the configuration`);
  // Fire times are counted as if each job were first stored at --from.
  const jobs = chosen.map((t) => ({ id: t.id, trigger: triggerOf(t, from) }));
  ctx.out(renderNext(jobs, { from, count: positiveInt('next', 'count', values.count, 5), json: values.json ?? false }));
  return 0;
}
