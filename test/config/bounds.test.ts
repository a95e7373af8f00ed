// Issue 10 §4: every value is bounded at load to what the store (INT, TEXT, DATETIME columns) and
// the runtime can hold, so the database never refuses a configured value with a raw error.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { storableJson } from '../../src/config/json.js';
import { ConfigNode } from '../../src/config/reader.js';
import { loadError, project } from './helpers.js';

const task = (extra: string, trigger = 'interval', args = '{ seconds: 5 }') =>
  `tasks:\n  t:\n    trigger: ${trigger}\n    args: ${args}\n${extra}`;

const inTasks = (text: string) => ({ 'env.yaml': '', 'config/dev.yaml': text });
const inEnv = (text: string) => ({ 'env.yaml': text, 'config/dev.yaml': task('') });

// [name, files, key path, reason]
const REFUSED: [string, Record<string, string>, string, RegExp][] = [
  ['max_attempts ≥ 2^31 (INT)', inTasks(task('    max_attempts: 2147483648\n')), 'tasks.t.max_attempts', /^must be at most 2147483647, got 2147483648$/],
  ['max_instances ≥ 2^31 (INT)', inTasks(task('    max_instances: 1e12\n')), 'tasks.t.max_instances', /^must be at most 2147483647/],
  ['job_defaults.max_instances ≥ 2^31', inEnv('scheduler:\n  job_defaults:\n    max_instances: 4294967296\n'), 'scheduler.job_defaults.max_instances', /^must be at most 2147483647/],
  ['retry_delay: 1e300', inTasks(task('    retry_delay: 1e300\n')), 'tasks.t.retry_delay', /^must be at most 315360000, got 1e\+300$/],
  ['timeout: 1e300', inTasks(task('    timeout: 1e300\n')), 'tasks.t.timeout', /^must be at most 315360000/],
  ['misfire_grace_time: 1e300', inTasks(task('    misfire_grace_time: 1e300\n')), 'tasks.t.misfire_grace_time', /^must be at most 315360000/],
  ['job_defaults.misfire_grace_time: 1e300', inEnv('scheduler:\n  job_defaults:\n    misfire_grace_time: 1e300\n'), 'scheduler.job_defaults.misfire_grace_time', /^must be at most/],
  ['lease_timeout: 1e12', inEnv('scheduler:\n  lease_timeout: 1e12\n'), 'scheduler.lease_timeout', /^must be at most 86400/],
  ['shutdown_timeout: 1e12', inEnv('scheduler:\n  shutdown_timeout: 1e12\n'), 'scheduler.shutdown_timeout', /^must be at most 315360000/],
  ['poll_interval: 1e9', inEnv('scheduler:\n  poll_interval: 1e9\n'), 'scheduler.poll_interval', /^must be at most 86400/],
  ['heartbeat_interval: 1e9', inEnv('scheduler:\n  heartbeat_interval: 1e9\n'), 'scheduler.heartbeat_interval', /^must be at most 86400/],
  ['heartbeat_interval not below lease_timeout', inEnv('scheduler:\n  heartbeat_interval: 30\n  lease_timeout: 30\n'), 'scheduler.heartbeat_interval', /^must be shorter than scheduler\.lease_timeout \(30s\)$/],
  ['lease_timeout below the default heartbeat', inEnv('scheduler:\n  lease_timeout: 3\n'), 'scheduler.lease_timeout', /^must be longer than scheduler\.heartbeat_interval \(5s\)$/],
  ['clock_skew_warning: 1e300', inEnv('scheduler:\n  clock_skew_warning: 1e300\n'), 'scheduler.clock_skew_warning', /^must be at most 86400/],
  ['batch_size: 1e9', inEnv('scheduler:\n  batch_size: 1000000000\n'), 'scheduler.batch_size', /^must be at most 10000/],
  ['default_threads: 1e6', inEnv('scheduler:\n  executors:\n    default_threads: 1000000\n'), 'scheduler.executors.default_threads', /^must be at most 1000/],
  ['process_pool: 1e6', inEnv('scheduler:\n  executors:\n    process_pool: 1000000\n'), 'scheduler.executors.process_pool', /^must be at most 1000/],
  ['http.port: 70000', inEnv('http:\n  port: 70000\n'), 'http.port', /^must be at most 65535, got 70000$/],
  ['retention_days: 1e300', inEnv('runs:\n  retention_days: 1e300\n'), 'runs.retention_days', /^must be at most 36500/],
  ['interval seconds: 1e300', inTasks(task('', 'interval', '{ seconds: 1e300 }')), 'tasks.t.args', /^the interval adds up to more than 315360000 seconds \(10 years\)$/],
  ['interval weeks: 1e305 (Infinity ms)', inTasks(task('', 'interval', '{ weeks: 1e305 }')), 'tasks.t.args', /more than 315360000 seconds/],
  ['jitter: 1e300', inTasks(task('', 'interval', '{ seconds: 5, jitter: 1e300 }')), 'tasks.t.args.jitter', /^must be at most 315360000/],
  ['cron jitter: 1e12', inTasks(task('', 'cron', '{ hour: 1, jitter: 1e12 }')), 'tasks.t.args.jitter', /^must be at most 315360000/],
  ['run_date past 9999 in UTC', inTasks(task('', 'date', '{ run_date: "9999-12-31 23:00:00", timezone: "Etc/GMT+12" }')), 'tasks.t.args.run_date', /outside the years 1000–9999 \(UTC\)/],
  ['run_date before year 1000', inTasks(task('', 'date', '{ run_date: "0999-01-01" }')), 'tasks.t.args.run_date', /outside the years 1000–9999/],
  ['interval end_date past 9999', inTasks(task('', 'interval', '{ seconds: 5, end_date: "9999-12-31T23:59:59-05:00" }')), 'tasks.t.args.end_date', /outside the years/],
  ['cron start_date past 9999', inTasks(task('', 'cron', '{ hour: 1, start_date: "9999-12-31 23:30-01:00" }')), 'tasks.t.args.start_date', /outside the years/],
  ['params over 64 KB as JSON', inTasks(task(`    params: { blob: "${'x'.repeat(65_530)}" }\n`)), 'tasks.t.params', /^is more than 65535 bytes as JSON/],
  ['params over 64 KB in utf8mb4 bytes (fewer characters)', inTasks(task(`    params: { blob: "${'é'.repeat(33_000)}" }\n`)), 'tasks.t.params', /^is more than 65535 bytes/],
  ['params holding .inf', inTasks(task('    params: { big: .inf }\n')), 'tasks.t.params', /^holds Infinity, which JSON cannot/],
  ['trigger_args over 64 KB', inTasks(task('', 'cron', `{ hour: 1, timezone: "UTC", crontab_note: "${'x'.repeat(70_000)}" }`)), 'tasks.t.args', /^is more than 65535 bytes/],
  ['task module name over 191 characters', inTasks(task(`    task: ${'m'.repeat(192)}\n`)), 'tasks.t.task', /^a module name may be at most 191 characters, got 192$/],
];

describe('loadConfig: values the store or the runtime cannot hold are refused at their key', () => {
  for (const [name, files, path, reason] of REFUSED) {
    it(name, () => {
      const error = loadError(files);
      assert.equal(error.path, path, error.message);
      assert.match(error.reason, reason);
    });
  }

  it('the largest accepted values load', () => {
    const root = project({
      'env.yaml': 'scheduler:\n  lease_timeout: 86400\n  heartbeat_interval: 3600\n  shutdown_timeout: 315360000\nhttp:\n  port: 65535\n',
      'config/dev.yaml': task('    max_attempts: 2147483647\n    max_instances: 2147483647\n    retry_delay: 315360000\n    timeout: 315360000\n',
        'date', '{ run_date: "9999-12-31 23:59:59" }'),
    });
    const { settings, tasks } = loadConfig({ root, env: {} });
    assert.equal(settings.http.port, 65535);
    assert.equal(tasks[0]?.maxAttempts, 2147483647);
  });
});

describe('loadConfig: logging.file', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a directory', { 'logs/.keep': '' }, /^"logs" is a directory \(expected a file path\)$/],
    ['a path under a regular file', { 'logs': 'a file' }, /^"logs\/scheduler\.log" cannot be created: \/.*\/logs is not a directory$/],
    ['a path nobody can create (even root)', {}, /^"\/proc\/scheduler\.log" cannot be created: \/proc is not writable$/],
  ];
  const fileFor = (name: string) => (name === 'a path under a regular file' ? 'logs/scheduler.log' : name === 'a directory' ? 'logs' : '/proc/scheduler.log');
  for (const [name, extra, reason] of cases) {
    it(`${name} is refused at logging.file`, () => {
      const error = loadError({ 'env.yaml': `logging:\n  file: ${fileFor(name)}\n`, 'config/dev.yaml': task(''), ...extra });
      assert.equal(error.path, 'logging.file');
      assert.match(error.reason, reason);
    });
  }

  it('a file in a directory still to be created is accepted, and nothing is left behind', () => {
    const root = project({ 'env.yaml': 'logging:\n  file: logs/deep/scheduler.log\n', 'config/dev.yaml': task('') });
    assert.equal(loadConfig({ root, env: {} }).settings.logging.file, 'logs/deep/scheduler.log');
    assert.deepEqual(readdirSync(root).sort(), ['config', 'env.yaml'], 'no probe file, no directory created');
  });
});

describe('params size is counted exactly as the store writes it (JSON.stringify, UTF-8 bytes)', () => {
  const mixed = { 'ключ': ['a"b\n', 1.5, -0, true, null, { deep: [[], {}] }], emoji: '😀\u0001', n: 1e21 };
  const sizeWith = (pad: number) => Buffer.byteLength(JSON.stringify({ ...mixed, pad: 'x'.repeat(pad) }), 'utf8');
  const exact = 65_535 - sizeWith(0);

  // YAML stops at 100 levels itself (a syntax error); the job API's JSON does not.
  it('100 levels of nesting are accepted, 101 refused', () => {
    const nested = (levels: number): unknown => (levels === 1 ? {} : { a: nested(levels - 1) });
    const node = (levels: number) => new ConfigNode('config/dev.yaml', 'tasks.t.params', nested(levels));
    assert.deepEqual(storableJson(node(100)), nested(100));
    assert.throws(() => storableJson(node(101)), /tasks\.t\.params: is nested more than 100 levels deep/);
  });

  it('65,535 bytes are accepted, 65,536 refused', () => {
    assert.equal(sizeWith(exact), 65_535);
    const node = (pad: number) => new ConfigNode('config/dev.yaml', 'tasks.t.params', { ...mixed, pad: 'x'.repeat(pad) });
    assert.deepEqual(storableJson(node(exact)), { ...mixed, pad: 'x'.repeat(exact) });
    assert.throws(() => storableJson(node(exact + 1)), /tasks\.t\.params: is more than 65535 bytes as JSON/);
  });
});
