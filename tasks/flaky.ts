// Demonstrates retries: throws until attempt `params.succeed_on_attempt` (default 3).
import type { TaskContext } from 'mysql-scheduler/task';

export function run(ctx: TaskContext): void {
  const succeedOn = Number(ctx.params.succeed_on_attempt ?? 3);
  if (ctx.attempt < succeedOn) throw new Error(`flaky: attempt ${ctx.attempt} fails on purpose (succeeds on attempt ${succeedOn})`);
  ctx.logger.info(`flaky: attempt ${ctx.attempt} succeeded`);
}
