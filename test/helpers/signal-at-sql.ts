// Sends a real signal to the service from inside itself, right after the first statement whose
// SQL matches a pattern has returned (mysql2's diagnostics channel, preloaded with --import): a
// test can so kill -9 or SIGTERM start-up at an exact point (after `CREATE TABLE … jobs`, inside
// the job sync …) instead of guessing a delay. The hook says on stderr when it fired.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HOOK = `import { tracingChannel } from 'node:diagnostics_channel';
const pattern = new RegExp(process.env.SIGNAL_AFTER_SQL, 'is');
let sent = false;
tracingChannel('mysql2:query').subscribe({
  start() {}, end() {}, asyncEnd() {}, error() {},
  asyncStart(ctx) {
    if (sent || !pattern.test(ctx.query)) return;
    sent = true;
    process.stderr.write('test hook: ' + process.env.SIGNAL_NAME + ' after ' + ctx.query.replace(/\\s+/g, ' ').slice(0, 80) + '\\n');
    process.kill(process.pid, process.env.SIGNAL_NAME);
  },
});
`;

export const HOOK_FIRED = /^test hook: /;

/** Environment for a ServiceProcess in `root` that receives `signal` after the first statement matching `pattern`. */
export function signalAfterSql(root: string, pattern: RegExp, signal: NodeJS.Signals): NodeJS.ProcessEnv {
  const file = join(root, 'signal-after-sql.mjs');
  writeFileSync(file, HOOK);
  return { NODE_OPTIONS: `--import ${file}`, SIGNAL_AFTER_SQL: pattern.source, SIGNAL_NAME: signal };
}
