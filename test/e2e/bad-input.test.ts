// Acceptance (issue 2): each bad input of SPEC §4 stops start-up with exit code 1 and one line
// naming the file and key — and nothing is written to the database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, runCommand } from '../helpers/service.js';

const OK_TASK = 'export function run() {}\n';

interface Case {
  name: string;
  env?: string;
  config: string;
  tasks?: Record<string, string>;
  /** What the single error line must contain. */
  expect: RegExp;
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
];

describe('bad configuration', needsDb, () => {
  const db = freshDatabase('badcfg');

  for (const c of CASES) {
    it(`${c.name}: exit 1, one line, database untouched`, async () => {
      const root = makeProject({ env: c.env, config: c.config, tasks: c.tasks ?? { report: OK_TASK } });
      // The env.yaml URL case must not be overridden by JOBSTORE_URL.
      const env = c.env?.includes('jobstore') ? { JOBSTORE_URL: '' } : { JOBSTORE_URL: db.url };
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
