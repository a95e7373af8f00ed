// createScheduler's `config` object is read by the code that reads env.yaml and config/<env>.yaml:
// the same values give the same Config, and the same mistakes the same reason at the same key
// path, with `options.config` for the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { configFromObject } from '../../src/config/options.js';
import { loadError, project } from './helpers.js';

const NOW = new Date('2030-01-01T00:00:00Z');

function objectError(value: unknown): ConfigError {
  try {
    configFromObject(value, { root: project({}), now: NOW });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('configFromObject accepted the value');
}

// Each case: the env.yaml part and the tasks part, as the files would hold them.
const CASES: Array<{ name: string; env?: Record<string, unknown>; tasks?: Record<string, unknown> }> = [
  { name: 'unknown time zone', env: { scheduler: { timezone: 'Mars/Base' } } },
  { name: 'poll_interval below its minimum', env: { scheduler: { poll_interval: 0 } } },
  { name: 'heartbeat not shorter than the lease', env: { scheduler: { heartbeat_interval: 40, lease_timeout: 30 } } },
  { name: 'unsupported jobstore scheme', env: { scheduler: { jobstore: { url: 'postgres://db/x' } } } },
  { name: 'unknown key under scheduler', env: { scheduler: { threads: 4 } } },
  { name: 'API enabled without a port', env: { http: { api: { enabled: true } } } },
  { name: 'a cron field out of range', tasks: { report: { trigger: 'cron', args: { hour: 25 } } } },
  { name: 'an unknown task key', tasks: { report: { trigger: 'interval', args: { seconds: 5 }, retries: 3 } } },
  { name: 'a zero interval', tasks: { report: { trigger: 'interval', args: { seconds: 0 } } } },
  { name: 'params that are not a mapping', tasks: { report: { trigger: 'interval', args: { seconds: 5 }, params: [1, 2] } } },
  { name: 'a task id with a space', tasks: { 'my report': { trigger: 'interval', args: { seconds: 5 } } } },
];

describe('the config option', () => {
  for (const c of CASES) {
    it(`refuses ${c.name} as the files do, at the same key`, () => {
      const fromFiles = loadError({ 'env.yaml': yaml.dump(c.env ?? {}), 'config/dev.yaml': yaml.dump({ tasks: c.tasks ?? {} }) });
      const fromObject = objectError({ ...c.env, tasks: c.tasks });
      assert.equal(fromObject.file, 'options.config');
      assert.equal(fromObject.path, fromFiles.path);
      assert.equal(fromObject.reason, fromFiles.reason);
      assert.equal(fromObject.message, `options.config: ${fromFiles.path}: ${fromFiles.reason}`);
    });
  }

  it('names every key it takes when given an unknown one', () => {
    const error = objectError({ schedule: {} });
    assert.equal(error.message, 'options.config: schedule: unknown key (expected one of: scheduler, logging, http, runs, tasks)');
  });

  it('refuses a value that is not an object', () => {
    assert.equal(objectError('env.yaml').message, 'options.config: expected a mapping, got "env.yaml"');
  });

  it('reads the same settings and jobs as the files hold', () => {
    const env = { scheduler: { timezone: 'Europe/Paris', job_defaults: { max_instances: 3 }, poll_interval: 1 }, logging: { level: 'warn' } };
    const tasks = { report: { trigger: 'cron', args: { hour: 9 }, params: { to: 'ops' }, max_attempts: 2 }, off: { trigger: 'date', args: { run_date: '2031-01-01' }, enabled: false } };
    const root = project({ 'env.yaml': yaml.dump(env), 'config/dev.yaml': yaml.dump({ tasks }) });
    const files = loadConfig({ root, env: {}, now: NOW });
    const object = configFromObject({ ...env, tasks }, { root, now: NOW });
    assert.deepEqual(object.tasks, files.tasks);
    assert.deepEqual({ ...object.settings, appEnv: 'dev', jobstoreUrlKey: null }, { ...files.settings, jobstoreUrlKey: null });
    assert.deepEqual(object.files, { env: 'options.config', tasks: 'options.config' });
  });

});
