// A job's recent runs as a strip: one bar per run, oldest on the left, coloured by status, its
// height the duration (log scale, so one slow run does not flatten the others), a tick above it
// for lateness. Server-drawn SVG; each bar links to its run.
import type { Run } from '../../jobs/types.js';
import { lateness } from './components.js';
import { duration, utc } from './format.js';
import { html, type Html } from './html.js';
import { BASE } from './layout.js';

const BAR = 12;
const GAP = 3;
const HEIGHT = 60;
const LATE = 14;

function scale(ms: number, maxMs: number): number {
  if (maxMs <= 0) return 4;
  return 4 + (HEIGHT - 4) * (Math.log1p(ms) / Math.log1p(maxMs));
}

/** `runs` newest first (as listed); drawn oldest first. */
export function runStrip(runs: ReadonlyArray<Run>): Html {
  if (runs.length === 0) return html`<p class="muted">No runs yet.</p>`;
  const ordered = [...runs].reverse();
  const maxMs = Math.max(0, ...ordered.map((r) => r.duration_ms ?? 0));
  const maxLate = Math.max(0, ...ordered.map((r) => lateness(r) ?? 0));
  const width = ordered.length * (BAR + GAP);
  return html`<svg class="strip" viewBox="0 0 ${width} ${HEIGHT + LATE + 2}" role="img" aria-label="last ${ordered.length} runs, oldest first" data-strip>
${ordered.map((run, i) => {
  const h = scale(run.duration_ms ?? 0, maxMs);
  const late = lateness(run);
  const lateH = late && maxLate > 0 ? Math.max(1, (LATE - 2) * (late / maxLate)) : 0;
  const x = i * (BAR + GAP);
  return html`<a href="${BASE}/runs/${run.id}"><g class="bar s-${run.status}">
<title>#${run.id} ${run.status} · ${utc(run.scheduled_at)} · attempt ${run.attempt}${run.duration_ms === null ? '' : ` · took ${duration(run.duration_ms)}`}${late === null ? '' : ` · ${duration(late)} late`}</title>
<rect x="${x}" y="${(LATE + HEIGHT - h).toFixed(1)}" width="${BAR}" height="${h.toFixed(1)}"></rect>
${lateH > 0 && html`<rect class="late" x="${x}" y="${(LATE - lateH).toFixed(1)}" width="${BAR}" height="${lateH.toFixed(1)}"></rect>`}
</g></a>`;
})}
</svg>`;
}
