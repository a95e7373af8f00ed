// Issue 10 §4–5: hostile configuration text — alias bombs, malformed or password-leaking jobstore
// URLs, crons that can never fire, an interval whose end_date has passed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, redactUrl } from '../../src/config/index.js';
import { ALIAS_BOMB } from '../fixtures/alias-bomb.js';
import { loadError, project } from './helpers.js';

const ONE_TASK = 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 10 }\n';

describe('YAML aliases', () => {
  it('a billion-laughs bomb is refused at the alias that passes the budget, before anything expands it', () => {
    const error = loadError({ 'env.yaml': '', 'config/dev.yaml': ALIAS_BOMB });
    assert.equal(error.file, 'config/dev.yaml');
    assert.match(error.path, /^tasks\.bomb\.params\.[d-i]\.\d$/);
    assert.match(error.reason, /^YAML aliases expand to more than 10000 values/);
  });

  it('the same bomb in env.yaml, under a key that does not even exist', () => {
    const bomb = ALIAS_BOMB.replace(/^tasks:\n  bomb:\n    trigger: interval\n    args: \{ seconds: 10 \}\n    params:\n/, 'x:\n');
    const error = loadError({ 'env.yaml': bomb, 'config/dev.yaml': ONE_TASK });
    assert.equal(error.file, 'env.yaml');
    assert.match(error.reason, /^YAML aliases expand/);
  });

  it('a recursive alias is refused', () => {
    const error = loadError({ 'env.yaml': '', 'config/dev.yaml': `${ONE_TASK}    params: &p { self: *p }\n` });
    assert.equal(error.path, 'tasks.tick.params.self');
    assert.match(error.reason, /refers to a value containing it/);
  });

  it('ordinary sharing is fine', () => {
    const text = `${ONE_TASK}    params: &shared { to: [ops, dev], retries: 3 }\n  tock:\n    trigger: interval\n    args: { seconds: 5 }\n    params: *shared\n`;
    const { tasks } = loadConfig({ root: project({ 'env.yaml': '', 'config/dev.yaml': text }), env: {} });
    assert.deepEqual(tasks[1]?.params, { to: ['ops', 'dev'], retries: 3 });
  });
});

describe('jobstore URL', () => {
  const PASSWORD = 'S3cretPass';
  const cases: [string, string][] = [
    ['no @host', `mysql://admin:${PASSWORD}/db`],
    ['a raw @ in the password', `mysql://admin:${PASSWORD}@secretsuffix@db:3306/%ZZ`],
    ['%ZZ in the password', `mysql://admin:${PASSWORD}%ZZ@db:3306/app`],
    ['%ZZ in the user name', `mysql://ad%ZZmin:${PASSWORD}@db:3306/app`],
    ['%ZZ in the database name', `mysql://admin:${PASSWORD}@db:3306/a%ZZ`],
    ['a space and # in the password', `mysql://admin:${PASSWORD} #x@db:3306/app`],
    ['a / in the password', `mysql://admin:${PASSWORD}/x@db:3306/app%`],
  ];
  for (const [name, url] of cases) {
    it(`${name}: one line naming the key, no part of the password`, () => {
      for (const [files, env, file, path] of [
        [{ 'env.yaml': 'scheduler:\n  jobstore:\n    url: ${DB}\n', 'config/dev.yaml': ONE_TASK }, { DB: url }, 'env.yaml', 'scheduler.jobstore.url'],
        [{ 'env.yaml': '', 'config/dev.yaml': ONE_TASK }, { JOBSTORE_URL: url }, 'environment', 'JOBSTORE_URL'],
      ] as const) {
        const error = loadError(files, env);
        assert.equal(error.file, file);
        assert.equal(error.path, path);
        for (const part of [PASSWORD, 'secretsuffix', 'S3cret']) assert.ok(!error.message.includes(part), `leaked: ${error.message}`);
      }
    });
  }

  it('redactUrl masks up to the last @, or up to the path when there is no @', () => {
    assert.equal(redactUrl('mysql://admin:S3cretPass/db'), 'mysql://admin:***/db');
    assert.equal(redactUrl('mysql://admin:pa@secretsuffix@db:3306/app'), 'mysql://admin:***@db:3306/app');
    assert.equal(redactUrl('mysql://admin:p/a#s?s@db/app'), 'mysql://admin:***@db/app');
    assert.equal(redactUrl('mysql://admin:pass'), 'mysql://admin:***');
    assert.equal(redactUrl('mysql://root@127.0.0.1:3306/app'), 'mysql://root@127.0.0.1:3306/app');
    // Spellings the URL parser accepts without a host, and a password in the query string.
    assert.equal(redactUrl('mysql:admin:S3cretPw@127.0.0.1/db'), 'mysql:admin:***@127.0.0.1/db');
    assert.equal(redactUrl('mysql:///admin:S3cretPw@127.0.0.1/db'), 'mysql:///admin:***@127.0.0.1/db');
    assert.equal(redactUrl('mysql://admin@127.0.0.1:1/db?ssl=1&password=S3cretPw'), 'mysql://admin@127.0.0.1:1/db?ssl=1&password=***');
  });

  for (const url of ['mysql:admin:S3cretPw@127.0.0.1/db', 'mysql:///admin:S3cretPw@127.0.0.1/db']) {
    it(`refuses ${url.slice(0, 9)}… as naming no host, password masked`, () => {
      const root = project({ 'env.yaml': '', 'config/dev.yaml': 'tasks: {}\n' });
      assert.throws(() => loadConfig({ root, env: { JOBSTORE_URL: url } }), (error: Error) => {
        assert.match(error.message, /^environment: JOBSTORE_URL: mysql:.*names no host/);
        assert.ok(!error.message.includes('S3cretPw'), error.message);
        return true;
      });
    });
  }
});

describe('triggers that never fire', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const load = (args: string, trigger = 'cron') =>
    loadConfig({ root: project({ 'env.yaml': '', 'config/dev.yaml': `tasks:\n  t:\n    trigger: ${trigger}\n    args: ${args}\n` }), env: {}, now });

  for (const [name, args] of [['30 February', '{ month: 2, day: 30 }'], ['a past year', '{ year: 2020 }'], ['31 April', '{ month: 4, day: 31 }'], ['a past end_date', '{ hour: 1, end_date: "2021-01-01" }']]) {
    it(`a cron on ${name} loads with a warning naming the job`, () => {
      const { tasks, warnings } = load(args!);
      assert.equal(tasks.length, 1);
      assert.deepEqual(warnings.map((w) => w.jobId), ['t']);
      assert.match(warnings[0]!.message, /^config\/dev\.yaml: tasks\.t\.args: this cron never fires from now on .*: job t is finished$/);
    });
  }

  it('a cron that fires has no warning', () => {
    assert.deepEqual(load('{ month: 2, day: 29 }').warnings, []);
  });

  it('an interval with end_date and no start_date, once now + interval passes end_date, loads (it is finished)', () => {
    const { tasks } = load('{ hours: 1, end_date: "2026-06-01 00:30:00" }', 'interval');
    assert.equal(tasks.length, 1);
    const past = load('{ days: 1, end_date: "2020-01-01" }', 'interval');
    assert.equal(past.tasks.length, 1);
  });

  it('an explicit start_date after end_date is still an error', () => {
    const error = loadError({ 'env.yaml': '', 'config/dev.yaml': 'tasks:\n  t:\n    trigger: interval\n    args: { hours: 1, start_date: "2026-01-02", end_date: "2026-01-01" }\n' });
    assert.equal(error.path, 'tasks.t.args.end_date');
  });
});
