// Drives bench/apscheduler/runner.py (APScheduler 3.9 in /usr/bin/python3): one call = one
// scheduler process; its CPU and memory are sampled from /proc like ours.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcWatch, type ProcSample } from './proc.js';

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), '..', 'apscheduler', 'runner.py');
export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

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
  jobs: ApsJobs;
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
