// Issue 10 §5: ${VAR} is substituted into parsed scalar values, never into the YAML text: a value
// cannot inject keys or tasks, comments are never interpolated, and $${ writes a literal ${.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { DEFAULT_JOBSTORE_URL } from '../../src/config/url.js';
import { project } from './helpers.js';

const ONE_TASK = 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 10 }\n';

function load(envYaml: string, env: Record<string, string>, tasksYaml = ONE_TASK) {
  return loadConfig({ root: project({ 'env.yaml': envYaml, 'config/dev.yaml': tasksYaml }), env });
}

function loadError(envYaml: string, env: Record<string, string>, tasksYaml = ONE_TASK): ConfigError {
  try {
    load(envYaml, env, tasksYaml);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('accepted');
}

describe('${VAR} substitution into values', () => {
  it('a value holding YAML cannot add a task: it stays one string', () => {
    const injected = 'x\n  evil:\n    trigger: interval\n    args: { seconds: 1 }';
    const { tasks } = load('', { GREETING: injected }, `${ONE_TASK}    params: { greeting: "\${GREETING}", plain: \${GREETING} }\n`);
    assert.deepEqual(tasks.map((t) => t.id), ['tick']);
    assert.deepEqual(tasks[0]?.params, { greeting: injected, plain: injected });
  });

  it('a value cannot become a mapping or a list', () => {
    const { tasks } = load('', { V: '{ a: 1 }', L: '[1, 2]' }, `${ONE_TASK}    params: { v: \${V}, l: \${L} }\n`);
    assert.deepEqual(tasks[0]?.params, { v: '{ a: 1 }', l: '[1, 2]' });
  });

  it('a password with " #" is read whole: never cut into a comment, never echoed', () => {
    const error = loadError('scheduler:\n  jobstore:\n    url: ${DB_URL}\n', { DB_URL: 'mysql://admin:S3cret #tail@db:3306/app' });
    assert.equal(error.path, 'scheduler.jobstore.url');
    assert.ok(!error.message.includes('S3cret') && !error.message.includes('tail'), error.message);
    const encoded = 'mysql://admin:S3cret%20%23tail@db:3306/app';
    assert.equal(load('scheduler:\n  jobstore:\n    url: ${DB_URL}\n', { DB_URL: encoded }).settings.jobstoreUrl, encoded);
  });

  it('a whole plain reference is read as a YAML scalar: numbers, null, booleans; quoted ones stay strings', () => {
    const envYaml = 'scheduler:\n  shutdown_timeout: ${GRACE}\nhttp:\n  port: ${HTTP_PORT:-null}\n';
    assert.equal(load(envYaml, { GRACE: '12' }).settings.shutdownTimeout, 12);
    assert.equal(load(envYaml, { GRACE: '1' }).settings.http.port, null);
    assert.equal(load(envYaml, { GRACE: '1', HTTP_PORT: '8080' }).settings.http.port, 8080);
    const { tasks } = load('', { N: '3', B: 'true', E: '' }, `${ONE_TASK}    params: { n: \${N}, q: "\${N}", b: \${B}, e: \${E:-}, mixed: a\${N}b }\n`);
    assert.deepEqual(tasks[0]?.params, { n: 3, q: '3', b: true, e: null, mixed: 'a3b' });
  });

  it('an empty default is an absent value, as before (url: ${JOBSTORE_URL:-} → the default store)', () => {
    const { settings } = load('scheduler:\n  jobstore:\n    url: ${JOBSTORE_URL:-}\nlogging:\n  file: ${LOG_FILE:-}\n', {});
    assert.equal(settings.jobstoreUrl, DEFAULT_JOBSTORE_URL);
    assert.equal(settings.logging.file, null);
  });

  it('references inside flow mappings work unquoted, as before', () => {
    const { tasks } = load('', { EVERY: '7' }, 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: ${EVERY:-10} }\n');
    assert.deepEqual(tasks[0]?.triggerArgs, { seconds: 7 });
  });

  it('a ${VAR} inside a comment is ignored, even an unset one or a malformed one', () => {
    const { settings } = load('# set ${NOT_SET} and ${1bad} here\nscheduler:\n  timezone: UTC   # or ${ZONE}\n', {});
    assert.equal(settings.timezone, 'UTC');
  });

  it('$${ is a literal ${, in plain and quoted values', () => {
    const { tasks } = load('', { X: 'no' }, `${ONE_TASK}    params: { a: "$\${X}", b: cost $\${X} here, c: $\${X} }\n`);
    assert.deepEqual(tasks[0]?.params, { a: '${X}', b: 'cost ${X} here', c: '${X}' });
  });

  it('an aliased reference is substituted at every use', () => {
    const { tasks } = load('', { X: 'v' }, `${ONE_TASK}    params: { a: &x \${X}, b: *x, list: &l ["\${X}"], again: *l }\n`);
    assert.deepEqual(tasks[0]?.params, { a: 'v', b: 'v', list: ['v'], again: ['v'] });
  });
});

describe('${VAR} errors name the file and the key path of the scalar', () => {
  it('an unset variable without a default', () => {
    const error = loadError('scheduler:\n  jobstore:\n    url: ${DB_URL}\n', {});
    assert.equal(error.message, 'env.yaml: scheduler.jobstore.url: environment variable DB_URL is not set (write ${DB_URL:-} for an empty default)');
  });

  it('inside a task of the tasks file', () => {
    const error = loadError('', {}, `${ONE_TASK}    params: { list: [a, "x\${NOPE}"] }\n`);
    assert.equal(error.message, 'config/dev.yaml: tasks.tick.params.list.1: environment variable NOPE is not set (write ${NOPE:-} for an empty default)');
  });

  it('a malformed reference in a value', () => {
    const error = loadError('scheduler:\n  timezone: ${1ZONE}\n', {});
    assert.equal(error.path, 'scheduler.timezone');
    assert.match(error.reason, /write \$\$\{ for a literal \$\{/);
  });

  it('a reference in a key', () => {
    const error = loadError('', { T: 'x' }, 'tasks:\n  ${T}:\n    trigger: interval\n    args: { seconds: 1 }\n');
    assert.equal(error.message, 'config/dev.yaml: tasks.${…}: ${…} is substituted in values only, not in keys');
  });
});

describe('the shipped files load as before', () => {
  it('env.yaml and config/dev.yaml', () => {
    const repo = new URL('../../', import.meta.url).pathname;
    const plain = loadConfig({ root: repo, env: {} });
    assert.equal(plain.settings.jobstoreUrl, DEFAULT_JOBSTORE_URL);
    assert.equal(plain.settings.http.port, null);
    assert.deepEqual(plain.tasks.map((t) => t.id), ['task1', 'task2', 'flaky']);
    const set = loadConfig({ root: repo, env: { JOBSTORE_URL: 'mysql://u:p@db:3306/app', HTTP_PORT: '9100' } });
    assert.equal(set.settings.jobstoreUrl, 'mysql://u:p@db:3306/app');
    assert.equal(set.settings.http.port, 9100);
  });
});
