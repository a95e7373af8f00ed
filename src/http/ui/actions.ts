// The dashboard's forms: each POST is one job API call for the logged-in token (its name is the
// audit's "who" and a new job's origin), then a redirect to the page showing the result (so a
// reload does not repeat it). A refusal re-renders the form with the API's message by its field.
import { Hono, type Context } from 'hono';
import type { Job, JobApi } from '../../jobs/types.js';
import { doneQuery, type Done } from './flash.js';
import { editChanges, formErrorsOf, formState, formVersion, newJobInput, triggerArgs, triggerType, TRIGGER_FORM_FIELDS, type FormValues } from './forms.js';
import { jobPageData } from './data.js';
import { BASE } from './layout.js';
import type { FormState } from './model.js';
import { jobBody, jobPath, SETTING_FIELDS } from './pages/job.js';
import { newJobBody } from './pages/new-job.js';
import { previewOf } from './preview.js';
import { formOf, render, type UiEnv } from './respond.js';
import { problemOf } from '../problem.js';

const NEW_JOB_FIELDS: ReadonlySet<string> = new Set(['id', 'task', 'params', ...SETTING_FIELDS, ...TRIGGER_FORM_FIELDS]);
const EDIT_FIELDS: ReadonlySet<string> = new Set(['task', 'params', ...SETTING_FIELDS]);
const REMOVE_FIELDS: ReadonlySet<string> = new Set(['confirm']);

export function jobActions(): Hono<UiEnv> {
  const actions = new Hono<UiEnv>();

  actions.post('/jobs/new', async (c) => {
    const values = await formOf(c);
    const deps = c.get('deps');
    const tasks = deps.taskNames();
    if (values.action === 'preview') {
      const form = formState('new', values, {}, previewOf(values, deps.timezone, deps.clock.now()));
      return render(c, { title: 'New job', section: 'new', body: newJobBody({ tasks, form }) });
    }
    try {
      const { job } = await api(c).addJob(newJobInput(values), { onConflict: 'error' });
      return c.redirect(`${jobPath(job.id)}?${doneQuery('added')}`, 303);
    } catch (error) {
      const form = formState('new', values, formErrorsOf(error, values, NEW_JOB_FIELDS));
      return render(c, { title: 'New job', section: 'new', body: newJobBody({ tasks, form }) }, statusOf(error));
    }
  });

  actions.post('/jobs/:id/run', (c) =>
    act(c, async (jobs, id) => {
      const run = await jobs.runJob(id);
      // A paused job starts nothing, a run now included: say so instead of "starts as soon as a slot is free".
      return (await jobs.getJob(id))?.paused ? `held:${run.id}` : `queued:${run.id}`;
    }),
  );
  actions.post('/jobs/:id/pause', (c) => act(c, async (jobs, id) => (await jobs.pauseJob(id), 'paused')));
  actions.post('/jobs/:id/resume', async (c) => {
    const from = (await formOf(c)).from === 'last' ? 'last' : 'now';
    return act(c, async (jobs, id) => (await jobs.resumeJob(id, { from }), 'resumed'));
  });

  actions.post('/jobs/:id/reschedule', async (c) => {
    const values = await formOf(c);
    const deps = c.get('deps');
    if (values.action === 'preview') return jobForm(c, formState('reschedule', values, {}, previewOf(values, deps.timezone, deps.clock.now())));
    return submit(c, 'reschedule', values, TRIGGER_FORM_FIELDS, async (jobs, id, job) => {
      const timezone = values.timezone?.trim();
      // A new zone changes the schedule as a new trigger does: modifyJob recomputes from now, as reschedule does.
      if (timezone && timezone !== job.timezone) await jobs.modifyJob(id, { trigger: triggerType(values), args: triggerArgs(values), timezone });
      else await jobs.rescheduleJob(id, triggerType(values), triggerArgs(values));
      return 'rescheduled';
    });
  });

  actions.post('/jobs/:id/edit', async (c) => {
    const values = await formOf(c);
    return submit(c, 'edit', values, EDIT_FIELDS, async (jobs, id) => {
      const ifVersion = formVersion(values);
      await jobs.modifyJob(id, editChanges(values), ifVersion === undefined ? {} : { ifVersion });
      return 'saved';
    });
  });

  actions.post('/jobs/:id/remove', async (c) => {
    const values = await formOf(c);
    const id = c.req.param('id');
    if (values.confirm?.trim() !== id) return jobForm(c, formState('remove', values, { confirm: `type the job id (${id}) to remove it` }), 422);
    try {
      await api(c).removeJob(id);
    } catch (error) {
      return jobForm(c, formState('remove', values, formErrorsOf(error, values, REMOVE_FIELDS)), statusOf(error));
    }
    return c.redirect(`${BASE}/jobs?${doneQuery(`removed:${id}`)}`, 303);
  });

  actions.post('/runs/:id/retry', async (c) => {
    const id = Number(c.req.param('id'));
    const run = await api(c).retryRun(id);
    return c.redirect(`${BASE}/runs/${run.id}?${doneQuery(`retried:${run.id}`)}`, 303);
  });

  return actions;
}

/** The job API acting as the logged-in token: the origin of what it writes, the actor of its audit entries. */
function api(c: Context<UiEnv>): JobApi {
  return c.get('deps').jobs.as(c.get('principal').name);
}

function statusOf(error: unknown): number {
  const known = problemOf(error);
  if (!known) throw error;
  return known.status;
}

/** A one-click action on a job: its refusal (a config-owned job, a gone job) is the page's error. */
async function act(c: Context<UiEnv>, work: (jobs: JobApi, id: string) => Promise<Done>): Promise<Response> {
  const id = c.req.param('id')!;
  const done = await work(api(c), id);
  return c.redirect(`${jobPath(id)}?${doneQuery(done)}`, 303);
}

/** A job page form: on success to the job page; on a refusal the page again, the form as sent with the API's words. */
async function submit(c: Context<UiEnv>, name: string, values: FormValues, fields: ReadonlySet<string>, work: (jobs: JobApi, id: string, job: Job) => Promise<Done>): Promise<Response> {
  const id = c.req.param('id')!;
  const jobs = api(c);
  const job = await jobs.getJob(id);
  if (job === null) return c.redirect(`${jobPath(id)}`, 303);
  try {
    return c.redirect(`${jobPath(id)}?${doneQuery(await work(jobs, id, job))}`, 303);
  } catch (error) {
    return jobForm(c, formState(name, values, formErrorsOf(error, values, fields)), statusOf(error));
  }
}

async function jobForm(c: Context<UiEnv>, form: FormState, status = 200): Promise<Response> {
  const id = c.req.param('id')!;
  const deps = c.get('deps');
  const data = await jobPageData({ store: deps.store, jobs: deps.jobs.read, now: deps.clock.now() }, id, deps.taskNames());
  if (data === null) return c.redirect(`${jobPath(id)}`, 303);
  return render(c, { title: `Job ${id}`, section: 'jobs', live: true, body: jobBody({ ...data, form }, deps.clock.now(), c.get('principal').role === 'admin') }, status);
}
