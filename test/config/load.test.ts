// loadConfig on good input: SPEC §3 defaults, ${VAR} interpolation, environment overrides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { project } from './helpers.js';

const ONE_TASK = 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 10 }\n';

describe('loadConfig: defaults', () => {
  it('absent keys take APScheduler’s defaults (coalesce true, max_instances 1, misfire_grace_time 1)', () => {
    const root = project({ 'env.yaml': '', 'config/dev.yaml': ONE_TASK });
    const { settings, tasks, files } = loadConfig({ root, env: {} });
    assert.deepEqual(settings.jobDefaults, { coalesce: true, maxInstances: 1, misfireGraceTime: 1 });
    assert.equal(settings.timezone, 'UTC');
    assert.equal(settings.jobstoreUrl, 'sqlite:data/scheduler.db', 'the zero-setup default');
    assert.deepEqual(settings.jobstoreUrlKey, { file: 'env.yaml', path: 'scheduler.jobstore.url' });
    assert.equal(settings.appEnv, 'dev');
    assert.equal(settings.root, root);
    assert.deepEqual(settings.logging, { level: 'info', file: null });
    assert.deepEqual(settings.http, { port: null, host: '127.0.0.1', api: { enabled: false, tokens: [], emptyTokens: [], allowedHosts: [] } });
    assert.equal(settings.shutdownTimeout, 30);
    assert.deepEqual(files, { env: 'env.yaml', tasks: 'config/dev.yaml' });
    assert.deepEqual(tasks, [{
      id: 'tick', task: 'tick', triggerType: 'interval', triggerArgs: { seconds: 10 }, timezone: 'UTC', params: {}, executor: 'default',
      coalesce: true, maxInstances: 1, misfireGraceTime: 1, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, timeout: null,
    }]);
  });

  it('a missing env.yaml is all defaults too', () => {
    const root = project({ 'config/dev.yaml': ONE_TASK });
    assert.deepEqual(loadConfig({ root, env: {} }).settings.jobDefaults, { coalesce: true, maxInstances: 1, misfireGraceTime: 1 });
  });

  it('an explicit null misfire_grace_time means no limit, in env.yaml and per task', () => {
    const root = project({
      'env.yaml': 'scheduler:\n  job_defaults:\n    misfire_grace_time: null\n',
      'config/dev.yaml': `${ONE_TASK}  strict:\n    trigger: interval\n    args: { seconds: 5 }\n    misfire_grace_time: 3\n`,
    });
    const { settings, tasks } = loadConfig({ root, env: {} });
    assert.deepEqual(settings.jobDefaults, { coalesce: true, maxInstances: 1, misfireGraceTime: null });
    assert.deepEqual(tasks.map((t) => [t.id, t.misfireGraceTime]), [['tick', null], ['strict', 3]]);

    const perTask = project({
      'env.yaml': 'scheduler:\n  job_defaults:\n    misfire_grace_time: 60\n',
      'config/dev.yaml': `${ONE_TASK}  patient:\n    trigger: interval\n    args: { seconds: 5 }\n    misfire_grace_time: null\n`,
    });
    assert.deepEqual(loadConfig({ root: perTask, env: {} }).tasks.map((t) => [t.id, t.misfireGraceTime]), [['tick', 60], ['patient', null]]);
  });

  it('job_defaults from env.yaml apply to every task unless the task sets its own', () => {
    const root = project({
      'env.yaml': 'scheduler:\n  timezone: Europe/Paris\n  job_defaults:\n    coalesce: false\n    max_instances: 3\n    misfire_grace_time: 60\n',
      'config/dev.yaml': `${ONE_TASK}  own:
    trigger: cron
    args: { hour: 12, minute: 0 }
    task: reports/daily
    params: { to: ops }
    executor: process
    timezone: America/New_York
    coalesce: true
    max_instances: 2
    misfire_grace_time: 5
    max_attempts: 5
    retry_delay: 2.5
    timeout: 30
  off:
    trigger: interval
    args: { seconds: 1 }
    enabled: false
`,
    });
    const { tasks } = loadConfig({ root, env: {} });
    assert.deepEqual(tasks, [
      {
        id: 'tick', task: 'tick', triggerType: 'interval', triggerArgs: { seconds: 10 }, timezone: 'Europe/Paris', params: {}, executor: 'default',
        coalesce: false, maxInstances: 3, misfireGraceTime: 60, maxAttempts: 1, retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, timeout: null,
      },
      {
        id: 'own', task: 'reports/daily', triggerType: 'cron', triggerArgs: { hour: 12, minute: 0 }, timezone: 'America/New_York', params: { to: 'ops' },
        executor: 'process', coalesce: true, maxInstances: 2, misfireGraceTime: 5, maxAttempts: 5, retryDelay: 2.5, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0, timeout: 30,
      },
    ]);
  });
});

describe('loadConfig: ${VAR} interpolation', () => {
  const files = {
    'env.yaml': 'scheduler:\n  timezone: ${TZ_NAME}\n  shutdown_timeout: ${GRACE:-12}\nlogging:\n  file: ${LOG_FILE:-}\n',
    'config/dev.yaml': 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: ${EVERY:-10} }\n    params: { greeting: "${GREETING:-hello world}" }\n',
  };

  it('replaces ${NAME} and uses the default of ${NAME:-default} when NAME is unset or empty', () => {
    const root = project(files);
    const { settings, tasks } = loadConfig({ root, env: { TZ_NAME: 'Asia/Tokyo', EVERY: '' } });
    assert.equal(settings.timezone, 'Asia/Tokyo');
    assert.equal(settings.shutdownTimeout, 12);
    assert.equal(settings.logging.file, null, 'an empty default is an empty value (null in YAML)');
    assert.deepEqual(tasks[0]?.triggerArgs, { seconds: 10 });
    assert.deepEqual(tasks[0]?.params, { greeting: 'hello world' });
    assert.equal(tasks[0]?.timezone, 'Asia/Tokyo');
  });

  it('prefers the variable’s value over the default, and values are parsed after substitution', () => {
    const root = project(files);
    const { settings, tasks } = loadConfig({ root, env: { TZ_NAME: 'UTC', GRACE: '45', LOG_FILE: '/tmp/x.log', EVERY: '3', GREETING: 'hi' } });
    assert.equal(settings.shutdownTimeout, 45);
    assert.equal(settings.logging.file, '/tmp/x.log');
    assert.deepEqual(tasks[0]?.triggerArgs, { seconds: 3 });
    assert.deepEqual(tasks[0]?.params, { greeting: 'hi' });
  });
});

describe('loadConfig: environment overrides', () => {
  const files = {
    'env.yaml': 'scheduler:\n  jobstore:\n    url: ${JOBSTORE_URL:-mysql://file@db:3306/from_file}\nlogging:\n  level: warn\n',
    'config/dev.yaml': ONE_TASK,
    'config/prod.yaml': 'tasks:\n  nightly:\n    trigger: cron\n    args: { hour: 2 }\n',
  };

  it('uses the file’s values without overrides', () => {
    const { settings, tasks } = loadConfig({ root: project(files), env: {} });
    assert.equal(settings.jobstoreUrl, 'mysql://file@db:3306/from_file');
    assert.equal(settings.logging.level, 'warn');
    assert.deepEqual(tasks.map((t) => t.id), ['tick']);
  });

  it('JOBSTORE_URL always wins over the file', () => {
    const literal = project({ ...files, 'env.yaml': 'scheduler:\n  jobstore:\n    url: mysql://file@db:3306/from_file\n' });
    assert.equal(loadConfig({ root: literal, env: { JOBSTORE_URL: 'mysql://env:secret@other:3307/from_env' } }).settings.jobstoreUrl, 'mysql://env:secret@other:3307/from_env');
    assert.equal(loadConfig({ root: project(files), env: { JOBSTORE_URL: 'mysql://env@h:3306/x' } }).settings.jobstoreUrl, 'mysql://env@h:3306/x');
  });

  it('takes sqlite: and memory: URLs as written (sqlite paths are resolved when the store opens)', () => {
    const root = project({ ...files, 'env.yaml': '' });
    for (const url of ['sqlite:data/scheduler.db', 'sqlite:/var/lib/scheduler/jobs.db', 'sqlite::memory:', 'memory:']) {
      assert.equal(loadConfig({ root, env: { JOBSTORE_URL: url } }).settings.jobstoreUrl, url);
    }
    assert.deepEqual(loadConfig({ root, env: { JOBSTORE_URL: 'memory:' } }).settings.jobstoreUrlKey, { file: 'environment', path: 'JOBSTORE_URL' });
  });

  it('APP_ENV picks config/<APP_ENV>.yaml', () => {
    const { settings, tasks, files: read } = loadConfig({ root: project(files), env: { APP_ENV: 'prod' } });
    assert.equal(settings.appEnv, 'prod');
    assert.equal(read.tasks, 'config/prod.yaml');
    assert.deepEqual(tasks.map((t) => [t.id, t.triggerType]), [['nightly', 'cron']]);
  });

  it('LOG_LEVEL overrides logging.level', () => {
    assert.equal(loadConfig({ root: project(files), env: { LOG_LEVEL: 'debug' } }).settings.logging.level, 'debug');
  });
});
