// Acceptance (issue 2): the jobstore password never appears in a log line — not at start, not
// in runs, not when the password is wrong, not in the log file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { freshDatabase, needsDb, SERVER_URL } from '../helpers/db.js';
import { makeProject, runCommand, ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const PASSWORD = 'S3cret-Pa55-w0rd';
const USER = `sched_secret_${process.pid}`;

describe('the jobstore password', needsDb, () => {
  const db = freshDatabase('secret');
  let url = '';
  let root = '';

  before(async () => {
    await db.query(`CREATE USER IF NOT EXISTS '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
    await db.query(`CREATE USER IF NOT EXISTS '${USER}'@'localhost' IDENTIFIED BY '${PASSWORD}'`);
    await db.query(`GRANT ALL ON \`${db.name}\`.* TO '${USER}'@'%'`);
    await db.query(`GRANT ALL ON \`${db.name}\`.* TO '${USER}'@'localhost'`);
    const server = new URL(SERVER_URL);
    url = `mysql://${USER}:${PASSWORD}@${server.host}/${db.name}`;
    root = makeProject({
      env: 'scheduler:\n  poll_interval: 1\nlogging:\n  file: logs/scheduler.log\n  level: debug\n',
      config: 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 1 }\n  boom:\n    trigger: interval\n    args: { seconds: 1 }\n',
      tasks: { tick: 'export function run() {}\n', boom: 'export function run() { throw new Error(process.env.JOBSTORE_URL ? "no secret here" : "x"); }\n' },
    });
  });
  db.beforeDrop(async () => {
    await db.query(`DROP USER IF EXISTS '${USER}'@'%'`);
    await db.query(`DROP USER IF EXISTS '${USER}'@'localhost'`);
  });

  it('is not in the console or file logs of a running service', async () => {
    const service = new ServiceProcess(root, { JOBSTORE_URL: url, LOG_LEVEL: 'debug' });
    await waitFor('runs', async () => (await db.query("SELECT 1 FROM runs WHERE status = 'succeeded'")).length >= 2);
    await service.stop();
    assert.ok(service.lines.some((l) => l.includes(`${USER}:***@`)), 'the store is announced with the password masked');
    for (const line of service.lines) assert.ok(!line.includes(PASSWORD), `password leaked: ${line}`);
    const file = readFileSync(join(root, 'logs', 'scheduler.log'), 'utf8');
    assert.ok(file.length > 0, 'log file written');
    assert.ok(!file.includes(PASSWORD), 'password leaked into the log file');
  });

  it('is not in the error when the login fails', async () => {
    const wrong = url.replace(PASSWORD, `${PASSWORD}-wrong`);
    const result = await runCommand(root, { JOBSTORE_URL: wrong }, ['start']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Access denied/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(PASSWORD), 'password leaked in the failure');
  });

  it('is not echoed when the URL itself is malformed', async () => {
    const result = await runCommand(root, { JOBSTORE_URL: `mysql://${USER}:${PASSWORD}@` }, ['start']);
    assert.equal(result.code, 1);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(PASSWORD), `password leaked: ${result.stderr}`);
  });
});
