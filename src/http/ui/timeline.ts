// The upcoming fire times of all jobs on one time axis, as server-drawn SVG (readable without
// JavaScript, no inline styles: classes only), one lane per job in order of its first fire time.
import { utc } from './format.js';
import { html, type Html } from './html.js';
import { BASE } from './layout.js';
import type { Upcoming } from './model.js';

const WIDTH = 1000;
const LABEL = 170;
const LANE = 20;
const AXIS = 24;
/** More lanes than this make the chart unreadable; the rest are counted below it. */
export const MAX_LANES = 30;

const STEPS_MS = [5, 15, 30, 60, 180, 360, 720, 1440].map((m) => m * 60_000);

/** Axis ticks: about eight over the window, on round UTC minutes. */
export function ticks(from: Date, until: Date): Date[] {
  const span = until.getTime() - from.getTime();
  const step = STEPS_MS.find((s) => span / s <= 8) ?? STEPS_MS.at(-1)!;
  const out: Date[] = [];
  for (let t = Math.ceil(from.getTime() / step) * step; t <= until.getTime(); t += step) out.push(new Date(t));
  return out;
}

/** Fire times grouped by job, lanes ordered by each job's first fire time. */
export function lanes(upcoming: Upcoming): Array<{ job: string; times: Date[] }> {
  const byJob = new Map<string, Date[]>();
  for (const fire of upcoming.fires) {
    const list = byJob.get(fire.job_id) ?? [];
    list.push(fire.at);
    byJob.set(fire.job_id, list);
  }
  return [...byJob].map(([job, times]) => ({ job, times }));
}

export function timeline(upcoming: Upcoming): Html {
  const all = lanes(upcoming);
  if (all.length === 0) return html`<p class="muted">No fire time between ${utc(upcoming.from)} and ${utc(upcoming.until)}.</p>`;
  const shown = all.slice(0, MAX_LANES);
  const from = upcoming.from.getTime();
  const span = upcoming.until.getTime() - from;
  const x = (d: Date): number => LABEL + ((WIDTH - LABEL - 10) * (d.getTime() - from)) / span;
  const height = AXIS + shown.length * LANE + 4;
  const fires = shown.reduce((n, lane) => n + lane.times.length, 0);
  return html`<figure class="timeline">
<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="timeline-caption" data-timeline>
${ticks(upcoming.from, upcoming.until).map((t) => html`<line class="tick" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${AXIS - 6}" y2="${height}"></line>
<text class="tick-label" x="${x(t).toFixed(1)}" y="${AXIS - 10}">${utc(t).slice(11, 16)}</text>`)}
${shown.map((lane, i) => {
  const y = AXIS + i * LANE + LANE / 2;
  return html`<g class="lane" data-job="${lane.job}">
<a href="${BASE}/jobs/${encodeURIComponent(lane.job)}"><text class="lane-label" x="${LABEL - 8}" y="${y + 4}">${clip(lane.job)}</text></a>
<line class="lane-line" x1="${LABEL}" x2="${WIDTH - 10}" y1="${y}" y2="${y}"></line>
${lane.times.map((t) => html`<circle class="fire" cx="${x(t).toFixed(1)}" cy="${y}" r="4"><title>${lane.job} at ${utc(t)}</title></circle>`)}
</g>`;
})}
</svg>
<figcaption id="timeline-caption">${fires} fire time${fires === 1 ? '' : 's'} of ${shown.length} job${shown.length === 1 ? '' : 's'} between ${utc(upcoming.from)} and ${utc(upcoming.until)} (UTC)${all.length > shown.length ? html`, and ${all.length - shown.length} more job(s) not drawn` : ''}${upcoming.truncated ? html`; only the first ${upcoming.fires.length} fire times are shown` : ''}.</figcaption>
</figure>`;
}

function clip(id: string): string {
  return id.length > 24 ? `${id.slice(0, 23)}…` : id;
}
