// The daily noon report: a stand-in for real work that honours cancellation.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskContext } from '../src/tasks/loader.js';
import { getLogger } from '../src/log/index.js';

export async function run(ctx: TaskContext): Promise<void> {
  await sleep(500, undefined, { signal: ctx.signal });
  getLogger('task2').info({ runId: ctx.runId }, 'task2: daily report written');
}
