// The package as a user gets it: `npm pack` (which builds first), the tarball installed into a
// fresh project outside the repository, a TypeScript file there importing `mysql-scheduler` and
// `mysql-scheduler/task` typechecked (strict, the repository's tsc) and run compiled, with no
// tsx: it embeds a scheduler on MariaDB, adds an interval job with params through the API and
// sees the task run with them. Then a plain JavaScript file adds a job through createClient.
// Also: inside the repository, after the build, the package's own name resolves to dist/.
//
// Installing stays fast and offline. The project gets a lockfile holding the tarball and the
// repository's production dependency tree (package-lock.json without its dev-only entries, the
// tree `npm prune --omit=dev` leaves, as in the Docker image), so `npm ci --offline` takes every
// package from the npm cache that the repository's own `npm ci` filled, by its recorded integrity,
// with no registry metadata (which that cache lacks). `--ignore-scripts` skips better-sqlite3's
// native build (minutes with node-gyp; nothing here uses SQLite, whose driver is imported only for
// a sqlite: store); its compiled binary is copied from the repository's node_modules instead,
// which is sound because the version (the lockfile's), the Node.js binary and the machine are the
// same: the installed package is whole, as a user's would be.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { REPO } from '../helpers/service.js';

const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

// The embedding application, in TypeScript. The @ts-expect-error lines fail the typecheck if the
// declarations were missing or loose (an `any` accepts everything, and the directive then errs).
const APP_TS = `
import { appendFileSync } from 'node:fs';
import { createScheduler, JobNotFoundError, type Job, type Run } from 'mysql-scheduler';
import { defineTask, type TaskContext } from 'mysql-scheduler/task';

const [url, out] = process.argv.slice(2) as [string, string];

const record = defineTask<{ greeting: string; n: number }>((ctx) => {
  const line: string = \`\${ctx.jobId} \${ctx.params.greeting} \${ctx.params.n * 2}\`;
  appendFileSync(out, JSON.stringify({ line, params: ctx.params, attempt: ctx.attempt }) + '\\n');
});
const plain = (ctx: TaskContext): void => void ctx.logger.debug('plain');

// Never called: what the declarations must refuse.
export function refused(ctx: TaskContext<{ n: number }>, s: ReturnType<typeof createScheduler>): void {
  // @ts-expect-error: params are typed
  ctx.params.missing.toFixed();
  // @ts-expect-error: a trigger is interval, cron or date
  void s.addJob({ id: 'typo', task: 'record', trigger: 'hourly' });
  // @ts-expect-error: an unknown event
  s.on('runExploded', () => undefined);
}

const scheduler = createScheduler({
  config: { scheduler: { jobstore: { url }, poll_interval: 0.2 }, logging: { level: 'warn' } },
  tasks: { record, plain: { run: plain } },
});
const added: Job[] = [];
scheduler.on('jobAdded', (job) => void added.push(job));
const succeeded = new Promise<Run>((resolve) => scheduler.once('runSucceeded', resolve));
await scheduler.start();
const { job } = await scheduler.addJob({ id: 'greet', task: 'record', trigger: 'interval', args: { seconds: 1 }, params: { greeting: 'hello', n: 21 } });
const run = await succeeded;
const missing = await scheduler.removeJob('nope').catch((error: unknown) => error instanceof JobNotFoundError);
const report = await scheduler.stop();
process.stdout.write(JSON.stringify({ job: job.id, version: job.version, added: added.map((j) => j.id), run: run.job_id, missing, report }) + '\\n');
`;

// A plain JavaScript script administering the same store.
const CLIENT_JS = `
import { createClient } from 'mysql-scheduler';

const client = createClient({ url: process.argv[2], tasks: ['record'] });
const { job, change } = await client.addJob({ id: 'from-js', task: 'record', trigger: 'cron', args: { hour: 6 }, params: { greeting: 'hi', n: 1 } });
await client.close();
process.stdout.write(JSON.stringify({ id: job.id, change, source: job.source }) + '\\n');
`;

const TSCONFIG = (repo: string) => ({
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
    outDir: 'out', rootDir: 'src',
    // @types/node from the repository: the project's own install stays offline and minimal.
    typeRoots: [join(repo, 'node_modules', '@types')], types: ['node'],
  },
  include: ['src'],
});

/** app/package.json and its lockfile: the tarball, then the repository's production tree. */
function writeProject(app: string, tarball: string): void {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: unknown; engines: unknown };
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const spec = `file:${relative(app, tarball)}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'embedding-app', dependencies: { 'mysql-scheduler': spec } },
    'node_modules/mysql-scheduler': { version: pkg.version, resolved: spec, integrity, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'embedding-app', private: true, type: 'module', dependencies: { 'mysql-scheduler': spec } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'embedding-app', lockfileVersion: 3, requires: true, packages }, null, 2));
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, env: NPM_ENV, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('the npm package, packed and installed', needsDb, () => {
  const db = freshDatabase('pack');
  let work: string;
  let app: string;
  let tarball: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sched-pack-'));
    app = join(work, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the compiled package with its declarations and migrations, without tests or sources of tasks', () => {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], REPO)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, packed!.filename);
    const files = packed!.files.map((f) => f.path);
    for (const file of ['package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/task.js', 'dist/src/task.d.ts', 'dist/src/main.js', 'dist/migrations/0001-initial-schema.js', 'dist/migrations/sqlite/0001-initial-schema.js']) {
      assert.ok(files.includes(file), `${file} is packed`);
    }
    const shipped = readdirSync(join(REPO, 'migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f)).map((f) => `dist/migrations/${f.replace(/\.ts$/, '.js')}`);
    for (const file of shipped) assert.ok(files.includes(file), `${file} is packed`);
    assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('bench/') || f.startsWith('dist/tasks/') || f.startsWith('tasks/')), 'no tests, benchmarks or example tasks');
  });

  it('resolves by its own name inside the repository once built (exports self-reference)', () => {
    const script = "const m = await import('mysql-scheduler'); const t = await import('mysql-scheduler/task'); console.log(JSON.stringify({ index: import.meta.resolve('mysql-scheduler'), task: import.meta.resolve('mysql-scheduler/task'), exports: Object.keys(m).sort(), taskExports: Object.keys(t).sort() }))";
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], REPO)) as Record<string, unknown>;
    assert.equal(out.index, `file://${join(REPO, 'dist', 'src', 'index.js')}`);
    assert.equal(out.task, `file://${join(REPO, 'dist', 'src', 'task.js')}`);
    assert.deepEqual(out.exports, [
      'ConfigError', 'JobConflictError', 'JobNotFoundError', 'JobSpecError', 'RunNotFoundError', 'RunNotRetryableError',
      'SchedulerStateError', 'StoreUnavailableError', 'VersionConflictError', 'createClient', 'createScheduler',
    ]);
    assert.deepEqual(out.taskExports, ['defineTask']);
  });

  it('installs offline into a fresh project', () => {
    writeProject(app, tarball);
    run('npm', ['ci', '--offline', '--ignore-scripts'], app);
    const installed = join(app, 'node_modules', 'better-sqlite3');
    const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(version(installed), version(join(REPO, 'node_modules', 'better-sqlite3')), 'the same better-sqlite3 as the repository, whose build is reused');
    cpSync(join(REPO, 'node_modules', 'better-sqlite3', 'build'), join(installed, 'build'), { recursive: true });
    assert.ok(existsSync(join(app, 'node_modules', 'mysql-scheduler', 'dist', 'src', 'index.js')));
  });

  it('typechecks a strict TypeScript application importing mysql-scheduler and mysql-scheduler/task', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG(REPO), null, 2));
    writeFileSync(join(app, 'src', 'app.ts'), APP_TS);
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], app);
    assert.ok(existsSync(join(app, 'out', 'app.js')));
  });

  it('embeds the scheduler: a job added through the API runs with its params', () => {
    const out = join(work, 'runs.jsonl');
    const stdout = execFileSync(process.execPath, [join(app, 'out', 'app.js'), db.url, out], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    assert.deepEqual(result, { job: 'greet', version: 1, added: ['greet'], run: 'greet', missing: true, report: { unrecorded: 0 } });
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    assert.deepEqual(first, { line: 'greet hello 42', params: { greeting: 'hello', n: 21 }, attempt: 1 });
  });

  it('migrated the store from the installed package', async () => {
    const migrations = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    const shipped = readdirSync(join(REPO, 'migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    assert.deepEqual(migrations.map((m) => m.name), shipped);
  });

  it('administers the store from a plain JavaScript file through createClient', async () => {
    writeFileSync(join(app, 'client.js'), CLIENT_JS);
    const stdout = run(process.execPath, ['client.js', db.url], app);
    assert.deepEqual(JSON.parse(stdout.trim()), { id: 'from-js', change: 'added', source: 'api' });
    const rows = await db.query<{ id: string; source: string; origin: string }>("SELECT id, source, origin FROM jobs WHERE id = 'from-js'");
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ id: 'from-js', source: 'api', origin: 'library' }]);
  });
});
