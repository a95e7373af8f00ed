// Acceptance (issue 2): each bad input of SPEC §4 stops start-up with exit code 1 and one line
// naming the file and key — and nothing is written to the database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { ALIAS_BOMB } from '../fixtures/alias-bomb.js';
import { makeProject, runCommand } from '../helpers/service.js';

const OK_TASK = 'export function run() {}\n';

interface Case {
  name: string;
  env?: string;
  config: string;
  tasks?: Record<string, string>;
  /** What the single error line must contain. */
  expect: RegExp;
  /** Environment variables for the run (JOBSTORE_URL defaults to the test database). */
  vars?: Record<string, string>;
}

const task = (body: string) => `tasks:\n  report:\n${body}`;

const CASES: Case[] = [
  { name: 'YAML syntax error', config: 'tasks:\n  report: { trigger: interval\n', expect: /^error: config\/test\.yaml: YAML syntax error at line \d+, column \d+/ },
  { name: 'unknown task key', config: task('    trigger: interval\n    args: { seconds: 5 }\n    retries: 3\n'), expect: /config\/test\.yaml: tasks\.report\.retries: unknown key/ },
  { name: 'wrong type', config: task('    trigger: interval\n    args: { seconds: 5 }\n    max_attempts: three\n'), expect: /config\/test\.yaml: tasks\.report\.max_attempts: expected a number, got "three"/ },
  { name: 'out-of-range attempts', config: task('    trigger: interval\n    args: { seconds: 5 }\n    max_attempts: 0\n'), expect: /tasks\.report\.max_attempts: must be at least 1/ },
  { name: 'unknown trigger', config: task('    trigger: weekly\n'), expect: /tasks\.report\.trigger: "weekly" is not one of: interval, cron, date/ },
  { name: 'bad cron value', config: task('    trigger: cron\n    args: { hour: 25 }\n'), expect: /config\/test\.yaml: tasks\.report\.args\.hour: / },
  { name: 'bad cron expression', config: task('    trigger: cron\n    args: { day_of_week: "mon-sunday" }\n'), expect: /config\/test\.yaml: tasks\.report\.args\.day_of_week: / },
  { name: 'unknown trigger argument', config: task('    trigger: interval\n    args: { secs: 5 }\n'), expect: /config\/test\.yaml: tasks\.report\.args\.secs: / },
  { name: 'unknown timezone', config: task('    trigger: cron\n    args: { hour: 1 }\n    timezone: Mars/Olympus\n'), expect: /config\/test\.yaml: tasks\.report\.timezone: / },
  { name: 'unknown task module', config: task('    trigger: interval\n    args: { seconds: 5 }\n    task: nowhere\n'), expect: /tasks\/nowhere: no such task module/ },
  { name: 'module without run', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), tasks: { report: 'export const x = 1;\n' }, expect: /tasks\/report\.ts: module does not export a function "run"/ },
  { name: 'unknown env.yaml key', env: 'scheduler:\n  threads: 4\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /^error: env\.yaml: scheduler\.threads: unknown key/ },
  { name: 'bad jobstore URL', env: 'scheduler:\n  jobstore:\n    url: postgres://u:hunter2@db/x\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /env\.yaml: scheduler\.jobstore\.url: unsupported scheme "postgres:"/ },
  // Issue 10 §4: values the database would refuse after creating the schema, refused at load.
  { name: 'max_attempts ≥ 2^31 (INT column)', config: task('    trigger: interval\n    args: { seconds: 5 }\n    max_attempts: 2147483648\n'), expect: /^error: config\/test\.yaml: tasks\.report\.max_attempts: must be at most 2147483647/ },
  { name: 'params over 64 KB (TEXT column)', config: task(`    trigger: interval\n    args: { seconds: 5 }\n    params: { blob: "${'é'.repeat(33_000)}" }\n`), expect: /^error: config\/test\.yaml: tasks\.report\.params: is more than 65535 bytes as JSON/ },
  { name: 'run_date past year 9999 (DATETIME)', config: task('    trigger: date\n    args: { run_date: "9999-12-31 23:00", timezone: Etc/GMT+12 }\n'), expect: /tasks\.report\.args\.run_date: .* outside the years 1000–9999/ },
  { name: 'interval seconds: 1e300', config: task('    trigger: interval\n    args: { seconds: 1e300 }\n'), expect: /tasks\.report\.args: the interval adds up to more than 315360000 seconds/ },
  { name: 'retry_delay: 1e300', config: task('    trigger: interval\n    args: { seconds: 5 }\n    retry_delay: 1e300\n'), expect: /tasks\.report\.retry_delay: must be at most 315360000/ },
  { name: 'lease_timeout: 1e12', env: 'scheduler:\n  lease_timeout: 1e12\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /^error: env\.yaml: scheduler\.lease_timeout: must be at most 86400/ },
  { name: 'http.port: 70000', env: 'http:\n  port: 70000\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /^error: env\.yaml: http\.port: must be at most 65535, got 70000$/ },
  { name: 'logging.file a directory', env: 'logging:\n  file: tasks\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /^error: env\.yaml: logging\.file: "tasks" is a directory/ },
  { name: 'logging.file nobody can create', env: 'logging:\n  file: /proc/scheduler.log\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /^error: env\.yaml: logging\.file: "\/proc\/scheduler\.log" cannot be created/ },
  { name: 'YAML alias bomb in params', config: ALIAS_BOMB, expect: /^error: config\/test\.yaml: tasks\.bomb\.params\.[a-z]\.\d: YAML aliases expand to more than 10000 values/ },
  { name: '%ZZ in JOBSTORE_URL', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), vars: { JOBSTORE_URL: 'mysql://root:pa%ZZss@127.0.0.1:3306/x' }, expect: /^error: environment: JOBSTORE_URL: the password of mysql:\/\/root:\*\*\*@127\.0\.0\.1:3306\/x has a % not followed by two hex digits/ },
  { name: 'unset ${VAR}, named at its key', env: 'scheduler:\n  timezone: ${ZONE_NOT_SET}\n', config: task('    trigger: interval\n    args: { seconds: 5 }\n'), expect: /^error: env\.yaml: scheduler\.timezone: environment variable ZONE_NOT_SET is not set/ },
];

describe('bad configuration', needsDb, () => {
  const db = freshDatabase('badcfg');

  for (const c of CASES) {
    it(`${c.name}: exit 1, one line, database untouched`, async () => {
      const root = makeProject({ env: c.env, config: c.config, tasks: c.tasks ?? { report: OK_TASK } });
      // The env.yaml URL case must not be overridden by JOBSTORE_URL.
      const env = c.vars ?? (c.env?.includes('jobstore') ? { JOBSTORE_URL: '' } : { JOBSTORE_URL: db.url });
      const result = await runCommand(root, env, ['start']);
      assert.equal(result.code, 1);
      const lines = result.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `exactly one line on stderr, got:\n${result.stderr}`);
      assert.match(lines[0]!, c.expect);
      assert.equal(result.stdout, '', 'nothing logged before the error');
      assert.equal((await db.query('SHOW TABLES')).length, 0, 'no table created');
    });
  }
});
