// The dashboard's pages as pure functions of their data: escaping, DST marks, what a config-owned
// job and a read token are offered, the timeline's lanes and the chart's series.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job, Run } from '../../src/jobs/types.js';
import { fireTimeRows } from '../../src/http/ui/fire-times.js';
import { jobState } from '../../src/http/ui/components.js';
import { html } from '../../src/http/ui/html.js';
import { page } from '../../src/http/ui/layout.js';
import { NO_SUMMARY, type JobPageData, type PageContext, type RunStats } from '../../src/http/ui/model.js';
import { jobBody } from '../../src/http/ui/pages/job.js';
import { jobsBody } from '../../src/http/ui/pages/jobs.js';
import { chartSeries, totals } from '../../src/http/ui/pages/overview.js';
import { runBody } from '../../src/http/ui/pages/runs.js';
import { ticks, timeline } from '../../src/http/ui/timeline.js';

const NOW = new Date('2026-03-28T12:00:00Z');

function job(over: Partial<Job> = {}): Job {
  return {
    id: 'report', task: 'report', trigger: 'cron', args: { hour: 9 }, params: {}, timezone: 'Europe/Paris', executor: 'default',
    coalesce: true, max_instances: 1, misfire_grace_time: 1, max_attempts: 1, retry_delay: 0, retry_backoff: 'fixed',
    retry_delay_max: null, retry_jitter: 0, timeout: null, paused: false, next_run_time: new Date('2026-03-29T07:00:00Z'),
    finished: false, broken: null, source: 'api', origin: 'ci', version: 3, ...over,
  };
}

function run(over: Partial<Run> = {}): Run {
  return {
    id: 7, job_id: 'report', scheduled_at: new Date('2026-03-28T08:00:00Z'), attempt: 1, status: 'failed', due_at: new Date('2026-03-28T08:00:00Z'),
    started_at: new Date('2026-03-28T08:00:01Z'), finished_at: new Date('2026-03-28T08:00:03Z'), duration_ms: 2000,
    error: 'Error: boom\n    at run (tasks/report.ts:3:9)', instance_id: 'host-1-abc', ...over,
  };
}

function jobPage(j: Job, extra: Partial<JobPageData> = {}): JobPageData {
  return { job: j, summary: NO_SUMMARY, upcoming: [], runs: [], audit: [], tasks: ['report'], ...extra };
}

const ctx = (role: 'admin' | 'read'): PageContext & { theme: 'auto'; path: string } => ({ user: { name: 'ci', role }, now: NOW, env: 'test', theme: 'auto', path: '/ui/' });

describe('dashboard rendering', () => {
  it('escapes data everywhere it is interpolated, in text and in attributes', () => {
    const evil = '"><script>alert(1)</script>';
    const text = jobBody(jobPage(job({ id: 'x', params: { note: evil }, origin: evil })), NOW, true).text;
    assert.ok(!text.includes('<script>'), 'a param became markup');
    assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!text.includes(`value="${evil}`));
    assert.equal(html`<a title="${'a"b'}">${'<b>'}</a>`.text, '<a title="a&quot;b">&lt;b&gt;</a>');
  });

  it('names a job\'s state as the jobs filter does, broken before paused before finished', () => {
    const shown = (over: Partial<Job>) => jobState(job(over)).text;
    assert.equal(shown({}), '<span class="status s-scheduled">scheduled</span>');
    assert.equal(shown({ finished: true, next_run_time: null }), '<span class="status s-finished">finished</span>');
    assert.equal(shown({ paused: true, next_run_time: null }), '<span class="status s-paused">paused</span>');
    assert.equal(shown({ paused: true, broken: 'trigger_args is <not> JSON' }), '<span class="status s-failed" title="trigger_args is &lt;not&gt; JSON">broken</span>');
  });

  it('marks the fire time that falls after a daylight-saving change', () => {
    // Paris moves from +01:00 to +02:00 on 2026-03-29 at 02:00 local.
    const times = [new Date('2026-03-28T08:00:00Z'), new Date('2026-03-29T07:00:00Z'), new Date('2026-03-30T07:00:00Z')];
    const rows = fireTimeRows(times, 'Europe/Paris', new Date('2026-03-28T07:00:00Z'));
    assert.deepEqual(rows.map((r) => r.dst), [null, { from: '+01:00', to: '+02:00' }, null]);
    const text = jobBody(jobPage(job(), { upcoming: times }), NOW, false).text;
    assert.match(text, /DST \+01:00 → \+02:00/);
    assert.match(text, /Sun 2026-03-29 09:00:00 \+02:00/);
  });

  it('a config-owned job says where it is defined and offers no edit, reschedule or remove', () => {
    const text = jobBody(jobPage(job({ source: 'config', origin: 'config/prod.yaml' })), NOW, true).text;
    assert.match(text, /Defined in <code>config\/prod.yaml<\/code> under <code>tasks.report<\/code>/);
    assert.ok(!text.includes('/reschedule"'));
    assert.ok(!text.includes('/edit"'));
    assert.ok(!text.includes('/remove"'));
    assert.ok(text.includes('/ui/jobs/report/run"'), 'run now is an operational action, offered');
    assert.ok(text.includes('/ui/jobs/report/pause"'));
  });

  it('a config-owned job’s page says why a post of a form it does not offer was refused', () => {
    const refusal = 'job "report" is defined in config/prod.yaml (tasks.report); remove it there';
    for (const name of ['edit', 'reschedule', 'remove']) {
      const form = { name, values: {}, errors: { '': refusal } };
      const text = jobBody(jobPage(job({ source: 'config', origin: 'config/prod.yaml' }), { form }), NOW, true).text;
      assert.ok(text.includes('defined in config/prod.yaml (tasks.report); remove it there'), name);
    }
  });

  it('an API job offers every action to an admin, and none to a read token', () => {
    const admin = jobBody(jobPage(job({ paused: true, next_run_time: null })), NOW, true).text;
    for (const action of ['run', 'resume', 'reschedule', 'edit', 'remove']) assert.ok(admin.includes(`/ui/jobs/report/${action}"`), action);
    assert.match(admin, /value="last"/);
    const reader = jobBody(jobPage(job()), NOW, false).text;
    assert.ok(!/method="post"/.test(reader), 'a read token was offered a form that writes');
    const shell = page(ctx('read'), { title: 't', section: 'jobs', body: '' }).text;
    assert.match(shell, /Read-only/);
    assert.ok(!shell.includes('/ui/jobs/new'));
  });

  it('shows a run’s error and stack, its timeline, and offers retry only on the last attempt', () => {
    const failed = run();
    const text = runBody({ run: failed, created_at: failed.scheduled_at, attempts: [failed], job: job() }, NOW, true).text;
    assert.match(text, /at run \(tasks\/report.ts:3:9\)/);
    assert.match(text, /\/ui\/runs\/7\/retry/);
    const retried = run({ id: 8, attempt: 2, status: 'succeeded' });
    const older = runBody({ run: failed, created_at: null, attempts: [failed, retried], job: job() }, NOW, true).text;
    assert.ok(!older.includes('/retry'), 'an attempt that was already retried offered retry');
  });

  it('keeps the filter in the next-page link', () => {
    const text = jobsBody({ filter: { q: 'eu', state: 'paused' }, jobs: [{ job: job(), summary: NO_SUMMARY }], next: 'abc', tasks: ['report'] }, NOW).text;
    assert.match(text, /href="\/ui\/jobs\?q=eu&amp;state=paused&amp;cursor=abc"/);
  });

  it('draws one timeline lane per job with its fire times, and says which are cut', () => {
    const upcoming = {
      from: NOW, until: new Date('2026-03-28T13:00:00Z'), moreJobs: true,
      lanes: [
        { job_id: 'b', times: [new Date('2026-03-28T12:10:00Z'), new Date('2026-03-28T12:30:00Z')], more: true },
        { job_id: 'a', times: [new Date('2026-03-28T12:20:00Z')], more: false },
      ],
    };
    assert.deepEqual(ticks(upcoming.from, upcoming.until).map((t) => t.toISOString().slice(11, 16)), ['12:00', '12:15', '12:30', '12:45', '13:00']);
    const svg = timeline(upcoming).text;
    assert.deepEqual([...svg.matchAll(/<g class="lane" data-job="(\w+)">/g)].map((m) => m[1]), ['b', 'a']);
    assert.equal(svg.match(/<circle/g)?.length, 3);
    assert.match(svg, /b: only the first fire times are drawn/);
    assert.match(svg, /more jobs fire in this window than are drawn/);
  });

  it('stacks runs by status per bucket for the chart, and totals them for the table', () => {
    const since = new Date('2026-03-28T11:00:00Z');
    const stats: RunStats = { window: '1h', since, bucketMs: 300_000, buckets: [
      { start: new Date('2026-03-28T11:05:00Z'), counts: { succeeded: 3, failed: 1 } },
      { start: new Date('2026-03-28T11:55:00Z'), counts: { succeeded: 2 } },
    ] };
    const chart = chartSeries(stats);
    assert.equal(chart.x.length, 13);
    assert.deepEqual(chart.series.map((s) => s.status), ['succeeded', 'failed']);
    assert.equal(chart.series[0]!.counts[1], 3);
    assert.equal(chart.series[0]!.counts[11], 2);
    assert.equal(totals(stats).succeeded, 5);
  });
});
