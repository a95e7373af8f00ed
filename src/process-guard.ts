// What happens when code escapes every handler. Two policies: the service's (installed once at
// the start of `scheduler start`, it owns the process) and an embedding application's (installed
// by createScheduler's start(): the process is the application's). README "Signals and exit".
//
// The service's:
// - An uncaught exception or an unhandled rejection raised by a task's code (its timers,
//   callbacks and promises, see executors/task-scope.ts) fails that task's attempt if it is still
//   running, is logged as one JSON line naming the job, and the service goes on: the task's state
//   may be broken, the scheduler's is not.
// - An unhandled rejection anywhere else is logged as one JSON line and the service goes on: a
//   rejection unwinds nothing half-way.
// - An uncaught exception anywhere else leaves the process in an unknown state: it is logged
//   `fatal`, the service shuts down gracefully (as on SIGTERM) and exits 1, for a supervisor to
//   restart it.
// - A task may not end the service: process.exit(), process.reallyExit(), process.abort() and
//   process.kill() of the service's own process throw inside the task instead. The service exits through the originals.
//
// An embedding application's: only what a task's code raises is taken (it fails the task's
// attempt, as above); everything else is left to the application as if the scheduler were not
// there. No exit is intercepted, and no rejection handler is installed (which would change how
// Node treats every rejection of the application): a task's forgotten rejection is seen when Node
// raises it as an uncaught exception, its default (`--unhandled-rejections=throw`).
import { formatError } from './executors/outcome.js';
import { currentTask, type TaskScope } from './executors/task-scope.js';
import { getLogger } from './log/index.js';

let installed: 'service' | 'embedded' | null = null;
let fatal = false;

export function installProcessGuard(): void {
  if (installed === 'service') return;
  if (installed === 'embedded') process.off('uncaughtException', onTaskException);
  else blameMicrotaskThrows();
  installed = 'service';
  process.on('uncaughtException', onUncaughtException);
  process.on('unhandledRejection', onUnhandledRejection);
  forbidExitFromTasks();
}

/** The embedding application's policy (see the top of this file); a no-op after the service's. */
export function installTaskGuard(): void {
  if (installed) return;
  installed = 'embedded';
  process.on('uncaughtException', onTaskException);
  blameMicrotaskThrows();
}

// Node reports a throw from a queueMicrotask callback only after leaving the async context of
// whoever queued it, so currentTask() no longer knows the task: catch it while it still does.
function blameMicrotaskThrows(): void {
  const queue = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (callback: () => void) => {
    const task = currentTask();
    if (!task) return queue(callback);
    queue(() => {
      try {
        callback();
      } catch (error) {
        blame(task, 'uncaught exception', error);
      }
    });
  };
}

function onUncaughtException(error: unknown): void {
  const task = currentTask();
  if (task) return blame(task, 'uncaught exception', error);
  const text = formatError(error);
  getLogger().fatal({ error: text }, `uncaught exception: ${firstLine(text)}; shutting down (exit code 1)`);
  if (fatal) return; // already shutting down
  fatal = true;
  process.exitCode = 1;
  // The very path a SIGTERM from outside takes, whatever stage start-up or shutdown is at.
  process.kill(process.pid, 'SIGTERM');
}

function onTaskException(error: unknown, origin: NodeJS.UncaughtExceptionOrigin): void {
  const task = currentTask();
  if (task) return blame(task, origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception', error);
  // The application's own listeners decide; with none, Node's default must still happen (print
  // the error, exit 1), which listening has turned off: stop listening and throw it again.
  if (process.listenerCount('uncaughtException') > 1) return;
  process.off('uncaughtException', onTaskException);
  process.nextTick(() => {
    throw error;
  });
}

function onUnhandledRejection(reason: unknown): void {
  const task = currentTask();
  if (task) return blame(task, 'unhandled rejection', reason);
  const text = formatError(reason);
  getLogger().error({ error: text }, `unhandled promise rejection: ${firstLine(text)}; the service goes on`);
}

function blame(task: TaskScope, what: string, error: unknown): void {
  const text = formatError(error);
  const ended = task.fail(what, error) ? 'its attempt fails' : 'its attempt had already ended';
  task.logger.error({ error: text }, `${what} in task ${task.jobId}: ${firstLine(text)}; ${ended}; the service goes on`);
}

function forbidExitFromTasks(): void {
  const { exit, abort, kill } = process;
  // Undocumented, but what process.exit() ends in, and callable directly.
  const internal = process as unknown as { reallyExit: (code?: number) => never };
  const { reallyExit } = internal;
  process.exit = ((code?: number | string | null) => {
    refuseInTask('process.exit()');
    // After a fatal error, a clean return of the start command still ends non-zero.
    return exit.call(process, fatal && !code ? 1 : code);
  }) as typeof process.exit;
  internal.reallyExit = (code?: number) => {
    refuseInTask('process.reallyExit()');
    return reallyExit.call(process, code);
  };
  process.abort = (() => {
    refuseInTask('process.abort()');
    return abort.call(process);
  }) as typeof process.abort;
  process.kill = (pid: number, signal?: string | number) => {
    // Node accepts a numeric string; 0 and -pid are process groups holding the service; signal 0
    // only checks that a process exists.
    const target = Number(pid);
    if ((target === 0 || Math.abs(target) === process.pid) && signal !== 0) refuseInTask(`process.kill(${pid})`);
    return kill.call(process, pid, signal);
  };
}

function refuseInTask(call: string): void {
  const task = currentTask();
  if (task) throw new Error(`${call} called by task ${task.jobId}: tasks must not exit the service`);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}
