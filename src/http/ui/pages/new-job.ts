// New job: an id, a task chosen among the deployed ones, the trigger editor with its preview,
// params and the usual settings; posted to the job API's addJob, its refusals shown by the field.
import { fieldError, formErrors, formValue } from '../components.js';
import { html, type Html } from '../html.js';
import { BASE } from '../layout.js';
import type { NewJobData } from '../model.js';
import { triggerEditor } from '../trigger-editor.js';
import { select } from './jobs.js';
import { SETTING_FIELDS, settingInput } from './job.js';

export function newJobBody(data: NewJobData): Html {
  const form = data.form ?? { name: 'new', values: { trigger: 'cron', params: '{}' }, errors: {} };
  return html`<form method="post" action="${BASE}/jobs/new" class="stack" data-form="new">
${formErrors(form)}
<div class="grid">
<label>id <input name="id" value="${formValue(form, 'id')}" placeholder="letters, digits, _ . : - (empty: a random id)" autocomplete="off">${fieldError(form, 'id')}</label>
<label>task ${data.tasks.length ? select('task', data.tasks, formValue(form, 'task'), '(choose a deployed task)') : html`<input name="task" value="${formValue(form, 'task')}">`}${fieldError(form, 'task')}</label>
</div>
${triggerEditor(form, 'new')}
<label>params (JSON object, passed to the task as ctx.params)<textarea name="params" rows="5" spellcheck="false">${formValue(form, 'params', '{}')}</textarea>${fieldError(form, 'params')}</label>
<details><summary>Settings (empty: env.yaml's job_defaults, then APScheduler's)</summary>
<div class="grid">${SETTING_FIELDS.map((f) => settingInput(form, f, 'new'))}</div>
</details>
<label class="check"><input type="checkbox" name="paused" value="true"${formValue(form, 'paused') === 'true' ? html` checked` : ''}> add paused</label>
<p><button type="submit" name="action" value="save">Add job</button></p>
</form>`;
}
