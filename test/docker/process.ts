// A child process with its output collected line by line (for commands other than the tsx
// service that helpers/service.ts starts, e.g. the compiled image's `node dist/src/main.js`).
import { spawn, type SpawnOptions } from 'node:child_process';
import { waitFor } from '../helpers/wait.js';

export interface Logged {
  readonly lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM (SIGKILL after 15 s); resolves with how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnLogged(command: string, args: string[], options: SpawnOptions): Logged {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
    });
    stream.on('end', () => buffer && lines.push(buffer));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    lines,
    waitForLine: (pattern, timeoutMs = 30_000) =>
      waitFor(`a line matching ${pattern}`, async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${lines.slice(-10).join('\n')}`);
        return lines.find((l) => pattern.test(l));
      }, timeoutMs),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const exit = await exited;
        clearTimeout(timer);
        return exit;
      }
      return exited;
    },
  };
}
