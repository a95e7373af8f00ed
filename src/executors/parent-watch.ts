// A worker process must not outlive the service: its run would be found abandoned and retried
// while it still runs. The IPC 'disconnect' event ends a worker whose event loop is free, but a
// CPU-bound task never lets that loop turn. So a thread outside it watches for the parent's death
// (the worker is re-parented and its ppid changes, whether the service exited or was SIGKILLed)
// and kills the whole process.
import { Worker } from 'node:worker_threads';

const WATCH_EVERY_MS = 200;

// Plain CommonJS evaluated in the thread: no loader, no project module to import.
const WATCHER = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.ppid) process.kill(process.pid, 'SIGKILL');
}, workerData.everyMs);
`;

export function dieWithParent(): void {
  const watcher = new Worker(WATCHER, { eval: true, execArgv: [], workerData: { ppid: process.ppid, everyMs: WATCH_EVERY_MS } });
  watcher.unref(); // never what keeps a worker alive
}
