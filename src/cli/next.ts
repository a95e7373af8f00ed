// Rendering for `scheduler next`: the next N fire times of each job, as an aligned table (job's
// zone and UTC side by side) or as JSON for scripts. Pure: the command wires config and argv to it.
import type { Trigger } from '../triggers/index.js';
import { formatOffset, isoInZone } from '../triggers/format.js';
import { offsetMs } from '../triggers/zone.js';
import { plainYear } from './table.js';

export interface NextJob {
  readonly id: string;
  readonly trigger: Trigger;
}

export interface NextOptions {
  /** Count fire times from this instant (inclusive), as a first run would. */
  readonly from: Date;
  /** How many fire times per job (fewer when the trigger is exhausted). */
  readonly count: number;
  /** `{"<job id>": ["<ISO-8601 with the job zone's offset>", …]}` instead of the table. */
  readonly json: boolean;
}

/**
 * @example
 * renderNext([{ id: 'report', trigger }], { from: new Date(), count: 3, json: true })
 * // {"report": ["2025-01-06T09:00:00+01:00", "2025-01-07T09:00:00+01:00", "2025-01-08T09:00:00+01:00"]}
 */
export function renderNext(jobs: ReadonlyArray<NextJob>, opts: NextOptions): string {
  const times = jobs.map((job) => fireTimes(job.trigger, opts.from, opts.count));
  if (opts.json) {
    const out: Record<string, string[]> = {};
    jobs.forEach((job, i) => (out[job.id] = times[i]!.map((t) => isoInZone(t, job.trigger.timezone))));
    return JSON.stringify(out, null, 2);
  }
  if (jobs.length === 0) return 'no jobs configured';
  return renderTable(jobs, times, opts);
}

/** The loop's own walk: first fire at or after `from`, then each following one. */
export function fireTimes(trigger: Trigger, from: Date, count: number): Date[] {
  const out: Date[] = [];
  let previous: Date | null = null;
  while (out.length < count) {
    const next: Date | null = trigger.next(previous, from);
    if (next === null) break;
    out.push(next);
    previous = next;
  }
  return out;
}

const HEADERS = ['JOB', '#', 'LOCAL TIME', 'ZONE', 'UTC'];

function renderTable(jobs: ReadonlyArray<NextJob>, times: Date[][], opts: NextOptions): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  jobs.forEach((job, i) => {
    const zone = job.trigger.timezone;
    const list = times[i]!;
    list.forEach((t, n) => rows.push([n === 0 ? job.id : '', String(n + 1), localTime(t, zone), zone, utcTime(t)]));
    if (list.length === 0) rows.push([job.id, '-', `never fires after ${utcTime(opts.from)}`, zone, '']);
    else if (list.length < opts.count) notes.push(`${job.id}: no fire time after #${list.length} (${job.trigger.describe()})`);
  });
  return [align([HEADERS, ...rows]), ...notes].join('\n');
}

/** `Mon 2025-01-06 09:00:00 +01:00`: the weekday helps with day_of_week (0 = Monday) specs. */
export function localTime(date: Date, zone: string): string {
  const offset = offsetMs(zone, date.getTime());
  const wall = new Date(date.getTime() + offset);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][wall.getUTCDay()]!;
  return `${weekday} ${plain(isoInZone(date, zone))} ${formatOffset(offset)}`;
}

export function utcTime(date: Date): string {
  return `${plain(isoInZone(date, 'UTC'))}Z`;
}

/** `2025-01-06T09:00:00.250+01:00` → `2025-01-06 09:00:00.250`. */
function plain(iso: string): string {
  return plainYear(iso.slice(0, -6)).replace('T', ' ');
}

function align(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}
