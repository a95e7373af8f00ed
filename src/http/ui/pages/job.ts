// One job: its definition and params, the next 10 fire times (DST marked), its run history as a
// strip and a table, the audit trail, and the actions a token may take. A config-owned job says
// where it is defined and offers only what the next start keeps: run now, pause and resume.
import type { Job } from '../../../jobs/types.js';
import { fieldError, formErrors, formValue, jobState, RUN_HEAD, runRow, when } from '../components.js';
import { fireTimesTable } from '../fire-times.js';
import { rate, utc } from '../format.js';
import { html, type Html } from '../html.js';
import { BASE } from '../layout.js';
import { sourceLabel, type FormState, type JobPageData } from '../model.js';
import { runStrip } from '../strip.js';
import { triggerEditor, triggerValues } from '../trigger-editor.js';
import { select, triggerText } from './jobs.js';

/** The settings the edit form changes, with how an empty input reads (null = "no limit"). */
export const SETTING_FIELDS = [
  'executor', 'coalesce', 'max_instances', 'misfire_grace_time', 'max_attempts', 'retry_delay',
  'retry_backoff', 'retry_delay_max', 'retry_jitter', 'timeout',
] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

export function jobPath(id: string, action = ''): string {
  return `${BASE}/jobs/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

export function jobBody(data: JobPageData, now: Date, admin: boolean): Html {
  const { job } = data;
  return html`<p class="job-head">${jobState(job)} <span class="source src-${job.source}">${sourceLabel(job)}</span> <span class="muted">version ${job.version}</span></p>
${job.source === 'config' && html`<p class="banner info" data-config-owned>Defined in <code>${job.origin}</code> under <code>tasks.${job.id}</code>: change its definition there (the next start would undo an edit here). Run now, pause and resume work here.</p>`}
${job.broken && html`<p class="banner error">This stored job cannot be used: ${job.broken}</p>`}
${admin && actions(job, data.form)}
<div class="columns">
<section><h2>Definition</h2>${definition(job, now)}</section>
<section><h2>Params</h2><pre class="params" data-params>${JSON.stringify(job.params, null, 2)}</pre></section>
</div>
<section><h2>Next fire times</h2>${fireTimesTable(data.upcoming, job.timezone, now, job.paused ? 'paused: none until resumed' : `next ${data.upcoming.length} from the stored next run time`)}</section>
<section><h2>Run history</h2>
<p class="muted">${data.summary.finished} finished run(s) kept, ${rate(data.summary.succeeded, data.summary.finished)} succeeded.</p>
${runStrip(data.runs)}
<table data-live-runs data-job="${job.id}"><thead>${RUN_HEAD}</thead><tbody>${data.runs.slice(0, 20).map((r) => runRow(r, now))}</tbody></table>
<p><a href="${BASE}/runs?job=${encodeURIComponent(job.id)}">All runs of ${job.id}</a></p>
</section>
${admin && job.source === 'api' && edits(data)}
<section><h2>Audit</h2>${audit(data)}</section>`;
}

function definition(job: Job, now: Date): Html {
  const rows: Array<[string, Html | string]> = [
    ['task', job.task],
    ['trigger', html`<code>${triggerText(job)}</code>`],
    ['timezone', job.timezone],
    ['next run', when(job.next_run_time, job.timezone, now)],
    ['executor', job.executor],
    ['coalesce', String(job.coalesce)],
    ['max_instances', String(job.max_instances)],
    ['misfire_grace_time', job.misfire_grace_time === null ? 'no limit' : `${job.misfire_grace_time} s`],
    ['max_attempts', String(job.max_attempts)],
    ['retry_delay', `${job.retry_delay} s (${job.retry_backoff}${job.retry_delay_max === null ? '' : `, at most ${job.retry_delay_max} s`}${job.retry_jitter ? `, jitter ${job.retry_jitter}` : ''})`],
    ['timeout', job.timeout === null ? 'no limit' : `${job.timeout} s`],
    ['source', sourceLabel(job)],
  ];
  return html`<table class="kv" data-definition>${rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>`;
}

// The forms an API job's page shows, each with its own refusal; any other refusal (a forged or stale
// post to a config-owned job, which has none of them) is said here, under the actions.
const OWN_ERRORS: ReadonlySet<string> = new Set(['reschedule', 'edit', 'remove']);

function actions(job: Job, form: FormState | undefined): Html {
  return html`<section class="actions" aria-label="actions">
<form method="post" action="${jobPath(job.id, 'run')}" class="inline" data-confirm="${job.paused ? `${job.id} is paused: the run waits until you resume it. Queue it anyway?` : `Queue a run of ${job.id} now?`}"><button type="submit">Run now</button></form>
${job.paused
    ? html`<form method="post" action="${jobPath(job.id, 'resume')}" class="inline">
<button type="submit" name="from" value="now">Resume from now</button>
<button type="submit" name="from" value="last" data-confirm="Catch up from ${job.id}'s last next run time? The misfire and coalesce settings decide what runs.">Resume and catch up</button></form>`
    : html`<form method="post" action="${jobPath(job.id, 'pause')}" class="inline"><button type="submit">Pause</button></form>`}
${job.source === 'api' && html`<form method="post" action="${jobPath(job.id, 'remove')}" class="inline remove">
<label>Type <code>${job.id}</code> to remove it <input name="confirm" autocomplete="off" value="${form?.name === 'remove' ? formValue(form, 'confirm') : ''}"></label>
<button type="submit" class="danger">Remove</button>${form?.name === 'remove' && fieldError(form, 'confirm')}</form>`}
${form && !(job.source === 'api' && OWN_ERRORS.has(form.name)) && formErrors(form)}
</section>`;
}

/** Reschedule and edit: only for API jobs (a config job's next start would undo them). */
function edits(data: JobPageData): Html {
  const { job } = data;
  const rescheduleForm = data.form?.name === 'reschedule' ? data.form : { name: 'reschedule', values: triggerValues(job), errors: {} };
  const editForm = data.form?.name === 'edit' ? data.form : { name: 'edit', values: settingValues(job), errors: {} };
  return html`<section><h2>Reschedule</h2>
<form method="post" action="${jobPath(job.id, 'reschedule')}" class="stack" data-form="reschedule">
<p class="muted">The new trigger's first fire time from now; a pause is kept.</p>
${formErrors(rescheduleForm)}
${triggerEditor(rescheduleForm, 'reschedule')}
<p><button type="submit" name="action" value="save">Reschedule</button></p>
</form></section>
<section><h2>Settings and params</h2>
<form method="post" action="${jobPath(job.id, 'edit')}" class="stack" data-form="edit">
${formErrors(editForm)}
<input type="hidden" name="version" value="${formValue(editForm, 'version', String(job.version))}">
<div class="grid">
<label>task ${select('task', data.tasks.includes(job.task) ? data.tasks : [job.task, ...data.tasks], formValue(editForm, 'task'), '(unchanged)')}${fieldError(editForm, 'task')}</label>
${SETTING_FIELDS.map((f) => settingInput(editForm, f, 'edit'))}
</div>
<label>params (JSON object)<textarea name="params" rows="6" spellcheck="false">${formValue(editForm, 'params')}</textarea>${fieldError(editForm, 'params')}</label>
<p><button type="submit">Save</button> <small class="muted">saved only if nobody changed the job since version ${job.version}</small></p>
</form></section>`;
}

export function settingValues(job: Job): Record<string, string> {
  const values: Record<string, string> = { task: job.task, params: JSON.stringify(job.params, null, 2), version: String(job.version) };
  for (const f of SETTING_FIELDS) {
    const v = job[f];
    values[f] = v === null ? '' : String(v);
  }
  return values;
}

const CHOICES: Partial<Record<SettingField, readonly string[]>> = {
  executor: ['default', 'process'],
  coalesce: ['true', 'false'],
  retry_backoff: ['fixed', 'exponential'],
};
const NULLABLE: ReadonlySet<string> = new Set(['misfire_grace_time', 'retry_delay_max', 'timeout']);

/** What an empty input means: for a new job, the default; when editing, "no limit" (the nullable ones). */
export function settingInput(form: FormState, field: SettingField, mode: 'new' | 'edit'): Html {
  const value = formValue(form, field);
  const choices = CHOICES[field];
  const placeholder = mode === 'new' ? 'empty: default' : NULLABLE.has(field) ? 'empty: no limit' : null;
  const input = choices ? select(field, choices, value, mode === 'new' ? '(default)' : '(unchanged)')
    : html`<input name="${field}" value="${value}" inputmode="decimal"${placeholder && html` placeholder="${placeholder}"`}>`;
  return html`<label>${field} ${input}${fieldError(form, field)}</label>`;
}

function audit(data: JobPageData): Html {
  if (data.audit.length === 0) return html`<p class="muted">No change recorded through the API or this dashboard.</p>`;
  return html`<table data-audit><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Before → after</th></tr></thead>
<tbody>${data.audit.map((e) => html`<tr><td>${utc(e.at)}</td><td>${e.actor}</td><td>${e.action}</td>
<td><details><summary>show</summary><pre>${JSON.stringify(e.before, null, 2)}</pre><pre>${JSON.stringify(e.after, null, 2)}</pre></details></td></tr>`)}</tbody></table>`;
}
