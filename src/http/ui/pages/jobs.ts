// Jobs: every job with its next run (job zone and UTC), last status, success rate and source,
// filtered and searched by a GET form so the URL keeps the filter.
import type { Job } from '../../../jobs/types.js';
import { JOB_SOURCES, JOB_STATES } from '../../../store/types.js';
import { jobLink, jobState, statusBadge, when, withQuery } from '../components.js';
import { rate } from '../format.js';
import { html, type Html } from '../html.js';
import { BASE } from '../layout.js';
import { sourceLabel, type JobsData } from '../model.js';

/** `cron: hour=9, minute=30`: the trigger as its arguments say it. */
export function triggerText(job: Pick<Job, 'trigger' | 'args'>): string {
  const args = Object.entries(job.args).filter(([, v]) => v !== null && v !== undefined);
  return `${job.trigger}${args.length ? `: ${args.map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString() : String(v)}`).join(', ')}` : ''}`;
}

export function jobsBody(data: JobsData, now: Date): Html {
  const f = data.filter;
  return html`<form method="get" action="${BASE}/jobs" class="filters" role="search">
  <label>Search <input type="search" name="q" value="${f.q ?? ''}" placeholder="id, task or params" data-search></label>
  <label>State ${select('state', JOB_STATES, f.state)}</label>
  <label>Task ${select('task', data.tasks, f.task)}</label>
  <label>Source ${select('source', JOB_SOURCES, f.source)}</label>
  <button type="submit">Filter</button>
  <a href="${BASE}/jobs">Clear</a>
</form>
${data.jobs.length === 0 ? html`<p class="muted">No job matches.</p>` : html`<table data-jobs>
<thead><tr><th>Job</th><th>Task</th><th>Trigger</th><th>State</th><th>Next run (job zone / UTC)</th><th>Last run</th><th>Success</th><th>Source</th></tr></thead>
<tbody>${data.jobs.map(({ job, summary }) => html`<tr data-job="${job.id}">
<td>${jobLink(job.id)}</td><td>${job.task}</td><td class="mono">${triggerText(job)}</td><td>${jobState(job)}</td>
<td>${when(job.next_run_time, job.timezone, now)}</td>
<td>${statusBadge(summary.last_status)}${summary.last_at && html`<br>${when(summary.last_at, null, now)}`}</td>
<td title="${summary.succeeded} of ${summary.finished} finished runs">${rate(summary.succeeded, summary.finished)}</td>
<td><span class="source src-${job.source}">${sourceLabel(job)}</span></td></tr>`)}</tbody></table>`}
<nav class="pager">${f.cursor && html`<a href="${withQuery(`${BASE}/jobs`, { ...f, cursor: undefined })}">First page</a>`}
${data.next && html`<a rel="next" href="${withQuery(`${BASE}/jobs`, { ...f, cursor: data.next })}">Next page</a>`}</nav>`;
}

/** A <select> whose first option ("any") sends an empty value, which the server treats as no filter. */
export function select(name: string, options: ReadonlyArray<string>, current: string | undefined, any = 'any'): Html {
  return html`<select name="${name}"><option value="">${any}</option>${options.map((o) => html`<option${o === current ? html` selected` : ''}>${o}</option>`)}</select>`;
}
