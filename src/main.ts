#!/usr/bin/env node
// Entry point of the `scheduler` command (also `npm start`, `npm run cli -- …`).
import { describeError, runCli } from './cli/index.js';
import { flushLogs } from './log/index.js';

const ctx = {
  env: process.env,
  root: process.cwd(),
  out: (text: string) => void process.stdout.write(`${text}\n`),
  tty: Boolean(process.stdout.isTTY),
};

let code: number;
try {
  code = await runCli(process.argv.slice(2), ctx);
} catch (error) {
  process.stderr.write(`error: ${describeError(error)}\n`);
  code = 1;
}
flushLogs();
await Promise.all([drained(process.stdout), drained(process.stderr)]);
// Worker processes, pools and timers must not keep a finished command alive.
process.exit(code);

/** Resolves once what was written has left the process: a pipe takes 64 KiB at a time, and
 *  exiting earlier cuts the output (`scheduler next --json | jq`). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    // A reader that went away (`| head`) ends the wait too; its EPIPE is not the command's failure.
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}
