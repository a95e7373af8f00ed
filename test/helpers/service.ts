// The real service as a child process, in a throw-away project folder (env.yaml, config/,
// tasks/), so end-to-end tests exercise exactly what `npm start` runs, with real signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitFor } from './wait.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = join(REPO, 'src', 'main.ts');
// Absolute, so the child resolves tsx from the repo although its working directory is elsewhere.
export const TSX = pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface ProjectFiles {
  /** env.yaml content. */
  env?: string;
  /** config/test.yaml content. */
  config: string;
  /** tasks/<name>.ts content by name. */
  tasks?: Record<string, string>;
}

/** Writes a project folder and returns its path. */
export function makeProject(files: ProjectFiles): string {
  const root = mkdtempSync(join(tmpdir(), 'sched-e2e-'));
  mkdirSync(join(root, 'config'));
  mkdirSync(join(root, 'tasks'));
  writeFileSync(join(root, 'env.yaml'), files.env ?? '');
  writeFileSync(join(root, 'config', 'test.yaml'), files.config);
  for (const [name, text] of Object.entries(files.tasks ?? {})) writeFileSync(join(root, 'tasks', `${name}.ts`), text);
  return root;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process with its output collected line by line. */
export class LoggedProcess {
  /** stdout and stderr lines, interleaved as they arrived. */
  readonly lines: string[] = [];
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [stream, sink] of [[this.child.stdout!, this.stdout], [this.child.stderr!, this.stderr]] as const) {
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        this.lines.push(...parts);
        sink.push(...parts);
      });
      stream.on('end', () => {
        if (!buffer) return;
        this.lines.push(buffer);
        sink.push(buffer);
      });
    }
    // 'close' (not 'exit'): every byte of output has been read by then.
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Waits for a log line matching `pattern`; fails at once if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return waitFor(`a log line matching ${pattern}`, async () => {
      const line = this.lines.find((l) => pattern.test(l));
      if (line) return line;
      if (this.child.exitCode !== null) throw new Error(`exited with ${this.child.exitCode}:\n${this.lines.slice(-10).join('\n')}`);
      return null;
    }, timeoutMs);
  }

  /** Log lines parsed as JSON (pino output); other lines are skipped. */
  json(): Array<Record<string, unknown>> {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Stops the process (SIGTERM, then SIGKILL if it lingers) — for test clean-up. */
  async stop(): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
  }
}

/** The scheduler service (`node --import tsx src/main.ts <args>`) run in a project folder. */
export class ServiceProcess extends LoggedProcess {
  constructor(root: string, env: NodeJS.ProcessEnv, args: string[] = ['start']) {
    super(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: root,
      env: { ...process.env, APP_ENV: 'test', LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
    });
  }
}

/** Runs a CLI command to completion: `scheduler <args>` in `root`. */
export async function runCommand(root: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const service = new ServiceProcess(root, env, args);
  const exit = await service.exited;
  return { code: exit.code, stdout: service.stdout.join('\n'), stderr: service.stderr.join('\n') };
}
