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
// Worker processes, pools and timers must not keep a finished command alive.
process.exit(code);
