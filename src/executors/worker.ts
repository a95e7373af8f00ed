// One worker process of the process pool, seen from the parent: start it, hand it an attempt,
// learn how the attempt ended — including by the process dying under it.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { failed } from './outcome.js';
import type { ChildMessage, ParentMessage, RunMessage } from './protocol.js';
import { relayLog } from './relay-log.js';
import type { RunOutcome } from './types.js';

interface CurrentRun {
  logger: Logger;
  resolve(outcome: RunOutcome): void;
}

export class Worker {
  /** Resolves when the worker can take work; rejects if it dies first. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private current: CurrentRun | null = null;
  private exit: string | null = null;
  private fatal: string | null = null;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(tasksDir: string) {
    this.child = fork(childEntry(), [tasksDir], {
      execArgv: childExecArgv(),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    killOnExit(this.child);
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve();
        else this.onMessage(message);
      });
      // Could not be spawned, or a kill failed; later calls to reject are no-ops, which is the point
      // of listening at all: an unheard 'error' event would throw in the parent.
      this.child.on('error', reject);
      this.child.once('exit', () => reject(new Error(`worker exited with ${this.exit} before it was ready`)));
    });
    this.ready.catch(() => {}); // whoever checks the worker out sees it; nobody else has to
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      this.onExit(code, signal);
      resolve();
    }));
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** Runs one attempt; resolves with its result, or `failed` if the process dies during it. */
  run(message: RunMessage, logger: Logger): Promise<RunOutcome> {
    if (!this.alive) return Promise.resolve(failed(`worker exited with ${this.exit} before the run`));
    return new Promise((resolve) => {
      this.current = { logger, resolve };
      try {
        this.send(message);
      } catch (err) {
        // e.g. params holding a function: they cannot cross to another process.
        this.settle(failed(`could not send the run to the worker: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  /** Fires the task's signal, and kills the process if it is still there after `killDelayMs`. */
  abort(reason: string, killDelayMs: number): void {
    if (!this.alive) return;
    this.send({ type: 'abort', reason });
    this.killTimer ??= setTimeout(() => this.kill(), killDelayMs);
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** Ends an idle worker. */
  stop(): void {
    if (this.alive) this.child.kill('SIGTERM');
  }

  private send(message: ParentMessage): void {
    // A failed send means the channel is closing; the 'exit' handler reports it.
    this.child.send(message, (err) => void err);
  }

  private onMessage(message: ChildMessage): void {
    if (message.type === 'fatal') this.fatal = message.error;
    if (!this.current) return;
    if (message.type === 'log') relayLog(this.current.logger, message.line);
    if (message.type === 'result') this.settle(message.outcome);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = code !== null ? `code ${code}` : `signal ${signal}`;
    clearTimeout(this.killTimer);
    const why = this.fatal ? `\n${this.fatal}` : '';
    this.settle(failed(`worker exited with ${this.exit} during the run${why}`));
  }

  private settle(outcome: RunOutcome): void {
    const run = this.current;
    this.current = null;
    run?.resolve(outcome);
  }
}

// Workers still running when the service exits (a second signal exits at once) are killed on the
// way out, synchronously: nothing else in the service runs after 'exit'.
const liveChildren = new Set<ChildProcess>();

function killOnExit(child: ChildProcess): void {
  if (liveChildren.size === 0) process.once('exit', killLiveChildren);
  liveChildren.add(child);
  child.once('exit', () => {
    liveChildren.delete(child);
    if (liveChildren.size === 0) process.off('exit', killLiveChildren);
  });
}

function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

// child.ts next to this file in development (through tsx), child.js in a compiled build.
function childEntry(): string {
  const candidates = ['./child.ts', './child.js'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  if (import.meta.url.endsWith('.js')) candidates.reverse();
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`worker entry not found (looked for ${candidates.join(', ')})`);
  return found;
}

// The parent's flags (e.g. `--import tsx`) without the ones that would make the worker a test
// runner, a debugger target on the same port or a file watcher.
function childExecArgv(): string[] {
  return process.execArgv.filter((flag) => !/^--(test|inspect|watch)/.test(flag));
}
