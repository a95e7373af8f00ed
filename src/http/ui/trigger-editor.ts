// The trigger editor shared by "new job" and "reschedule": a type and its APScheduler arguments,
// one input per argument named `<type>.<arg>` (all three fieldsets render; without JavaScript
// the server reads the selected type's), and a preview of the next fire times that ui.js
// refreshes from GET /ui/preview as the fields change, and the Preview button refreshes without it.
import type { Job } from '../../jobs/types.js';
import type { TriggerType } from '../../triggers/types.js';
import { fieldError, formValue } from './components.js';
import { fireTimesTable } from './fire-times.js';
import { html, type Html } from './html.js';
import { BASE } from './layout.js';
import type { FormState, Preview } from './model.js';

export const TRIGGER_TYPES: readonly TriggerType[] = ['cron', 'interval', 'date'];

/** Each type's arguments in the order the editor shows them (src/triggers/ is the authority on which are valid). */
export const TRIGGER_FIELDS: Readonly<Record<TriggerType, ReadonlyArray<{ name: string; hint: string }>>> = {
  cron: [
    { name: 'crontab', hint: 'a crontab line, e.g. 0 9 * * mon-fri (or the fields below)' },
    { name: 'second', hint: '0-59' }, { name: 'minute', hint: '0-59, */5' }, { name: 'hour', hint: '0-23' },
    { name: 'day', hint: '1-31, last' }, { name: 'month', hint: '1-12, jan' }, { name: 'day_of_week', hint: 'mon-fri, 0-6 (0 = Monday)' },
    { name: 'week', hint: 'ISO week 1-53' }, { name: 'year', hint: '2026' },
    { name: 'start_date', hint: 'ISO date-time' }, { name: 'end_date', hint: 'ISO date-time' }, { name: 'jitter', hint: 'seconds' },
  ],
  interval: [
    { name: 'weeks', hint: '' }, { name: 'days', hint: '' }, { name: 'hours', hint: '' }, { name: 'minutes', hint: '' }, { name: 'seconds', hint: '' },
    { name: 'start_date', hint: 'ISO date-time (the grid’s origin)' }, { name: 'end_date', hint: 'ISO date-time' }, { name: 'jitter', hint: 'seconds' },
  ],
  date: [{ name: 'run_date', hint: 'ISO date-time, e.g. 2026-07-01T09:00:00' }],
};

/** The form values a stored job's trigger fills the editor with. */
export function triggerValues(job: Pick<Job, 'trigger' | 'args' | 'timezone'>): Record<string, string> {
  const values: Record<string, string> = { trigger: job.trigger, timezone: job.timezone };
  for (const [key, value] of Object.entries(job.args)) {
    if (value === null || value === undefined) continue;
    values[`${job.trigger}.${key}`] = value instanceof Date ? value.toISOString() : String(value);
  }
  return values;
}

/** `form` carries the values to show; `name` tells the preview which form it belongs to. */
export function triggerEditor(form: FormState | undefined, name: string): Html {
  const current = (formValue(form, 'trigger', 'cron') as TriggerType) || 'cron';
  return html`<fieldset class="trigger-editor" data-trigger-editor="${name}">
<legend>Trigger</legend>
<label>Type <select name="trigger" data-trigger-type>${TRIGGER_TYPES.map((t) => html`<option${t === current ? html` selected` : ''}>${t}</option>`)}</select></label>
${fieldError(form, 'trigger')}
<label>Time zone <input name="timezone" value="${formValue(form, 'timezone')}" placeholder="default: env.yaml scheduler.timezone" list="zones"></label>
${fieldError(form, 'timezone')}
${TRIGGER_TYPES.map((type) => html`<fieldset class="trigger-args" data-trigger-args="${type}"${type === current ? '' : html` data-inactive`}>
<legend>${type} arguments</legend>
<div class="grid">${TRIGGER_FIELDS[type].map((f) => {
  const field = `${type}.${f.name}`;
  return html`<label>${f.name}<input name="${field}" value="${formValue(form, field)}" placeholder="${f.hint}"${form?.errors[field] ? html` aria-invalid="true" aria-describedby="err-${field}"` : ''}>${fieldError(form, field)}</label>`;
})}</div>
</fieldset>`)}
<p><button type="submit" name="action" value="preview" formmethod="post" class="secondary">Preview</button> <small class="muted">next fire times, without saving</small></p>
<output class="preview" data-preview="${BASE}/preview" aria-live="polite">${form?.preview && preview(form.preview)}</output>
</fieldset>`;
}

export function preview(p: Preview): Html {
  if ('error' in p) return html`<p class="field-error" data-preview-error>${p.path ? `${p.path}: ` : ''}${p.error}</p>`;
  return fireTimesTable(p.times, p.timezone, p.from, `next ${p.times.length} fire times`);
}
