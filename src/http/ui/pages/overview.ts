// Overview: is everything alive (instances, store, backlog), how runs went (by status over a
// window, recent failures), and what fires next (the timeline of all jobs).
import { RUN_STATUSES, type RunStatus } from '../../../store/types.js';
import { jobLink, runLink, statusBadge, when, withQuery } from '../components.js';
import { duration, relative } from '../format.js';
import { html, type Html } from '../html.js';
import { BASE } from '../layout.js';
import { STATS_WINDOWS, type OverviewData, type RunStats, type StatsWindow } from '../model.js';
import { timeline } from '../timeline.js';

export const UPCOMING_HOURS = [1, 6, 24] as const;

export function overviewBody(data: OverviewData, now: Date): Html {
  const keep = { window: data.stats.window, hours: data.upcomingHours };
  return html`<section class="cards">
  <div class="card ${data.store.up ? 'ok' : 'bad'}" data-store><h2>Store</h2><p class="big">${data.store.up ? 'up' : 'down'}</p><p class="muted mono">${data.store.description}</p>${data.store.error && html`<p class="field-error">${data.store.error}</p>`}</div>
  <div class="card${data.backlog.dueRuns + data.backlog.overdueJobs > 0 ? ' warn' : ''}" data-backlog><h2>Backlog</h2><p class="big">${data.backlog.dueRuns}</p><p class="muted">queued run(s) due now; ${data.backlog.overdueJobs} job(s) past their next run time</p></div>
  <div class="card" data-instances-count><h2>Instances</h2><p class="big">${data.instances.length}</p><p class="muted">registered</p></div>
</section>

<section>
<h2>Instances</h2>
${instances(data, now)}
</section>

<section>
<h2>Runs by status</h2>
<nav class="tabs" aria-label="window">${STATS_WINDOWS.map((w) => tab(withQuery(BASE, { ...keep, window: w }), w, w === data.stats.window))}</nav>
${stats(data.stats)}
</section>

<section>
<h2>Recent failures</h2>
${failures(data, now)}
</section>

<section>
<h2>Upcoming</h2>
<nav class="tabs" aria-label="hours">${UPCOMING_HOURS.map((h) => tab(withQuery(BASE, { ...keep, hours: h }), `next ${h} h`, h === data.upcomingHours))}</nav>
${timeline(data.upcoming)}
</section>`;
}

function tab(href: string, label: string, current: boolean): Html {
  return html`<a href="${href}"${current ? html` aria-current="true"` : ''}>${label}</a>`;
}

function instances(data: OverviewData, now: Date): Html {
  if (data.instances.length === 0) return html`<p class="muted">No instance registered: no scheduler is running on this store.</p>`;
  return html`<table data-instances>
<thead><tr><th>Instance</th><th>Host</th><th>PID</th><th>Started</th><th>Heartbeat</th><th>Clock skew</th></tr></thead>
<tbody>${data.instances.map((i) => {
  const age = Math.max(0, now.getTime() - i.heartbeat_at.getTime());
  return html`<tr${age > data.leaseTimeoutMs ? html` class="stale"` : ''}><td class="mono">${i.id}</td><td>${i.host}</td><td>${i.pid}</td>
<td>${when(i.started_at, null, now)}</td><td>${duration(age)} ago${age > data.leaseTimeoutMs ? html` <span class="status s-failed">stale</span>` : ''}</td>
<td>${i.clock_skew_ms === null ? html`<span class="muted">not measured yet</span>` : skew(i.clock_skew_ms)}</td></tr>`;
})}</tbody></table>`;
}

function skew(ms: number): string {
  if (Math.abs(ms) < 1) return '0 ms';
  return `${duration(Math.abs(ms))} ${ms > 0 ? 'ahead of' : 'behind'} the database`;
}

/** Totals per status in a table (readable without JavaScript) and the per-bucket series for uPlot. */
export function totals(stats: RunStats): Record<RunStatus, number> {
  const out = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  for (const bucket of stats.buckets) for (const s of RUN_STATUSES) out[s] += bucket.counts[s] ?? 0;
  return out;
}

/** What ui.js hands to uPlot: bucket starts in seconds and one series per status with runs. */
export function chartSeries(stats: RunStats): { x: number[]; series: Array<{ status: RunStatus; counts: number[] }> } {
  const starts: number[] = [];
  for (let t = Math.floor(stats.since.getTime() / stats.bucketMs) * stats.bucketMs; t <= stats.since.getTime() + windowMs(stats.window); t += stats.bucketMs) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));
  const used = RUN_STATUSES.filter((s) => stats.buckets.some((b) => (b.counts[s] ?? 0) > 0));
  const series = used.map((status) => ({ status, counts: starts.map(() => 0) }));
  for (const bucket of stats.buckets) {
    const i = index.get(bucket.start.getTime());
    if (i === undefined) continue;
    series.forEach((s) => (s.counts[i] = bucket.counts[s.status] ?? 0));
  }
  return { x: starts.map((t) => t / 1000), series };
}

export function windowMs(window: StatsWindow): number {
  return { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 }[window];
}

function stats(data: RunStats): Html {
  const sums = totals(data);
  const any = RUN_STATUSES.some((s) => sums[s] > 0);
  return html`<table class="totals" data-totals>
<thead><tr>${RUN_STATUSES.map((s) => html`<th>${statusBadge(s)}</th>`)}</tr></thead>
<tbody><tr>${RUN_STATUSES.map((s) => html`<td data-status="${s}">${sums[s]}</td>`)}</tr></tbody>
</table>
${any ? html`<div class="chart" data-chart="${JSON.stringify(chartSeries(data))}" aria-hidden="true"></div>` : html`<p class="muted">No run in the last ${data.window}.</p>`}`;
}

function failures(data: OverviewData, now: Date): Html {
  if (data.recentFailures.length === 0) return html`<p class="muted">No failed run kept in the history.</p>`;
  return html`<table data-failures>
<thead><tr><th>Run</th><th>Job</th><th>Status</th><th>Finished</th><th>Error</th></tr></thead>
<tbody>${data.recentFailures.map((run) => html`<tr><td>${runLink(run.id)}</td><td>${jobLink(run.job_id)}</td><td>${statusBadge(run.status)}</td>
<td title="${run.finished_at ? relative(run.finished_at, now) : ''}">${when(run.finished_at, null, now)}</td><td class="error-line">${firstLine(run.error)}</td></tr>`)}</tbody></table>
<p><a href="${withQuery(`${BASE}/runs`, { status: 'failed' })}">All failed runs</a></p>`;
}

export function firstLine(text: string | null): string {
  if (!text) return '';
  const line = text.split('\n', 1)[0]!;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
