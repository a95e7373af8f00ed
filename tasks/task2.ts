// The daily noon report: a stand-in for real work that honours cancellation.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskContext } from 'mysql-scheduler/task';

export async function run(ctx: TaskContext): Promise<void> {
  await sleep(500, undefined, { signal: ctx.signal });
  ctx.logger.info('task2: daily report written');
}
