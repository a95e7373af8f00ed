// The Dockerfile's build, replayed outside Docker (see dockerfile.ts): full install and
// `npm run build`, a production-only install, the runtime layout. Then the runtime directory is
// started exactly as the image's CMD starts it, against MariaDB: it migrates from the compiled
// migrations, runs compiled tasks, answers the compose healthcheck, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { freePort } from '../helpers/private-mariadb.js';
import { LoggedProcess, REPO } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';
import { readDockerfile, replay, type StageResult } from './dockerfile.js';

describe('the Dockerfile, replayed outside Docker', needsDb, () => {
  const db = freshDatabase('image');
  const dockerfile = readDockerfile(join(REPO, 'Dockerfile'));
  let out: string;
  let runtime: StageResult;
  let service: LoggedProcess | undefined;
  let port: number;
  let env: NodeJS.ProcessEnv;

  before(() => {
    out = mkdtempSync(join(tmpdir(), 'sched-image-'));
    // Prefer the local npm cache: the same packages as the registry, fetched faster.
    const stages = replay(dockerfile, REPO, out, { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' });
    runtime = stages.get(dockerfile.stages.at(-1)!.name)!;
  });
  after(async () => {
    await service?.stop();
    if (process.env.DEBUG_E2E) console.log(service?.lines.join('\n'));
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('builds in stages from node 20 images', () => {
    assert.deepEqual(dockerfile.stages.map((s) => s.name), ['build', 'deps', 'runtime']);
    for (const stage of dockerfile.stages) assert.match(stage.image, /^node:20-/, stage.name);
  });

  it('ships compiled JavaScript and production dependencies only, as a non-root user', () => {
    const dir = runtime.dir;
    assert.ok(existsSync(join(dir, 'dist', 'src', 'main.js')));
    assert.ok(existsSync(join(dir, 'dist', 'migrations', '0001-initial-schema.js')));
    assert.ok(!existsSync(join(dir, 'src')), 'no TypeScript sources');
    assert.ok(!existsSync(join(dir, 'test')));
    assert.ok(lstatSync(join(dir, 'tasks')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'tasks')), 'dist/tasks');
    const taskFiles = readdirSync(join(dir, 'tasks'));
    assert.ok(taskFiles.includes('task1.js'));
    // The build emits declarations (task1.d.ts), which the loader never takes for a module.
    assert.ok(!taskFiles.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no .ts task the loader would try first');
    assert.ok(existsSync(join(dir, 'config', 'dev.yaml')));
    assert.ok(existsSync(join(dir, 'env.yaml')));
    // The lockfile marks packages only the devDependencies need (`dev: true`): none may be installed.
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, p]) => path && p.dev).map(([path]) => path);
    assert.ok(devOnly.includes('node_modules/typescript') && devOnly.includes('node_modules/pino-pretty'));
    for (const path of devOnly) assert.ok(!existsSync(join(dir, path)), `no dev-only package ${path}`);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies)) assert.ok(existsSync(join(dir, 'node_modules', dep)), `dependency ${dep}`);
    assert.ok(existsSync(join(dir, 'dist', 'migrations', 'sqlite', '0001-initial-schema.js')), 'the SQLite migrations too');
    assert.equal(statSync(join(dir, 'data')).uid, 1000, 'data/ belongs to the node user (uid 1000): the SQLite default can create its file');
    assert.ok(!existsSync(join(dir, 'data', 'scheduler.db')), 'no database file in the image');
    assert.equal(runtime.user, 'node');
    assert.equal(runtime.env.NODE_ENV, 'production');
    assert.deepEqual(runtime.cmd, ['node', 'dist/src/main.js', 'start'], 'node itself, not npm');
  });

  it('starts from the compiled output: migrates, runs compiled tasks, answers the compose healthcheck', async () => {
    port = await freePort();
    env = { PATH: process.env.PATH, ...runtime.env, JOBSTORE_URL: db.url, APP_ENV: 'dev', HTTP_PORT: String(port) };
    const [command, ...args] = runtime.cmd!;
    service = new LoggedProcess(command === 'node' ? process.execPath : command!, args, { cwd: runtime.dir, env });
    await service.waitForLine(/scheduler started/);
    const migrations = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    const shipped = readdirSync(join(REPO, 'migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    assert.deepEqual(migrations.map((m) => m.name), shipped, 'compiled migrations found from dist/');

    // Ask for runs through the compiled CLI, as `docker compose exec scheduler node dist/src/main.js run …` would.
    for (const job of ['task1', 'task2']) {
      const cli = spawnSync(process.execPath, ['dist/src/main.js', 'run', job], { cwd: runtime.dir, env, encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
    }
    await waitFor('task1 and task2 to succeed', async () => {
      const rows = await db.query<{ job_id: string }>("SELECT job_id FROM runs WHERE status = 'succeeded' AND job_id IN ('task1', 'task2') GROUP BY job_id");
      return rows.length === 2;
    });
    // task2 logs through ctx.logger: a run's lines reach the service's log.
    await service.waitForLine(/task2: daily report written/);
    assert.ok(!service.lines.some((l) => /ERR_UNKNOWN_FILE_EXTENSION|Cannot find module/.test(l)), 'no module resolution errors');

    const compose = yaml.load(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { healthcheck: { test: string[] } }> };
    const [kind, ...probe] = compose.services.scheduler!.healthcheck.test;
    assert.equal(kind, 'CMD');
    await waitFor('the compose healthcheck to pass', async () => {
      const result = spawnSync(probe[0] === 'node' ? process.execPath : probe[0]!, probe.slice(1), { cwd: runtime.dir, env, encoding: 'utf8' });
      return result.status === 0;
    });
  });

  it('runs on the SQLite default without JOBSTORE_URL: the native module built in the build stage loads', () => {
    const bare = { PATH: process.env.PATH, ...runtime.env, APP_ENV: 'dev' };
    const cli = spawnSync(process.execPath, ['dist/src/main.js', 'migrate'], { cwd: runtime.dir, env: bare, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /schema is up to date/);
    const jobs = spawnSync(process.execPath, ['dist/src/main.js', 'jobs', '--json'], { cwd: runtime.dir, env: bare, encoding: 'utf8' });
    assert.equal(jobs.status, 0, jobs.stderr);
    assert.deepEqual(JSON.parse(jobs.stdout), [], 'an empty, migrated store');
    assert.ok(existsSync(join(runtime.dir, 'data', 'scheduler.db')));
    rmSync(join(runtime.dir, 'data'), { recursive: true, force: true });
  });

  it('stops cleanly on SIGTERM', async () => {
    assert.ok(service, 'service started');
    const exit = await service.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(service.lines.some((l) => l.includes('shutdown complete')));
  });
});
