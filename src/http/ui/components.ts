// Small pieces shared by the pages: status badges, time cells, run rows (also sent over
// server-sent events, so a live row is the same markup as a rendered one), links with filters.
import type { Job, Run } from '../../jobs/types.js';
import { jobStateOf } from '../../jobs/views.js';
import type { RunStatus } from '../../store/types.js';
import { duration, inZone, relative, utc } from './format.js';
import { html, type Html } from './html.js';
import { BASE } from './layout.js';
import type { FormState } from './model.js';

export function statusBadge(status: RunStatus | null): Html {
  if (status === null) return html`<span class="muted">–</span>`;
  return html`<span class="status s-${status}">${status}</span>`;
}

export function jobState(job: Job): Html {
  const state = jobStateOf(job);
  // Drawn as a failure, its reason on hover.
  if (state === 'broken') return html`<span class="status s-failed" title="${job.broken}">broken</span>`;
  return html`<span class="status s-${state}">${state}</span>`;
}

/** An instant as a machine-readable <time>, written in the job's zone with UTC below. */
export function when(date: Date | null, zone: string | null, now: Date): Html {
  if (date === null) return html`<span class="muted">–</span>`;
  const iso = date.toISOString();
  if (zone === null || zone === 'UTC') {
    return html`<time datetime="${iso}" title="${relative(date, now)}">${utc(date)}</time>`;
  }
  return html`<time datetime="${iso}" title="${relative(date, now)}">${inZone(date, zone)}<br><small class="muted">${utc(date)}</small></time>`;
}

export function jobLink(id: string): Html {
  return html`<a href="${BASE}/jobs/${encodeURIComponent(id)}">${id}</a>`;
}

export function runLink(id: number): Html {
  return html`<a href="${BASE}/runs/${id}">#${id}</a>`;
}

/** How late the attempt started after it was due; null before it started. */
export function lateness(run: Pick<Run, 'due_at' | 'started_at'>): number | null {
  return run.started_at === null ? null : Math.max(0, run.started_at.getTime() - run.due_at.getTime());
}

export const RUN_HEAD = html`<tr><th>Run</th><th>Job</th><th>Status</th><th>Fire time (UTC)</th><th>Attempt</th><th>Started</th><th>Duration</th><th>Late</th><th>Instance</th></tr>`;

/** One row of a runs table; `data-*` lets ui.js replace it when the run changes. */
export function runRow(run: Run, now: Date, current = false): Html {
  const late = lateness(run);
  return html`<tr${current ? html` class="current"` : ''} data-run-id="${run.id}" data-job="${run.job_id}" data-status="${run.status}">
<td>${runLink(run.id)}</td><td>${jobLink(run.job_id)}</td><td>${statusBadge(run.status)}</td>
<td>${when(run.scheduled_at, null, now)}</td><td>${run.attempt}</td><td>${when(run.started_at, null, now)}</td>
<td>${run.duration_ms === null ? '–' : duration(run.duration_ms)}</td><td>${late === null ? '–' : duration(late)}</td>
<td class="mono">${run.instance_id ?? '–'}</td></tr>`;
}

/** A URL keeping the given query parameters (empty ones dropped), so filters survive links. */
export function withQuery(path: string, params: Readonly<Record<string, string | number | undefined | null>>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The API's refusal for this field, under it; `aria-describedby` ties them together. */
export function fieldError(form: FormState | undefined, field: string): Html {
  const message = form?.errors[field];
  return message ? html`<p class="field-error" id="err-${field}" role="alert">${message}</p>` : html``;
}

export function formValue(form: FormState | undefined, field: string, fallback = ''): string {
  return form?.values[field] ?? fallback;
}

/** Errors that belong to no field of the form (a conflict, a version mismatch). */
export function formErrors(form: FormState | undefined): Html {
  const message = form?.errors[''];
  return message ? html`<p class="banner error" role="alert">${message}</p>` : html``;
}
