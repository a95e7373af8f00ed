// Our side: the real service (`scheduler start`, exactly what `npm start` runs) as a child process
// in a throw-away project folder, against a bench database. Logging at `warn` (APScheduler's
// loggers are likewise unconfigured, i.e. warnings only) unless BENCH_LOG_LEVEL says otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchDb } from './db.js';
import { until } from './db.js';
import { ProcWatch, sample, type ProcSample } from './proc.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(REPO, 'src', 'main.ts');
const TSX = pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

// Records start − scheduled for every run: one line per run, appended by the task itself.
const RECORD_TASK = `import { appendFileSync } from 'node:fs';
const file = process.env.BENCH_RECORD_FILE;
export function run(ctx) {
  const startedAt = performance.timeOrigin + performance.now();
  appendFileSync(file, ctx.jobId + '\\t' + ctx.scheduledAt.getTime() + '\\t' + startedAt.toFixed(3) + '\\n');
}
`;

export interface ProjectOptions {
  /** scheduler: settings merged into env.yaml (poll_interval, batch_size, …). */
  scheduler?: Record<string, unknown>;
  /** config/bench.yaml (default: no tasks). */
  config?: string;
}

export class Project {
  readonly root: string;
  readonly recordFile: string;

  constructor(options: ProjectOptions = {}) {
    this.root = mkdtempSync(join(tmpdir(), 'sched-bench-'));
    mkdirSync(join(this.root, 'config'));
    mkdirSync(join(this.root, 'tasks'));
    const scheduler = {
      executors: { default_threads: 20, process_pool: 1 },
      job_defaults: { coalesce: true, max_instances: 1, misfire_grace_time: null },
      ...options.scheduler,
    };
    writeFileSync(join(this.root, 'env.yaml'), `${JSON.stringify({ scheduler })}\n`);
    writeFileSync(join(this.root, 'config', 'bench.yaml'), options.config ?? 'tasks: {}\n');
    writeFileSync(join(this.root, 'tasks', 'noop.ts'), 'export function run() {}\n');
    writeFileSync(join(this.root, 'tasks', 'record.ts'), RECORD_TASK);
    this.recordFile = join(this.root, 'record.tsv');
    writeFileSync(this.recordFile, '');
  }

  /** Recorded runs: job id, scheduled (epoch ms), started (epoch ms, sub-ms). */
  records(): Array<{ jobId: string; scheduledAt: number; startedAt: number }> {
    return readFileSync(this.recordFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [jobId, s, t] = line.split('\t');
        return { jobId: jobId!, scheduledAt: Number(s), startedAt: Number(t) };
      });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export class Service {
  readonly lines: string[] = [];
  readonly spawnedAt = Date.now();
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private watch: ProcWatch | null = null;

  constructor(project: Project, db: BenchDb) {
    this.child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', TSX, MAIN, 'start'], {
      cwd: project.root,
      env: {
        ...process.env,
        APP_ENV: 'bench',
        JOBSTORE_URL: db.url,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        NODE_ENV: 'production',
        BENCH_RECORD_FILE: project.recordFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let buffer = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        // Keep the tail only: a chatty log level must not grow the harness.
        for (const p of parts) if (this.lines.push(p) > 2000) this.lines.shift();
      });
    }
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits until the service registered itself (migrated, synced, loop about to start); returns instances.started_at. */
  async ready(db: BenchDb, timeoutMs = 600_000): Promise<Date> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    const startedAt = await until(
      'the service to start',
      async () => {
        if (exited) throw new Error(`service exited during start-up:\n${this.lines.slice(-20).join('\n')}`);
        const rows = await db.query<{ started_at: Date | string }>('SELECT started_at FROM instances WHERE pid = ?', [this.pid]).catch(() => []);
        return rows[0] && new Date(rows[0].started_at);
      },
      timeoutMs,
      50,
    );
    this.watch = new ProcWatch(this.pid);
    return startedAt;
  }

  sample(): ProcSample | null {
    return this.watch?.poll() ?? sample(this.pid);
  }

  get maxRssMb(): number {
    return this.watch?.maxRssMb ?? 0;
  }

  async stop(): Promise<number | null> {
    this.watch?.stop();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** Warnings and errors the service logged (pino JSON, level ≥ 40), for the report. */
  problems(): string[] {
    return this.lines.filter((l) => /"level":(4|5|6)\d/.test(l)).slice(-5);
  }
}

/**
 * Whether every run is final, and if so how many there are and when the last one finished. Cheap
 * while runs are open (an indexed LIMIT 1), so polling it does not load the database under test.
 */
export async function runCounts(db: BenchDb): Promise<{ final: number; open: number; succeeded: number; maxFinished: Date | null }> {
  const open = await db.query("SELECT 1 FROM runs WHERE status IN ('queued', 'running') LIMIT 1");
  if (open.length > 0) return { final: 0, open: 1, succeeded: 0, maxFinished: null };
  const [row] = await db.query<{ final: number; succeeded: number; max_finished: Date | string | null }>(
    `SELECT COUNT(*) AS final, COUNT(CASE WHEN status = 'succeeded' THEN 1 END) AS succeeded, MAX(finished_at) AS max_finished FROM runs`,
  );
  return { final: Number(row!.final), open: 0, succeeded: Number(row!.succeeded), maxFinished: row!.max_finished === null ? null : new Date(row!.max_finished) };
}
