// Acceptance (issue 11 §5): the job API's CLI verbs (add, modify, reschedule, remove, retry, job,
// jobs), each a real `scheduler` process against MariaDB: their table and --json output, and every
// error as one line on stderr with exit 1 and nothing written. Then the scenario: a
// service runs from YAML, the CLI adds an interval job with params, the service runs it with
// ctx.params as given; restarted on a changed YAML, it keeps the API jobs as they were.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, runCommand, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';
import { loadError } from '../config/helpers.js';

interface JobJson {
  id: string;
  task: string;
  trigger: string;
  args: Record<string, unknown>;
  params: Record<string, unknown>;
  max_attempts: number;
  paused: boolean;
  next_run_time: string | null;
  source: string;
  origin: string;
  version: number;
}
interface RunJson { id: number; job_id: string; attempt: number; status: string; scheduled_at: string }
interface JobRow { next_run_time: Date | null; defined_at: Date; paused: number; version: number; source: string; origin: string; params: string }

const POLL_INTERVAL_S = 2;
const CONFIG = `tasks:
  report:
    trigger: cron
    args: { year: 2099, month: 1, day: 1, hour: 0 }
    task: noop
`;
// Records what the task was given, one JSON line per run, in the project folder (the service's cwd).
const RECORD_TASK = `import { appendFileSync } from 'node:fs';
export function run(ctx) {
  appendFileSync('params.log', JSON.stringify({ job: ctx.jobId, params: ctx.params }) + '\\n');
}
`;

describe('scheduler job API verbs against MariaDB', needsDb, () => {
  const db = freshDatabase('cli_api');
  let root: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCommand(root, env, args);
  const row = async (id: string) => (await db.query<JobRow>('SELECT next_run_time, defined_at, paused, version, source, origin, params FROM jobs WHERE id = ?', [id]))[0];
  /** Exit 1 and one line on stderr, nothing on stdout. */
  const fails = async (args: string[], line: RegExp | string) => {
    const result = await cli(...args);
    assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}`);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.split('\n').length, 1, result.stderr);
    if (typeof line === 'string') assert.equal(result.stderr, line);
    else assert.match(result.stderr, line);
  };

  before(async () => {
    root = makeProject({
      env: `scheduler:\n  poll_interval: ${POLL_INTERVAL_S}\n`,
      config: CONFIG,
      tasks: { noop: 'export function run() {}\n', record: RECORD_TASK, fails: 'export function run() { throw new Error("no"); }\n' },
    });
    env = { JOBSTORE_URL: db.url };
    // One start from the YAML: the schema, and the config job `report` synced (source config).
    const first = new ServiceProcess(root, env);
    await first.waitForLine(/scheduler started/);
    await first.stop();
  });

  describe('pause and resume', () => {
    it('resume --from last goes back to the time the job had when paused; --json prints the job', async () => {
      assert.equal((await cli('add', 'lisa', '--task', 'noop', '--trigger', 'interval', '--args', '{"hours": 5}')).code, 0);
      const before = await row('lisa');
      const paused = await cli('pause', 'lisa', '--json');
      assert.equal(paused.code, 0, paused.stderr);
      assert.deepEqual([(JSON.parse(paused.stdout) as JobJson).paused, (JSON.parse(paused.stdout) as JobJson).next_run_time], [true, null]);
      const resumed = await cli('resume', 'lisa', '--from', 'last', '--json');
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal((JSON.parse(resumed.stdout) as JobJson).next_run_time, before!.next_run_time!.toISOString());
      assert.deepEqual([(await row('lisa'))?.paused, (await row('lisa'))?.next_run_time?.toISOString()], [0, before!.next_run_time!.toISOString()]);
      await fails(['resume', 'lisa', '--from', 'yesterday'], 'error: resume: --from takes now or last, got "yesterday"');
      await fails(['pause', 'lisa', '--from', 'last'], 'error: pause: --from is an option of resume (usage: scheduler pause JOB [--json])');
    });
  });

  describe('add', () => {
    it('adds an API job and says what it did, as a line and as JSON', async () => {
      const added = await cli('add', 'ada', '--task', 'record', '--trigger', 'interval', '--args', '{"hours": 1}', '--params', '{"user": "ada"}');
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /^added ada \(version 1\): next run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);
      const stored = await row('ada');
      assert.equal(stored?.source, 'api');
      assert.equal(stored?.origin, 'cli');
      assert.deepEqual(JSON.parse(stored!.params), { user: 'ada' });

      const again = await cli('add', 'ada', '--task', 'record', '--trigger', 'interval', '--args', '{"hours": 1}', '--params', '{"user": "ada"}', '--on-conflict', 'update', '--json');
      assert.equal(again.code, 0, again.stderr);
      const same = JSON.parse(again.stdout) as { change: string; job: JobJson };
      assert.equal(same.change, 'unchanged');
      assert.equal(same.job.version, 1);
      assert.equal(same.job.next_run_time, stored!.next_run_time!.toISOString(), 'an unchanged trigger keeps the next run time');
    });

    it('updates with --on-conflict update (keeping the schedule) and leaves the job with keep', async () => {
      const before = await row('ada');
      const updated = await cli('add', 'ada', '--task', 'record', '--trigger', 'interval', '--args', '{"hours": 1}', '--params', '{"user": "ada", "n": 2}', '--max-attempts', '3', '--on-conflict', 'update', '--json');
      assert.equal(updated.code, 0, updated.stderr);
      const result = JSON.parse(updated.stdout) as { change: string; job: JobJson };
      assert.equal(result.change, 'updated');
      assert.deepEqual([result.job.version, result.job.max_attempts, result.job.params], [2, 3, { user: 'ada', n: 2 }]);
      assert.equal(result.job.next_run_time, before!.next_run_time!.toISOString());

      const kept = await cli('add', 'ada', '--task', 'record', '--trigger', 'cron', '--on-conflict', 'keep');
      assert.equal(kept.code, 0, kept.stderr);
      assert.match(kept.stdout, /^ada unchanged \(version 2\): next run /);
      assert.equal((await row('ada'))?.version, 2);
    });

    it('refuses a taken id by default, naming it, and writes nothing', async () => {
      await fails(['add', 'ada', '--task', 'record', '--trigger', 'interval', '--args', '{"hours": 2}'], /^error: add: job "ada" already exists \(added by cli, version 2\)/);
      assert.equal((await row('ada'))?.version, 2);
    });

    it('stores a job paused with --paused', async () => {
      const added = await cli('add', 'napper', '--task', 'noop', '--trigger', 'cron', '--args', '{"hour": 9}', '--paused', '--json');
      assert.equal(added.code, 0, added.stderr);
      const { job } = JSON.parse(added.stdout) as { job: JobJson };
      assert.deepEqual([job.paused, job.next_run_time], [true, null]);
      assert.equal((await cli('add', 'napper2', '--task', 'noop', '--trigger', 'cron', '--paused')).stdout, 'added napper2 (version 1): paused: it runs again once resumed (scheduler resume napper2)');
    });
  });

  describe('modify and reschedule', () => {
    it('modify changes settings at a version and keeps the schedule', async () => {
      const before = await row('ada');
      const modified = await cli('modify', 'ada', '--retry-delay', '5', '--coalesce', 'false', '--if-version', '2');
      assert.equal(modified.code, 0, modified.stderr);
      assert.equal(modified.stdout, `modified ada, now version 3: next run ${before!.next_run_time!.toISOString().replace('T', ' ')}`);
      const json = JSON.parse((await cli('modify', 'ada', '--timeout', '30', '--json')).stdout) as JobJson & { timeout: number; retry_delay: number; coalesce: boolean };
      assert.deepEqual([json.version, json.timeout, json.retry_delay, json.coalesce], [4, 30, 5, false]);
    });

    it('modify refuses a stale --if-version, and a call without changes', async () => {
      await fails(['modify', 'ada', '--max-attempts', '9', '--if-version', '2'], /^error: modify: job "ada" is at version 4, not 2: /);
      assert.equal((await row('ada'))?.version, 4);
      await fails(['modify', 'ada'], /^error: modify: nothing to change: give at least one setting flag/);
    });

    it('reschedule sets a new trigger from now and keeps a pause', async () => {
      const moved = await cli('reschedule', 'ada', '--trigger', 'cron', '--args', '{"hour": 9, "minute": 30}', '--json');
      assert.equal(moved.code, 0, moved.stderr);
      const job = JSON.parse(moved.stdout) as JobJson;
      assert.deepEqual([job.trigger, job.args, job.version], ['cron', { hour: 9, minute: 30 }, 5]);
      assert.match(job.next_run_time!, /T09:30:00\.000Z$/);
      const paused = await cli('reschedule', 'napper', '--trigger', 'interval', '--args', '{"minutes": 5}');
      assert.equal(paused.code, 0, paused.stderr);
      assert.match(paused.stdout, /^rescheduled napper, now version 2: paused: /);
      assert.equal((await row('napper'))?.paused, 1);
      await fails(['reschedule', 'ada', '--args', '{"hour": 1}'], /^error: reschedule: --trigger is required /);
    });
  });

  describe('job and jobs', () => {
    it('job shows the definition, source, version, next 5 fire times and last 10 runs', async () => {
      const shown = await cli('job', 'ada');
      assert.equal(shown.code, 0, shown.stderr);
      const out = shown.stdout;
      assert.match(out, /^job ada$/m);
      assert.match(out, /^ {2}task\s+record$/m);
      assert.match(out, /^ {2}trigger\s+cron\[hour='9', minute='30'\]\s+\{"hour":9,"minute":30\}$/m);
      assert.match(out, /^ {2}params\s+\{"user":"ada","n":2\}$/m);
      assert.match(out, /^ {2}source\s+api \(by cli\)$/m);
      assert.match(out, /^ {2}version\s+5$/m);
      assert.match(out, /^ {2}state\s+scheduled$/m);
      assert.match(out, /^ {2}timeout\s+30 s$/m);
      const fireTimes = out.split('\n').filter((l) => /^ {2}\d\s+\w{3} \d{4}-\d\d-\d\d 09:30:00 \+00:00\s+UTC\s+\d{4}-\d\d-\d\d 09:30:00Z$/.test(l));
      assert.equal(fireTimes.length, 5, out);
      assert.match(out, /^last 10 runs\n {2}no runs$/m);

      const config = await cli('job', 'report');
      assert.match(config.stdout, /^ {2}source\s+config\/test\.yaml \(tasks\.report\)$/m);
    });

    it('job --json carries the job view, its next fire times and its runs', async () => {
      const shown = JSON.parse((await cli('job', 'ada', '--json')).stdout) as { job: JobJson; upcoming: string[]; runs: RunJson[] };
      assert.deepEqual([shown.job.id, shown.job.source, shown.job.origin, shown.job.version], ['ada', 'api', 'cli', 5]);
      assert.equal(shown.upcoming.length, 5);
      assert.equal(shown.upcoming[0], shown.job.next_run_time);
      assert.deepEqual(shown.runs, []);
    });

    it('jobs shows the source of each job, and --json its source, origin and version', async () => {
      const listed = await cli('jobs');
      assert.equal(listed.code, 0, listed.stderr);
      const lines = listed.stdout.split('\n');
      assert.match(lines[0]!, /^ID\s+TASK\s+TRIGGER\s+NEXT RUN \(UTC\)\s+SOURCE\s+STATE$/);
      const sourceAt = lines[0]!.indexOf('SOURCE');
      const byId = new Map(lines.slice(1).map((l) => [l.split(/\s+/)[0]!, l.slice(sourceAt)]));
      assert.match(byId.get('report')!, /^config\s+scheduled$/);
      assert.match(byId.get('ada')!, /^api \(cli\)\s+scheduled$/);
      assert.match(byId.get('napper')!, /^api \(cli\)\s+paused$/);

      const json = JSON.parse((await cli('jobs', '--json')).stdout) as JobJson[];
      const report = json.find((j) => j.id === 'report')!;
      assert.deepEqual([report.source, report.origin, report.version], ['config', 'config/test.yaml', 1]);
      const apiOnly = JSON.parse((await cli('jobs', '--source', 'api', '--state', 'paused', '--json')).stdout) as JobJson[];
      assert.deepEqual(apiOnly.map((j) => j.id).sort(), ['napper', 'napper2']);
      await fails(['jobs', '--source', 'yaml'], 'error: jobs: --source must be one of config, api, got "yaml"');
    });
  });

  describe('errors', () => {
    it('an unknown job is one line for every verb', async () => {
      for (const args of [['modify', 'nope', '--max-attempts', '2'], ['reschedule', 'nope', '--trigger', 'cron'], ['remove', 'nope'], ['job', 'nope']]) {
        await fails(args, `error: ${args[0]}: no job "nope" in the store (see: scheduler jobs)`);
      }
    });

    it('a bad spec gets the YAML\'s words for the same value, and nothing is written', async () => {
      const cases: Array<{ flags: string[]; yaml: string }> = [
        { flags: ['--trigger', 'cron', '--args', '{"hour": 25}'], yaml: 'trigger: cron\n    args: { hour: 25 }' },
        { flags: ['--trigger', 'interval', '--args', '{"seconds": 0}'], yaml: 'trigger: interval\n    args: { seconds: 0 }' },
        { flags: ['--trigger', 'cron', '--max-attempts', '0'], yaml: 'trigger: cron\n    max_attempts: 0' },
        { flags: ['--trigger', 'cron', '--max-attempts', 'three'], yaml: 'trigger: cron\n    max_attempts: three' },
        { flags: ['--trigger', 'cron', '--timezone', 'Mars/Olympus'], yaml: 'trigger: cron\n    timezone: Mars/Olympus' },
        { flags: ['--trigger', 'weekly'], yaml: 'trigger: weekly' },
        { flags: ['--trigger', 'cron', '--params', '[1, 2]'], yaml: 'trigger: cron\n    params: [1, 2]' },
        { flags: ['--trigger', 'cron', '--retry-delay', '-1'], yaml: 'trigger: cron\n    retry_delay: -1' },
      ];
      for (const { flags, yaml } of cases) {
        const expected = loadError({ 'config/dev.yaml': `tasks:\n  bad:\n    ${yaml}\n` });
        const key = expected.path.replace(/^tasks\.bad\./, '');
        await fails(['add', 'bad', '--task', 'noop', ...flags], `error: job bad: ${key}: ${expected.reason}`);
      }
      await fails(['add', 'bad', '--task', 'nosuch', '--trigger', 'cron'], /^error: job bad: task: .*nosuch/);
      assert.equal(await row('bad'), undefined, 'nothing written');
    });

    it('bad JSON in --args or --params names the flag without echoing the text', async () => {
      await fails(['add', 'bad', '--trigger', 'cron', '--args', '{hour: 9}'], /^error: add: --args is not valid JSON \(.*position 1\): write an object such as '\{"hour": 9\}'$/);
      const secret = await cli('add', 'bad', '--trigger', 'cron', '--params', '{"token": "s3cret",]');
      assert.equal(secret.code, 1);
      assert.match(secret.stderr, /^error: add: --params is not valid JSON /);
      assert.doesNotMatch(secret.stderr, /s3cret/);
      await fails(['modify', 'ada', '--params', ''], /^error: modify: --params is not valid JSON \(it is empty\)/);
      assert.equal(await row('bad'), undefined, 'nothing written');
    });

    it('a config-owned job refuses definition changes, naming its file', async () => {
      const version = (await row('report'))?.version;
      for (const args of [
        ['modify', 'report', '--max-attempts', '2'], ['reschedule', 'report', '--trigger', 'interval', '--args', '{"hours": 1}'], ['remove', 'report'],
        ['add', 'report', '--task', 'noop', '--trigger', 'cron', '--on-conflict', 'update'],
      ]) {
        await fails(args, new RegExp(`^error: ${args[0]}: job "report" is defined in config/test\\.yaml \\(tasks\\.report\\); `));
      }
      assert.equal((await row('report'))?.version, version);
    });
  });

  describe('retry and remove', () => {
    it('retry queues a new attempt of a failed run; a run that is not the last attempt or unknown is refused', async () => {
      const scheduledAt = new Date('2030-01-01T00:00:00Z');
      await db.query(
        "INSERT INTO runs (job_id, scheduled_at, attempt, status, due_at, created_at, finished_at, error) VALUES ('ada', ?, 1, 'failed', ?, ?, ?, 'boom')",
        [scheduledAt, scheduledAt, scheduledAt, scheduledAt],
      );
      const [{ id }] = (await db.query<{ id: number }>("SELECT id FROM runs WHERE job_id = 'ada' AND status = 'failed'")) as [{ id: number }];
      const retried = await cli('retry', String(id));
      assert.equal(retried.code, 0, retried.stderr);
      assert.match(retried.stdout, new RegExp(`^queued run (\\d+) of ada: attempt 2 of its fire time 2030-01-01 00:00:00\\.000Z \\(retry of run ${id}\\)$`));
      const queued = await db.query<{ attempt: number; status: string }>("SELECT attempt, status FROM runs WHERE job_id = 'ada' AND attempt = 2");
      assert.deepEqual(queued.map((r) => [r.attempt, r.status]), [[2, 'queued']]);

      await fails(['retry', String(id)], /^error: retry: .*run/);
      await fails(['retry', '999999'], 'error: retry: no run 999999 in the store');
      await fails(['retry', 'abc'], /^error: retry: RUN_ID must be a run's id/);

      const last = JSON.parse((await cli('job', 'ada', '--json')).stdout) as { runs: RunJson[] };
      assert.deepEqual(last.runs.map((r) => [r.attempt, r.status]), [[2, 'queued'], [1, 'failed']]);
    });

    it('remove deletes the job and keeps its run history', async () => {
      const removed = await cli('remove', 'napper2', '--json');
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal((JSON.parse(removed.stdout) as JobJson).id, 'napper2');
      const plain = await cli('remove', 'ada');
      assert.equal(plain.stdout, 'removed ada (it was at version 5); runs already running finish, its run history stays');
      assert.equal(await row('ada'), undefined);
      assert.equal((await db.query("SELECT id FROM runs WHERE job_id = 'ada'")).length, 2, 'history stays');
    });
  });

  describe('with a service running from YAML', () => {
    let service: ServiceProcess | undefined;
    after(async () => {
      await service?.stop();
      if (process.env.DEBUG_E2E) console.log(service?.lines.join('\n'));
    });

    it('runs a job the CLI adds with ctx.params as given, within 2 × poll_interval of its fire time', async () => {
      service = new ServiceProcess(root, env);
      await service.waitForLine(/scheduler started/);
      const params = { user: 'grace', plan: { tier: 'pro', seats: 3 }, tags: ['a', 'b'] };
      const added = await cli('add', 'ticker', '--task', 'record', '--trigger', 'interval', '--args', '{"seconds": 1}', '--params', JSON.stringify(params));
      assert.equal(added.code, 0, added.stderr);
      const line = await waitFor('a ticker run recorded', async () =>
        readFileSync(join(root, 'params.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').find((l) => l.includes('"ticker"')));
      assert.deepEqual(JSON.parse(line), { job: 'ticker', params });
      // The bound, from the service's own timestamps: the running service saw a job another
      // process added at its next poll at the latest.
      const [first] = await db.query<{ scheduled_at: Date; started_at: Date }>("SELECT scheduled_at, started_at FROM runs WHERE job_id = 'ticker' ORDER BY id LIMIT 1");
      assert.ok(first!.started_at.getTime() - first!.scheduled_at.getTime() <= 2 * POLL_INTERVAL_S * 1000, `started ${first!.started_at.toISOString()} for ${first!.scheduled_at.toISOString()}`);
    });

    it('keeps API jobs with their next run time, grid and pause when restarted on a changed YAML', async () => {
      const hourly = await cli('add', 'hourly', '--task', 'noop', '--trigger', 'interval', '--args', '{"hours": 1}');
      assert.equal(hourly.code, 0, hourly.stderr);
      const paused = await cli('pause', 'ticker');
      assert.equal(paused.code, 0, paused.stderr);
      await service!.stop();
      const before = { hourly: await row('hourly'), ticker: await row('ticker'), napper: await row('napper') };
      assert.equal(before.ticker?.paused, 1);

      writeFileSync(join(root, 'config', 'test.yaml'), `${CONFIG.replace('hour: 0', 'hour: 6')}  extra:\n    trigger: interval\n    args: { hours: 2 }\n    task: noop\n`);
      service = new ServiceProcess(root, env);
      await service.waitForLine(/scheduler started/);
      // The sync ran: the config jobs follow the new YAML…
      assert.equal((await row('extra'))?.source, 'config');
      assert.equal((await row('report'))?.version, 2);
      // …and the API jobs are as they were: next run time, grid (defined_at), pause, version.
      for (const id of ['hourly', 'ticker', 'napper'] as const) assert.deepEqual(await row(id), before[id], id);
    });
  });
});
