// Issue 12 §1: every route of /api/v1 against the real service on MariaDB, with the answer each
// gives and what the store holds afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { needsDb } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';
import { ApiService, READ_TOKEN } from './api-service.js';

const ECHO = `export function run(ctx) { ctx.logger.info({ params: ctx.params, jobId: ctx.jobId }, 'echo ran'); }\n`;
const BOOM = `export function run() { throw new Error('boom'); }\n`;
const CONFIG = 'tasks:\n  report:\n    task: echo\n    trigger: cron\n    args: { hour: 3 }\n';
const spec = (id: string, extra: Record<string, unknown> = {}) => ({ id, task: 'echo', trigger: 'interval', args: { hours: 1 }, ...extra });

describe('HTTP API routes', needsDb, () => {
  const api = ApiService.start({ config: CONFIG, tasks: { echo: ECHO, boom: BOOM } });

  describe('jobs', () => {
    it('POST adds a job: 201 with Location and ETag, the token’s name as its origin', async () => {
      const res = await api.call('POST', '/jobs', { body: spec('nightly', { params: { user: 'alice' } }) });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('location'), '/api/v1/jobs/nightly');
      assert.equal(res.headers.get('etag'), '"1"');
      assert.equal(res.body.change, 'added');
      assert.deepEqual([res.body.job.source, res.body.job.origin, res.body.job.version, res.body.job.params], ['api', 'ops', 1, { user: 'alice' }]);
      const stored = await api.store.getJob('nightly');
      assert.deepEqual([stored?.source, stored?.origin, stored?.params], ['api', 'ops', { user: 'alice' }]);
    });

    it('POST on a taken id: 409 by default; on_conflict keep, update and replace as the library does', async () => {
      await api.call('POST', '/jobs', { body: spec('taken') });
      const conflict = await api.call('POST', '/jobs', { body: spec('taken') });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.headers.get('content-type'), 'application/problem+json');
      assert.equal((await api.call('POST', '/jobs?on_conflict=keep', { body: spec('taken', { params: { x: 1 } }) })).body.change, 'unchanged');
      const updated = await api.call('POST', '/jobs?on_conflict=update', { body: spec('taken', { params: { x: 2 } }) });
      assert.deepEqual([updated.status, updated.body.change, updated.body.job.version, updated.headers.get('etag')], [200, 'updated', 2, '"2"']);
      assert.equal((await api.call('POST', '/jobs?on_conflict=replace', { body: spec('taken') })).body.change, 'replaced');
      const bad = await api.call('POST', '/jobs?on_conflict=merge', { body: spec('taken') });
      assert.deepEqual([bad.status, bad.body.path], [400, 'query.on_conflict']);
    });

    it('refuses an invalid spec with 422, the YAML’s words and the key’s path, writing nothing', async () => {
      const res = await api.call('POST', '/jobs', { body: { id: 'bad', task: 'echo', trigger: 'cron', args: { hour: 25 } } });
      assert.equal(res.status, 422);
      assert.deepEqual({ path: res.body.path, detail: res.body.detail, type: res.body.type }, {
        path: 'args.hour',
        detail: 'job bad: args.hour: 25 is out of range for hour (0-23)',
        type: 'urn:mysql-scheduler:problem:invalid-job-spec',
      });
      const unknownTask = await api.call('POST', '/jobs', { body: spec('bad', { task: 'nope' }) });
      assert.deepEqual([unknownTask.status, unknownTask.body.path], [422, 'task']);
      assert.equal(await api.store.getJob('bad'), null);
    });

    it('GET one job with its version as ETag, 304 for If-None-Match, 404 problem for an unknown id', async () => {
      await api.call('POST', '/jobs', { body: spec('one') });
      const res = await api.call('GET', '/jobs/one');
      assert.deepEqual([res.status, res.body.id, res.headers.get('etag')], [200, 'one', '"1"']);
      assert.equal((await api.call('GET', '/jobs/one', { headers: { 'If-None-Match': '"1"' } })).status, 304);
      const missing = await api.call('GET', '/jobs/nope');
      assert.deepEqual([missing.status, missing.body.detail], [404, 'no job "nope" in the store']);
    });

    it('PUT upserts: 201 when new, 200 after; an id in the body that differs from the URL is 422', async () => {
      assert.equal((await api.call('PUT', '/jobs/put-me', { body: { task: 'echo', trigger: 'interval', args: { minutes: 5 } } })).status, 201);
      const again = await api.call('PUT', '/jobs/put-me', { body: { task: 'echo', trigger: 'interval', args: { minutes: 5 } } });
      assert.deepEqual([again.status, again.body.change], [200, 'unchanged']);
      const mismatch = await api.call('PUT', '/jobs/put-me', { body: { id: 'other', task: 'echo', trigger: 'interval', args: { minutes: 5 } } });
      assert.deepEqual([mismatch.status, mismatch.body.path], [422, 'id']);
    });

    it('PATCH with If-Match: the current version changes the job, a stale one is 412 and changes nothing', async () => {
      await api.call('POST', '/jobs', { body: spec('patched', { params: { n: 1 } }) });
      const ok = await api.call('PATCH', '/jobs/patched', { body: { params: { n: 2 } }, headers: { 'If-Match': '"1"' } });
      assert.deepEqual([ok.status, ok.body.params, ok.headers.get('etag')], [200, { n: 2 }, '"2"']);
      const stale = await api.call('PATCH', '/jobs/patched', { body: { params: { n: 3 } }, headers: { 'If-Match': '"1"' } });
      assert.deepEqual([stale.status, stale.body.type], [412, 'urn:mysql-scheduler:problem:version-mismatch']);
      assert.deepEqual((await api.store.getJob('patched'))?.params, { n: 2 });
      assert.equal((await api.call('PATCH', '/jobs/patched', { body: { params: {} }, headers: { 'If-Match': 'yesterday' } })).status, 400);
      const config = await api.call('PATCH', '/jobs/report', { body: { params: { n: 1 } } });
      assert.equal(config.status, 409, 'a config-owned job is changed in its file');
    });

    it('reschedule, pause and resume', async () => {
      await api.call('POST', '/jobs', { body: spec('moves') });
      const moved = await api.call('POST', '/jobs/moves/reschedule', { body: { trigger: 'cron', args: { hour: 4 } } });
      assert.deepEqual([moved.status, moved.body.trigger, moved.body.args], [200, 'cron', { hour: 4 }]);
      assert.equal((await api.call('POST', '/jobs/moves/pause')).body.paused, true);
      assert.equal((await api.store.getJob('moves'))?.paused, true);
      const resumed = await api.call('POST', '/jobs/moves/resume?from=now');
      assert.deepEqual([resumed.status, resumed.body.paused], [200, false]);
      assert.equal((await api.call('POST', '/jobs/moves/resume?from=yesterday')).status, 400);
      assert.equal((await api.call('POST', '/jobs/gone/pause')).status, 404);
    });

    it('lists with filters, search over params, and cursor pages that add up to the whole list', async () => {
      for (const [id, user] of [['list-a', 'zoe'], ['list-b', 'yann'], ['list-c', 'zoe']] as const) await api.call('POST', '/jobs', { body: spec(id, { params: { user } }) });
      const zoe = await api.call('GET', '/jobs?q=ZOE');
      assert.deepEqual(zoe.body.jobs.map((j: { id: string }) => j.id).sort(), ['list-a', 'list-c']);
      assert.deepEqual((await api.call('GET', '/jobs?source=config')).body.jobs.map((j: { id: string }) => j.id), ['report']);
      const all = (await api.call('GET', '/jobs?limit=500')).body.jobs.map((j: { id: string }) => j.id);
      const paged: string[] = [];
      for (let cursor: string | null = ''; cursor !== null;) {
        const page: { body: { jobs: Array<{ id: string }>; next_cursor: string | null } } = await api.call('GET', `/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.body.jobs.length <= 2);
        paged.push(...page.body.jobs.map((j) => j.id));
        cursor = page.body.next_cursor;
      }
      assert.deepEqual(paged, all);
      assert.equal((await api.call('GET', '/jobs?cursor=not-one')).status, 400);
      assert.equal((await api.call('GET', '/jobs?state=sleeping')).body.path, 'query.state');
    });

    it('DELETE: 204, then 404; a config-owned job is 409', async () => {
      await api.call('POST', '/jobs', { body: spec('doomed') });
      assert.equal((await api.call('DELETE', '/jobs/doomed')).status, 204);
      assert.equal(await api.store.getJob('doomed'), null);
      assert.equal((await api.call('DELETE', '/jobs/doomed')).status, 404);
      assert.equal((await api.call('DELETE', '/jobs/report')).status, 409);
      assert.ok(await api.store.getJob('report'));
    });

    it('upcoming: per job, and every job’s fire times on one axis', async () => {
      await api.call('POST', '/jobs', { body: spec('every-minute', { args: { minutes: 1 } }) });
      const times = (await api.call('GET', '/jobs/every-minute/upcoming?count=3')).body.times.map((t: string) => Date.parse(t));
      assert.deepEqual([times.length, times[1] - times[0], times[2] - times[1]], [3, 60_000, 60_000]);
      const axis = await api.call('GET', '/upcoming?hours=2&limit=1000');
      const mine = axis.body.fires.filter((f: { job_id: string }) => f.job_id === 'every-minute');
      assert.ok(mine.length >= 119 && mine.length <= 120, `${mine.length} fire times in 2 hours`);
      const at = axis.body.fires.map((f: { at: string }) => Date.parse(f.at));
      assert.deepEqual(at, [...at].sort((a: number, b: number) => a - b), 'earliest first');
      assert.ok(axis.body.fires.some((f: { job_id: string }) => f.job_id === 'nightly'));
    });

    it('upcoming across jobs leaves a broken job out without letting it take a place of the limit', async () => {
      await api.call('POST', '/jobs', { body: spec('edited-by-hand', { args: { minutes: 1 } }) });
      // Due before every other job, and unusable: its fire times are none of the axis'.
      await api.db.query("UPDATE jobs SET broken = 'trigger_args is not valid JSON', next_run_time = UTC_TIMESTAMP(6) - INTERVAL 1 HOUR WHERE id = 'edited-by-hand'");
      const axis = await api.call('GET', '/upcoming?hours=2&limit=1');
      assert.equal(axis.status, 200);
      assert.equal(axis.body.fires.length, 1, JSON.stringify(axis.body));
      assert.notEqual(axis.body.fires[0].job_id, 'edited-by-hand');
      assert.equal(axis.body.complete, false);
    });
  });

  describe('runs', () => {
    it('run: 202 with the queued run; the same Idempotency-Key gives the same run, another key another', async () => {
      await api.call('POST', '/jobs', { body: spec('on-demand', { params: { user: 'kim' }, max_instances: 5 }) });
      const first = await api.call('POST', '/jobs/on-demand/run', { headers: { 'Idempotency-Key': 'click-1' } });
      assert.equal(first.status, 202);
      assert.equal(first.headers.get('location'), `/api/v1/runs/${first.body.run.id}`);
      const repeat = await api.call('POST', '/jobs/on-demand/run', { headers: { 'Idempotency-Key': 'click-1' } });
      assert.deepEqual([repeat.status, repeat.body.run.id, repeat.headers.get('idempotent-replayed')], [202, first.body.run.id, 'true']);
      const other = await api.call('POST', '/jobs/on-demand/run', { headers: { 'Idempotency-Key': 'click-2' } });
      assert.notEqual(other.body.run.id, first.body.run.id);
      const elsewhere = await api.call('POST', '/jobs/nightly/run', { headers: { 'Idempotency-Key': 'click-1' } });
      assert.deepEqual([elsewhere.status, elsewhere.body.path], [422, 'header.Idempotency-Key']);
      assert.equal((await api.store.listRuns({ jobId: 'on-demand', limit: 10 })).length, 2, 'two runs for three requests');
      await api.service.waitForLine(/"jobId":"on-demand".*echo ran|echo ran.*"jobId":"on-demand"/);
      const ran = api.service.json().find((l) => l.msg === 'echo ran' && l.jobId === 'on-demand');
      assert.deepEqual(ran?.params, { user: 'kim' });
    });

    it('concurrent requests with one Idempotency-Key queue one run: the others get it, or 409 while it is being queued', async () => {
      await api.call('POST', '/jobs', { body: spec('clicked', { max_instances: 10 }) });
      const answers = await Promise.all(Array.from({ length: 8 }, () => api.call('POST', '/jobs/clicked/run', { headers: { 'Idempotency-Key': 'double-click' } })));
      assert.ok(answers.every((a) => a.status === 202 || a.status === 409), answers.map((a) => a.status).join(' '));
      const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.run.id));
      assert.equal(ids.size, 1, 'every 202 names the same run');
      assert.equal((await api.store.listRuns({ jobId: 'clicked', limit: 10 })).length, 1);
    });

    it('lists history by job and status, shows a run with its attempt chain, and retries a failed run', async () => {
      await api.call('POST', '/jobs', { body: spec('fails', { task: 'boom' }) });
      const queued = (await api.call('POST', '/jobs/fails/run')).body.run;
      const failed = await waitFor('the run failed', async () => {
        const detail = await api.call('GET', `/runs/${queued.id}`);
        return detail.body.run.status === 'failed' && detail.body;
      });
      assert.match(failed.run.error, /boom/);
      assert.deepEqual(failed.attempts.map((r: { id: number }) => r.id), [queued.id]);
      const retry = await api.call('POST', `/runs/${queued.id}/retry`);
      assert.deepEqual([retry.status, retry.body.run.attempt, retry.body.run.scheduled_at], [202, 2, queued.scheduled_at]);
      const chain = (await api.call('GET', `/runs/${retry.body.run.id}`)).body.attempts.map((r: { attempt: number }) => r.attempt);
      assert.deepEqual(chain, [1, 2]);
      assert.equal((await api.call('POST', `/runs/${queued.id}/retry`)).status, 409, 'not the last attempt any more');
      const byJob = await api.call('GET', '/runs?job=fails');
      assert.deepEqual(byJob.body.runs.map((r: { attempt: number }) => r.attempt), [2, 1], 'the retry above its first attempt');
      const failedOnly = await api.call('GET', '/runs?job=fails&status=failed');
      assert.ok(failedOnly.body.runs.every((r: { status: string }) => r.status === 'failed'));
      const since = await api.call('GET', `/runs?job=fails&since=${encodeURIComponent(new Date(Date.parse(queued.scheduled_at) + 1).toISOString())}`);
      assert.deepEqual(since.body.runs, []);
      assert.equal((await api.call('GET', '/runs?since=tuesday')).body.path, 'query.since');
      assert.equal((await api.call('GET', '/runs/999999')).status, 404);
      assert.equal((await api.call('GET', '/runs/abc')).status, 404);
    });
  });

  describe('instances and audit', () => {
    it('lists this instance with its heartbeat age and clock skew', async () => {
      const { body } = await api.call('GET', '/instances', { token: READ_TOKEN });
      assert.equal(body.instances.length, 1);
      const [self] = body.instances;
      assert.equal(self.this_instance, true);
      assert.equal(typeof self.heartbeat_age_seconds, 'number');
      assert.equal(typeof self.clock_skew_seconds, 'number');
    });

    it('records every change with who made it, before and after', async () => {
      await api.call('POST', '/jobs', { body: spec('audited', { params: { v: 1 } }) });
      await api.call('PATCH', '/jobs/audited', { body: { params: { v: 2 } } });
      await api.call('POST', '/jobs/audited/pause');
      await api.call('POST', '/jobs/audited/pause'); // no change: no entry
      await api.call('DELETE', '/jobs/audited');
      const { body } = await api.call('GET', '/audit?job=audited', { token: READ_TOKEN });
      assert.deepEqual(body.entries.map((e: { action: string; actor: string }) => [e.action, e.actor]), [['remove', 'ops'], ['pause', 'ops'], ['modify', 'ops'], ['add', 'ops']]);
      const modify = body.entries[2];
      assert.deepEqual([modify.before.params, modify.after.params], [{ v: 1 }, { v: 2 }]);
      assert.equal(body.entries[0].after, null);
      const page = await api.call('GET', '/audit?job=audited&limit=3');
      assert.equal(page.body.entries.length, 3);
      const rest = await api.call('GET', `/audit?job=audited&limit=3&cursor=${page.body.next_cursor}`);
      assert.deepEqual(rest.body.entries.map((e: { action: string }) => e.action), ['add']);
    });
  });
});
