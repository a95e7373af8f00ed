// A bad job spec gets the same one-line error from the job API as from config/<env>.yaml: each
// case is written once, loaded as YAML through loadConfig (and, for the task, checked as start-up
// checks it), then given to addJob and modifyJob. The reason must be the YAML's, the key path the
// same under `job <id>:`, and nothing may be written.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { APSCHEDULER_DEFAULTS } from '../../src/config/settings.js';
import { JobSpecError } from '../../src/jobs/errors.js';
import { JobsService } from '../../src/jobs/service.js';
import { taskCatalog } from '../../src/jobs/task-catalog.js';
import { MemoryStore } from '../../src/store/memory.js';
import { checkTasks } from '../../src/tasks/loader.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { project } from '../config/helpers.js';

const VALID = { task: 'echo', trigger: 'interval', args: { seconds: 5 } };

interface Case {
  name: string;
  /** Keys over VALID; undefined removes one. */
  spec: Record<string, unknown>;
  id?: string;
  /** False when modifyJob cannot say it: an undefined change changes nothing. */
  modify?: boolean;
}

const CASES: Case[] = [
  { name: 'a cron field out of range', spec: { trigger: 'cron', args: { hour: 25 } } },
  { name: 'a bad cron expression', spec: { trigger: 'cron', args: { minute: '*/0' } } },
  { name: 'a task that is not deployed', spec: { task: 'nope' } },
  { name: 'an unknown key', spec: { bogus: 1 } },
  { name: 'a value of the wrong type', spec: { max_instances: 'three' } },
  { name: 'a zero interval', spec: { args: { seconds: 0 } } },
  { name: 'an unknown time zone', spec: { timezone: 'Mars/Olympus' } },
  { name: 'an id too long', spec: {}, id: 'x'.repeat(192) },
  { name: 'an id with a space', spec: {}, id: 'bad name!' },
  // A URL path reads these as "here" and "up": /api/v1/jobs/.. would be /api/v1/, no job of theirs.
  { name: 'an id that is a dot segment', spec: {}, id: '..' },
  { name: 'an id that is one dot', spec: {}, id: '.' },
  { name: 'params that are not a mapping', spec: { params: [1, 2] } },
  { name: 'a negative retry_delay', spec: { retry_delay: -1 } },
  { name: 'an end_date before the start_date', spec: { args: { seconds: 5, start_date: '2030-01-02 00:00:00', end_date: '2030-01-01 00:00:00' } } },
  { name: 'an unknown trigger type', spec: { trigger: 'weekly' } },
  { name: 'no trigger', spec: { trigger: undefined }, modify: false },
  { name: 'an unknown executor', spec: { executor: 'thread' } },
  { name: 'retry_jitter above 1', spec: { retry_jitter: 2 } },
  { name: 'a retry_delay_max below retry_delay', spec: { retry_delay: 60, retry_delay_max: 10 } },
  { name: 'a zero timeout', spec: { timeout: 0 } },
];

const TASK_MODULE = 'export async function run() {}\n';

function specOf(c: Case): Record<string, unknown> {
  return Object.fromEntries(Object.entries({ ...VALID, ...c.spec }).filter(([, v]) => v !== undefined));
}

/** The error the YAML gives for the case: loadConfig's, or (for the task) start-up's task check. */
async function yamlError(root: string, c: Case, spec: Record<string, unknown>): Promise<{ path: string; reason: string }> {
  const id = c.id ?? 'report';
  try {
    const config = loadConfig({ root, env: {} });
    await checkTasks(join(root, 'tasks'), config.tasks.map((t) => t.task));
  } catch (error) {
    if (error instanceof ConfigError) {
      assert.equal(error.file, 'config/dev.yaml');
      // What YAML says at the task's own key, the API says at the spec (`id` for the id rule).
      const path = error.path === `tasks.${id}` ? (c.id === undefined ? '' : 'id') : error.path.replace(`tasks.${id}.`, '');
      return { path, reason: error.reason };
    }
    if (error instanceof Error && error.name === 'TaskLoadError') return { path: 'task', reason: error.message };
    throw error;
  }
  assert.fail(`the YAML accepted ${JSON.stringify(spec)}`);
}

// The one reason that lists keys: a YAML task has `enabled`, an API spec has `id` and `paused`.
// (modifyJob's changes have no `paused`: pauseJob and resumeJob change it.)
function apiKeys(reason: string, call: 'add' | 'modify'): string {
  const unknown = 'unknown key (expected one of: ';
  if (!reason.startsWith(unknown)) return reason;
  assert.ok(reason.endsWith(', timeout, enabled)'), reason);
  return `${unknown}id, ${reason.slice(unknown.length, -', enabled)'.length)}${call === 'add' ? ', paused' : ''})`;
}

function service(root: string): { jobs: JobsService; store: MemoryStore } {
  const store = new MemoryStore();
  const jobs = new JobsService({
    store,
    clock: new FakeClock('2025-03-01T12:00:00Z'),
    settings: { timezone: 'UTC', jobDefaults: APSCHEDULER_DEFAULTS },
    tasks: taskCatalog(join(root, 'tasks')),
    origin: 'library',
  });
  return { jobs, store };
}

function assertSame(error: unknown, expected: { path: string; reason: string }, id: string, call: 'add' | 'modify'): true {
  assert.ok(error instanceof JobSpecError, `a JobSpecError, got ${String(error)}`);
  assert.equal(error.reason, apiKeys(expected.reason, call));
  assert.equal(error.path, expected.path);
  if (expected.path !== 'id') assert.equal(error.file, `job ${id}`);
  assert.equal(error.message.includes('\n'), false, 'one line');
  return true;
}

describe('a bad job spec: the YAML error, from the job API', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const id = c.id ?? 'report';
      const spec = specOf(c);
      const root = project({ 'config/dev.yaml': yaml.dump({ tasks: { [id]: spec } }), 'tasks/echo.ts': TASK_MODULE });
      const expected = await yamlError(root, c, spec);
      const { jobs, store } = service(root);

      await assert.rejects(jobs.addJob({ id, ...spec } as never), (error) => assertSame(error, expected, id, 'add'));
      assert.deepEqual(await store.listJobs(), [], 'addJob wrote nothing');

      if (c.id !== undefined || c.modify === false) return; // modifyJob cannot name a job that could not be added
      await jobs.addJob({ id, ...VALID } as never);
      const before = await store.getJob(id);
      await assert.rejects(jobs.modifyJob(id, c.spec as never), (error) => assertSame(error, expected, id, 'modify'));
      assert.deepEqual(await store.getJob(id), before, 'modifyJob wrote nothing');
    });
  }
});
