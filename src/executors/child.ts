// Entry point of a process-pool worker (forked by worker.ts with the tasks folder as argv[2]).
// Runs one attempt at a time on the parent's request and reports back over IPC; see protocol.ts.
import pino from 'pino';
import { serializers } from '../log/index.js';
import { AttemptAbort } from './abort.js';
import { failed, formatError } from './outcome.js';
import { dieWithParent } from './parent-watch.js';
import type { ChildMessage, ParentMessage, RunMessage } from './protocol.js';
import { TaskCache } from '../tasks/source.js';
import { runTask, taskContext } from './task-run.js';

const tasksDir = process.argv[2] ?? 'tasks';
const tasks = new TaskCache(tasksDir);
// Lines go to the parent, which re-emits them with the run's bindings, time and destination.
const logger = pino({ base: null, timestamp: false, serializers }, { write: (line: string) => send({ type: 'log', line }) });
let current: AbortController | null = null;

// Ctrl-C signals the whole process group; the parent decides when and how its workers stop.
process.on('SIGINT', () => {});
// Without the parent there is nobody to report to (and nobody to stop us later): 'disconnect' when
// the event loop is free, the watcher thread when a task keeps it busy.
process.on('disconnect', () => process.exit(0));
dieWithParent();
process.on('uncaughtException', die);
process.on('message', (message: ParentMessage) => {
  if (message.type === 'run') void runAttempt(message);
  else current?.abort(new AttemptAbort(message.reason));
});
send({ type: 'ready' });

async function runAttempt(message: RunMessage): Promise<void> {
  const controller = new AbortController();
  current = controller;
  logger.level = message.logLevel;
  let outcome;
  try {
    const task = await tasks.load(message.task);
    outcome = await runTask(task, taskContext(message, logger, controller.signal));
  } catch (err) {
    outcome = failed(formatError(err));
  }
  current = null;
  send({ type: 'result', outcome });
}

// Something thrown outside the task's promise chain (a timer, an event handler): the process state
// is unknown, so report it and exit; the parent fails the attempt and replaces the worker.
function die(err: unknown): void {
  const error = `uncaught exception: ${formatError(err)}`;
  process.stderr.write(`${error}\n`);
  if (!process.send || !process.connected) process.exit(1);
  process.send({ type: 'fatal', error } satisfies ChildMessage, () => process.exit(1));
}

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}
