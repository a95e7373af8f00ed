// The messages between the process executor and its worker processes (IPC with the 'advanced'
// serialization, so Dates survive). One attempt at a time per worker:
//   worker → parent  ready                       once, when it can take work
//   parent → worker  run                         start an attempt
//   worker → parent  log*, then result           the attempt's log lines, then how it ended
//   parent → worker  abort                       fire the task's signal (a kill follows shortly)
//   worker → parent  fatal                       an uncaught error; the worker exits right after
import type { AttemptInfo } from './task-run.js';
import type { RunOutcome } from './types.js';

export interface RunMessage extends AttemptInfo {
  type: 'run';
  task: string;
  /** The parent logger's level, so the worker does not ship lines that would be dropped. */
  logLevel: string;
}

export interface AbortMessage {
  type: 'abort';
  /** Becomes the message of the task's `signal.reason`. */
  reason: string;
}

export type ParentMessage = RunMessage | AbortMessage;

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'result'; outcome: RunOutcome }
  | { type: 'fatal'; error: string };
