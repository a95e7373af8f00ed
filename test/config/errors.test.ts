// loadConfig on bad input: every problem is one ConfigError whose message is
// `<file>: <key.path>: <reason>` (file-level problems such as YAML syntax have no key path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { project } from './helpers.js';

interface Case {
  name: string;
  files: Record<string, string>;
  env?: Record<string, string>;
  file: string;
  path: string;
  reason: string | RegExp;
}

const task = (extra: string, trigger = 'interval', args = '{ seconds: 5 }') =>
  `tasks:\n  t:\n    trigger: ${trigger}\n    args: ${args}\n${extra}`;
const tasks = (text: string) => ({ 'env.yaml': '', 'config/dev.yaml': text });
const env = (text: string) => ({ 'env.yaml': text, 'config/dev.yaml': task('') });

const CASES: Case[] = [
  {
    name: 'YAML syntax error',
    files: env('scheduler: [\n  a: b\n'),
    file: 'env.yaml', path: '', reason: /^YAML syntax error at line 3, column 1: /,
  },
  {
    name: 'YAML syntax error in the tasks file',
    files: tasks('tasks:\n  t:\n    trigger: interval\n   args: { seconds: 5 }\n'),
    file: 'config/dev.yaml', path: '', reason: /^YAML syntax error at line \d+, column \d+: /,
  },
  {
    name: 'unknown top-level key in env.yaml',
    files: env('bogus: 1\n'),
    file: 'env.yaml', path: 'bogus', reason: 'unknown key (expected one of: scheduler, logging, http, runs)',
  },
  {
    name: 'unknown top-level key in the tasks file',
    files: tasks('task:\n  t:\n    trigger: interval\n'),
    file: 'config/dev.yaml', path: 'task', reason: 'unknown key (expected one of: tasks)',
  },
  {
    name: 'unknown task key',
    files: tasks(task('    colour: red\n')),
    file: 'config/dev.yaml', path: 'tasks.t.colour', reason: /^unknown key \(expected one of: trigger, args, task, params, /,
  },
  {
    name: 'wrong type (boolean)',
    files: tasks(task('    coalesce: "yes"\n')),
    file: 'config/dev.yaml', path: 'tasks.t.coalesce', reason: 'expected true or false, got "yes"',
  },
  {
    name: 'wrong type (number)',
    files: tasks(task('    max_instances: three\n')),
    file: 'config/dev.yaml', path: 'tasks.t.max_instances', reason: 'expected a number, got "three"',
  },
  {
    name: 'wrong type (args a list)',
    files: tasks(task('', 'interval', '[1]')),
    file: 'config/dev.yaml', path: 'tasks.t.args', reason: 'expected a mapping, got a list',
  },
  {
    name: 'wrong type in env.yaml',
    files: env('scheduler:\n  executors:\n    default_threads: many\n'),
    file: 'env.yaml', path: 'scheduler.executors.default_threads', reason: 'expected a number, got "many"',
  },
  {
    name: 'max_attempts 0',
    files: tasks(task('    max_attempts: 0\n')),
    file: 'config/dev.yaml', path: 'tasks.t.max_attempts', reason: 'must be at least 1, got 0',
  },
  {
    name: 'negative retry_delay',
    files: tasks(task('    retry_delay: -1\n')),
    file: 'config/dev.yaml', path: 'tasks.t.retry_delay', reason: 'must be at least 0, got -1',
  },
  {
    name: 'missing trigger',
    files: tasks('tasks:\n  t:\n    args: { seconds: 5 }\n'),
    file: 'config/dev.yaml', path: 'tasks.t', reason: 'missing key "trigger" (interval, cron or date)',
  },
  {
    name: 'bad trigger name',
    files: tasks(task('', 'weekly')),
    file: 'config/dev.yaml', path: 'tasks.t.trigger', reason: '"weekly" is not one of: interval, cron, date',
  },
  {
    name: 'cron field out of range (hour 25)',
    files: tasks(task('', 'cron', '{ hour: 25 }')),
    file: 'config/dev.yaml', path: 'tasks.t.args.hour', reason: '25 is out of range for hour (0-23)',
  },
  {
    name: 'bad cron weekday name',
    files: tasks(task('', 'cron', '{ day_of_week: funday }')),
    file: 'config/dev.yaml', path: 'tasks.t.args.day_of_week', reason: '"funday" is not a weekday name (names: mon, tue, wed, thu, fri, sat, sun)',
  },
  {
    name: 'crontab with four fields',
    files: tasks(task('', 'cron', '{ crontab: "*/5 * * *" }')),
    file: 'config/dev.yaml', path: 'tasks.t.args.crontab', reason: /./,
  },
  {
    name: 'unknown trigger argument',
    files: tasks(task('', 'interval', '{ secs: 5 }')),
    file: 'config/dev.yaml', path: 'tasks.t.args.secs', reason: /^unknown argument for an? interval trigger \(expected one of: weeks, days, hours, minutes, seconds, /,
  },
  {
    name: 'interval of zero length',
    files: tasks(task('', 'interval', '{}')),
    file: 'config/dev.yaml', path: 'tasks.t.args', reason: 'an interval needs at least one of weeks, days, hours, minutes, seconds above zero',
  },
  {
    name: 'unknown timezone on a task',
    files: tasks(task('    timezone: Mars/Olympus\n', 'cron', '{ hour: 1 }')),
    file: 'config/dev.yaml', path: 'tasks.t.timezone', reason: 'unknown time zone "Mars/Olympus" (expected an IANA name such as "Europe/Paris")',
  },
  {
    name: 'unknown timezone in trigger args',
    files: tasks(task('', 'cron', '{ hour: 1, timezone: Mars/Olympus }')),
    file: 'config/dev.yaml', path: 'tasks.t.args.timezone', reason: 'unknown time zone "Mars/Olympus" (expected an IANA name such as "Europe/Paris")',
  },
  {
    name: 'bad jobstore URL scheme in env.yaml',
    files: env('scheduler:\n  jobstore:\n    url: postgres://u@h/db\n'),
    file: 'env.yaml', path: 'scheduler.jobstore.url', reason: 'unsupported scheme "postgres:" (expected mysql://user:password@host:3306/database, sqlite:path/to/file.db or memory:)',
  },
  {
    name: 'bad JOBSTORE_URL scheme',
    files: env(''), env: { JOBSTORE_URL: 'http://x/y' },
    file: 'environment', path: 'JOBSTORE_URL', reason: 'unsupported scheme "http:" (expected mysql://user:password@host:3306/database, sqlite:path/to/file.db or memory:)',
  },
  {
    name: 'JOBSTORE_URL without a database, password masked',
    files: env(''), env: { JOBSTORE_URL: 'mysql://u:hunter2@h:3306' },
    file: 'environment', path: 'JOBSTORE_URL', reason: 'mysql://u:***@h:3306 names no database (expected mysql://user:password@host:3306/database)',
  },
  {
    name: 'sqlite URL naming no file',
    files: env('scheduler:\n  jobstore:\n    url: "sqlite:"\n'),
    file: 'env.yaml', path: 'scheduler.jobstore.url', reason: '"sqlite:" names no file (expected sqlite:path/to/file.db or sqlite::memory:)',
  },
  {
    name: 'sqlite URL in SQLAlchemy\'s sqlite:/// form',
    files: env(''), env: { JOBSTORE_URL: 'sqlite:///jobs.sqlite' },
    file: 'environment', path: 'JOBSTORE_URL', reason: '"sqlite:///jobs.sqlite": write the path right after the colon (sqlite:data/scheduler.db, sqlite:/var/lib/scheduler.db), not sqlite://',
  },
  {
    name: 'unset ${VAR} without default',
    files: env('scheduler:\n  timezone: ${NOPE}\n'),
    file: 'env.yaml', path: 'scheduler.timezone', reason: 'environment variable NOPE is not set (write ${NOPE:-} for an empty default)',
  },
  {
    name: 'config file for APP_ENV missing',
    files: env(''), env: { APP_ENV: 'prod' },
    file: 'config/prod.yaml', path: '', reason: 'file not found (APP_ENV selects config/<APP_ENV>.yaml)',
  },
  {
    name: 'bad LOG_LEVEL',
    files: env(''), env: { LOG_LEVEL: 'loud' },
    file: 'environment', path: 'LOG_LEVEL', reason: '"loud" is not one of: fatal, error, warn, info, debug, trace, silent',
  },
  {
    name: 'bad logging.level in env.yaml',
    files: env('logging:\n  level: loud\n'),
    file: 'env.yaml', path: 'logging.level', reason: '"loud" is not one of: fatal, error, warn, info, debug, trace, silent',
  },
  {
    name: 'bad task name',
    files: tasks('tasks:\n  "bad name!":\n    trigger: interval\n    args: { seconds: 5 }\n'),
    file: 'config/dev.yaml', path: 'tasks.bad name!', reason: /^a job id may only contain /,
  },
];

function loadError(c: Pick<Case, 'files' | 'env'>): ConfigError {
  try {
    loadConfig({ root: project(c.files), env: c.env ?? {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('loadConfig accepted the bad input');
}

describe('loadConfig: bad input is a ConfigError naming the file and key path', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const error = loadError(c);
      assert.equal(error.file, c.file);
      assert.equal(error.path, c.path);
      if (typeof c.reason === 'string') assert.equal(error.reason, c.reason);
      else assert.match(error.reason, c.reason);
      assert.equal(error.message, c.path ? `${c.file}: ${c.path}: ${error.reason}` : `${c.file}: ${error.reason}`);
      assert.equal(error.message.includes('\n'), false, 'one line');
    });
  }

  it('has at least 10 distinct bad inputs', () => {
    assert.ok(new Set(CASES.map((c) => `${c.file} ${c.path}`)).size >= 10);
  });

  // Known bug (src/config, not fixed here): scheduler.timezone is only checked through the tasks
  // that inherit it, so the error names config/dev.yaml: tasks.t.args.timezone, and with no task
  // using it a bad zone is accepted.
  it('an unknown scheduler.timezone is reported at env.yaml: scheduler.timezone', () => {
    const error = loadError({ files: { 'env.yaml': 'scheduler:\n  timezone: Mars/Olympus\n', 'config/dev.yaml': task('') } });
    assert.equal(error.file, 'env.yaml');
    assert.equal(error.path, 'scheduler.timezone');
    const noTasks = loadError({ files: { 'env.yaml': 'scheduler:\n  timezone: Mars/Olympus\n', 'config/dev.yaml': 'tasks: {}\n' } });
    assert.equal(noTasks.path, 'scheduler.timezone');
  });
});
