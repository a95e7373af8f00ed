// The upcoming fire times of all jobs on one time axis, as server-drawn SVG (readable without
// JavaScript, no inline styles: classes only), one lane per job in order of its first fire time
// (data.ts decides how many lanes and fire times are drawn).
import { utc } from './format.js';
import { html, type Html } from './html.js';
import { BASE } from './layout.js';
import type { Upcoming } from './model.js';

const WIDTH = 1000;
const LABEL = 170;
const LANE = 20;
const AXIS = 24;

const STEPS_MS = [5, 15, 30, 60, 180, 360, 720, 1440].map((m) => m * 60_000);

/** Axis ticks: about eight over the window, on round UTC minutes. */
export function ticks(from: Date, until: Date): Date[] {
  const span = until.getTime() - from.getTime();
  const step = STEPS_MS.find((s) => span / s <= 8) ?? STEPS_MS.at(-1)!;
  const out: Date[] = [];
  for (let t = Math.ceil(from.getTime() / step) * step; t <= until.getTime(); t += step) out.push(new Date(t));
  return out;
}

export function timeline(upcoming: Upcoming): Html {
  const shown = upcoming.lanes;
  if (shown.length === 0) return html`<p class="muted">No fire time between ${utc(upcoming.from)} and ${utc(upcoming.until)}.</p>`;
  const from = upcoming.from.getTime();
  const span = upcoming.until.getTime() - from;
  const x = (d: Date): number => LABEL + ((WIDTH - LABEL - 10) * (d.getTime() - from)) / span;
  const height = AXIS + shown.length * LANE + 4;
  const dense = shown.filter((l) => l.more).map((l) => l.job_id);
  return html`<figure class="timeline">
<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="timeline-caption" data-timeline>
${ticks(upcoming.from, upcoming.until).map((t) => html`<line class="tick" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${AXIS - 6}" y2="${height}"></line>
<text class="tick-label" x="${x(t).toFixed(1)}" y="${AXIS - 10}">${utc(t).slice(11, 16)}</text>`)}
${shown.map((lane, i) => {
  const y = AXIS + i * LANE + LANE / 2;
  return html`<g class="lane" data-job="${lane.job_id}">
<a href="${BASE}/jobs/${encodeURIComponent(lane.job_id)}"><text class="lane-label" x="${LABEL - 8}" y="${y + 4}">${clip(lane.job_id)}</text></a>
<line class="lane-line" x1="${LABEL}" x2="${WIDTH - 10}" y1="${y}" y2="${y}"></line>
${lane.times.map((t) => html`<circle class="fire" cx="${x(t).toFixed(1)}" cy="${y}" r="4"><title>${lane.job_id} at ${utc(t)}</title></circle>`)}
${lane.more && html`<text class="lane-more" x="${(x(lane.times.at(-1)!) + 8).toFixed(1)}" y="${y + 4}">…</text>`}
</g>`;
})}
</svg>
<figcaption id="timeline-caption">Fire times of ${shown.length} job${shown.length === 1 ? '' : 's'} between ${utc(upcoming.from)} and ${utc(upcoming.until)} (UTC), by first fire time${upcoming.moreJobs ? html`; more jobs fire in this window than are drawn (<a href="${BASE}/jobs">all jobs</a>)` : ''}${dense.length > 0 ? html`; ${dense.join(', ')}: only the first fire times are drawn` : ''}.</figcaption>
</figure>`;
}

function clip(id: string): string {
  return id.length > 24 ? `${id.slice(0, 23)}…` : id;
}
