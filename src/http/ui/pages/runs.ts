// Runs: the global history with filters kept in the URL, newest first, live-updated; and one
// run: its error and stack, its timeline (created → due → started → finished), the attempt chain.
import type { Run } from '../../../jobs/types.js';
import { RUN_STATUSES } from '../../../store/types.js';
import { jobLink, lateness, RUN_HEAD, runRow, statusBadge, withQuery } from '../components.js';
import { duration, isoParam, utc } from '../format.js';
import { html, type Html } from '../html.js';
import { BASE } from '../layout.js';
import type { RunPageData, RunsData } from '../model.js';
import { select } from './jobs.js';

/** Statuses a run can be retried from (store.retryRun decides; this only hides the button elsewhere). */
export const RETRYABLE = new Set(['failed', 'missed', 'skipped', 'abandoned', 'interrupted']);

export function runsBody(data: RunsData, now: Date): Html {
  const f = data.filter;
  const query = { job: f.job, status: f.status, since: f.since && isoParam(f.since), until: f.until && isoParam(f.until) };
  return html`<form method="get" action="${BASE}/runs" class="filters" role="search">
  <label>Job <input name="job" value="${f.job ?? ''}" placeholder="job id"></label>
  <label>Status ${select('status', RUN_STATUSES, f.status)}</label>
  <label>Since <input name="since" value="${query.since ?? ''}" placeholder="2026-01-06T08:00:00Z"></label>
  <label>Until <input name="until" value="${query.until ?? ''}" placeholder="ISO date-time (UTC)"></label>
  <button type="submit">Filter</button>
  <a href="${BASE}/runs">Clear</a>
</form>
<p class="live-note" data-live-note hidden><span data-live-count>0</span> new run(s) arrived live.</p>
<table data-live-runs${f.job ? html` data-job="${f.job}"` : ''}${f.status ? html` data-status="${f.status}"` : ''}${f.cursor || f.until ? html` data-live-off` : ''}>
<thead>${RUN_HEAD}</thead>
<tbody>${data.runs.map((r) => runRow(r, now))}</tbody></table>
${data.runs.length === 0 && html`<p class="muted">No run matches.</p>`}
<nav class="pager">${f.cursor && html`<a href="${withQuery(`${BASE}/runs`, query)}">Newest</a>`}
${data.next && html`<a rel="next" href="${withQuery(`${BASE}/runs`, { ...query, cursor: data.next })}">Older</a>`}</nav>`;
}

export function runBody(data: RunPageData, now: Date, admin: boolean): Html {
  const { run } = data;
  const last = data.attempts.at(-1);
  const retryable = admin && RETRYABLE.has(run.status) && (last === undefined || last.id === run.id) && data.job !== null;
  return html`<p>${statusBadge(run.status)} job ${jobLink(run.job_id)}, attempt ${run.attempt}${data.job === null ? html` <span class="muted">(the job no longer exists)</span>` : ''}</p>
${retryable && html`<form method="post" action="${BASE}/runs/${run.id}/retry" class="inline" data-confirm="Queue attempt ${run.attempt + 1} of this fire time now?"><button type="submit">Retry</button></form>`}
<section><h2>Timeline</h2>${timeline(data)}</section>
${run.error !== null && html`<section><h2>Error</h2><pre class="error" data-error>${run.error}</pre></section>`}
<section><h2>Attempts of this fire time</h2>${attempts(data.attempts, run, now)}</section>`;
}

function timeline(data: RunPageData): Html {
  const { run } = data;
  const late = lateness(run);
  const steps: Array<[string, Date | null, string]> = [
    ['fire time', run.scheduled_at, 'the trigger’s time this run belongs to'],
    ['created', data.created_at, 'written to the store (claimed, retried or queued by run now)'],
    ['due', run.due_at, run.attempt > 1 ? 'after the retry delay' : 'when it may start'],
    ['started', run.started_at, late === null ? '' : `${duration(late)} after due`],
    ['finished', run.finished_at, run.duration_ms === null ? '' : `took ${duration(run.duration_ms)}`],
  ];
  return html`<ol class="run-timeline" data-run-timeline>${steps.map(([label, at, note]) => html`<li${at === null ? html` class="pending"` : ''}>
<strong>${label}</strong> ${at === null ? html`<span class="muted">–</span>` : html`<time datetime="${at.toISOString()}">${utc(at)}</time>`} <small class="muted">${note}</small></li>`)}</ol>
<table class="kv"><tr><th>lateness</th><td>${late === null ? '–' : duration(late)}</td></tr>
<tr><th>instance</th><td class="mono">${run.instance_id ?? '–'}</td></tr>
<tr><th>run id</th><td class="mono">${run.id} <small class="muted">(runId in the logs)</small></td></tr></table>`;
}

function attempts(list: ReadonlyArray<Run>, current: Run, now: Date): Html {
  return html`<table data-attempts><thead>${RUN_HEAD}</thead><tbody>${list.map((r) => runRow(r, now, r.id === current.id))}</tbody></table>`;
}
