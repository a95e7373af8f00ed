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

  // Issue 10 §5: each form a password can take in a bad or odd URL, through JOBSTORE_URL and
  // through ${DB_URL} in env.yaml; the password appears in no line of stdout or stderr.
  const server = () => new URL(SERVER_URL).host;
  const variants: [string, () => string][] = [
    ['no @host', () => `mysql://${USER}:${PASSWORD}/${db.name}`],
    ['a raw @ in the password', () => `mysql://${USER}:${PASSWORD}@Sfx9q@${server()}/${db.name}`],
    ['a space and # in the password', () => `mysql://${USER}:${PASSWORD} #Sfx9q@${server()}/${db.name}`],
    ['%ZZ in the password', () => `mysql://${USER}:${PASSWORD}%ZZ@${server()}/${db.name}`],
    ['%ZZ in the database name', () => `mysql://${USER}:${PASSWORD}@${server()}/%ZZ`],
    ['no database', () => `mysql://${USER}:${PASSWORD}@${server()}`],
    ['no // after the scheme', () => `mysql:${USER}:${PASSWORD}@${server()}/${db.name}`],
    ['three slashes after the scheme', () => `mysql:///${USER}:${PASSWORD}@${server()}/${db.name}`],
  ];
  for (const [name, make] of variants) {
    it(`is not printed for a URL with ${name}`, async () => {
      const viaFile = makeProject({ env: 'scheduler:\n  jobstore:\n    url: ${DB_URL}\n', config: 'tasks:\n  tick:\n    trigger: interval\n    args: { seconds: 1 }\n', tasks: { tick: 'export function run() {}\n' } });
      for (const [project, env] of [[root, { JOBSTORE_URL: make() }], [viaFile, { JOBSTORE_URL: '', DB_URL: make() }]] as const) {
        const result = await runCommand(project, env, ['start']);
        assert.equal(result.code, 1, `${result.stdout}${result.stderr}`);
        for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) {
          assert.ok(!line.includes(PASSWORD) && !line.includes('Sfx9q'), `password leaked: ${line}`);
        }
      }
    });
  }

  it('is masked whole when it holds a raw @ and the login succeeds', async () => {
    const odd = `${PASSWORD}@Sfx9q`;
    await db.query(`ALTER USER '${USER}'@'%' IDENTIFIED BY '${odd}'`);
    await db.query(`ALTER USER '${USER}'@'localhost' IDENTIFIED BY '${odd}'`);
    try {
      const service = new ServiceProcess(root, { JOBSTORE_URL: `mysql://${USER}:${odd}@${server()}/${db.name}` });
      await service.waitForLine(/scheduler started/);
      await service.stop();
      assert.ok(service.lines.some((l) => l.includes(`job store: mysql://${USER}:***@${server()}/`)), service.lines.join('\n'));
      for (const line of service.lines) assert.ok(!line.includes(PASSWORD) && !line.includes('Sfx9q'), `password leaked: ${line}`);
    } finally {
      await db.query(`ALTER USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
      await db.query(`ALTER USER '${USER}'@'localhost' IDENTIFIED BY '${PASSWORD}'`);
    }
  });

  it('is not echoed when the URL itself is malformed', async () => {
    const result = await runCommand(root, { JOBSTORE_URL: `mysql://${USER}:${PASSWORD}@` }, ['start']);
    assert.equal(result.code, 1);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(PASSWORD), `password leaked: ${result.stderr}`);
  });
});
