// Drives bench/apscheduler/runner.py (APScheduler 3.9 in /usr/bin/python3): one call = one
// scheduler process; its CPU and memory are sampled from /proc like ours.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcWatch, type ProcSample } from './proc.js';

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), '..', 'apscheduler', 'runner.py');
export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
export const APS_INSTALL = 'apt-get install -y python3-apscheduler python3-sqlalchemy python3-pymysql';

/**
 * Null when APScheduler's side can run on `python`; else the note saying why it is skipped and
 * what to install. Checked before any scenario, so that a missing package is a note and not a
 * Python stack in the middle of a run.
 */
export function apsSkipNote(python = PYTHON): string | null {
  const reason = whyUnavailable(python);
  if (reason === null) return null;
  return `APScheduler side skipped: ${reason}; install it with \`${APS_INSTALL}\` (or point BENCH_PYTHON at a python that has them). This project's side runs alone.`;
}

function whyUnavailable(python: string): string | null {
  const probe = spawnSync(python, ['-c', 'import apscheduler, sqlalchemy, pymysql'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return `${python} cannot be run (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  if (probe.status === 0) return null;
  // The last line of a traceback is the error itself: "ModuleNotFoundError: No module named 'x'".
  const last = probe.stderr.trim().split('\n').pop() || `exit code ${probe.status}`;
  return `${python} cannot import APScheduler's packages (${last})`;
}

export interface ApsJobs {
  count: number;
  /** Interval in seconds. */
  interval: number;
  /** Epoch seconds of the first fire time. */
  t0: number;
  group?: number;
  step?: number;
  end?: number;
}

export interface ApsConfig {
  url: string;
  /** The jobs of the insert and run modes (unused by add_job). */
  jobs?: ApsJobs;
  /** add_job mode: `count` interval jobs added one scheduler.add_job call each, on a paused scheduler. */
  add_job?: { count: number; interval: number };
  insert?: boolean;
  start?: boolean;
  coalesce?: boolean;
  expect_runs?: number;
  duration?: number;
  idle?: number;
  timeout?: number;
  record?: 'lateness' | 'ids';
  warmup?: number;
}

export interface ApsResult {
  apscheduler: string;
  pid: number;
  insert_s?: number;
  /** add_job mode: seconds for the `count` calls, and the rows the store then holds. */
  add_job_s?: number;
  stored?: number;
  started_at?: number;
  stopped_at?: number;
  /** duration mode: when the measurement window (and its CPU count) began. */
  window_started_at?: number;
  executed?: number;
  errors?: number;
  missed?: number;
  first?: number | null;
  last?: number | null;
  cpu_s?: number;
  peak_rss_mb?: number;
  lateness_ms?: number[];
  runs?: string[];
  /** From /proc, sampled by the harness. */
  proc?: ProcSample | null;
}

export class ApsProcess {
  readonly result: Promise<ApsResult>;
  readonly ready: Promise<number>;
  private watch: ProcWatch | null = null;

  constructor(config: ApsConfig) {
    const child = spawn(PYTHON, [RUNNER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let markReady: (pid: number) => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const lines = out.split('\n');
      for (const line of lines.slice(0, -1)) {
        if (line.startsWith('{"ready"')) {
          const pid = (JSON.parse(line) as { pid: number }).pid;
          this.watch = new ProcWatch(pid);
          markReady(pid);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    this.result = new Promise((resolve, reject) => {
      child.on('close', (code) => {
        const proc = this.watch?.stop() ?? null;
        const last = out.trim().split('\n').filter((l) => l.startsWith('{') && !l.startsWith('{"ready"')).pop();
        if (code !== 0 || !last) return reject(new Error(`APScheduler runner exited with ${code}: ${err.slice(-2000)}`));
        resolve({ ...(JSON.parse(last) as ApsResult), proc });
      });
    });
  }
}

export function runAps(config: ApsConfig): Promise<ApsResult> {
  return new ApsProcess(config).result;
}
