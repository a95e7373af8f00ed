// The line a page shows after an action redirected to it (`?done=paused`): a fixed vocabulary, so
// a link cannot make the dashboard say something it did not do.
import { isJobId } from '../../config/tasks.js';

export type Done = 'paused' | 'resumed' | 'rescheduled' | 'saved' | 'added' | `queued:${number}` | `held:${number}` | `retried:${number}` | `removed:${string}`;

export function doneQuery(done: Done): string {
  return `done=${encodeURIComponent(done)}`;
}

export function flashOf(query: Readonly<Record<string, string>>): { kind: 'ok'; text: string } | undefined {
  const done = query.done;
  if (!done) return undefined;
  const fixed: Record<string, string> = { paused: 'Paused.', resumed: 'Resumed.', rescheduled: 'Rescheduled: the next run time is the new trigger’s first fire time from now.', saved: 'Saved.', added: 'Job added.' };
  if (fixed[done]) return { kind: 'ok', text: fixed[done] };
  const [verb, arg = ''] = done.split(':', 2) as [string, string?];
  if (verb === 'queued' && /^\d+$/.test(arg)) return { kind: 'ok', text: `Run #${arg} queued: it starts as soon as an instance has a free slot.` };
  if (verb === 'held' && /^\d+$/.test(arg)) return { kind: 'ok', text: `Run #${arg} queued, but the job is paused: it starts when you resume it (a first attempt by then later than misfire_grace_time is recorded missed).` };
  if (verb === 'retried' && /^\d+$/.test(arg)) return { kind: 'ok', text: `Retry queued as run #${arg}.` };
  if (verb === 'removed' && isJobId(arg)) return { kind: 'ok', text: `Job ${arg} removed; its run history stays.` };
  return undefined;
}
