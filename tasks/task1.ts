// A periodic heartbeat task: logs where it is in its schedule.
import type { TaskContext } from 'mysql-scheduler/task';

export async function run(ctx: TaskContext): Promise<void> {
  ctx.logger.info({ scheduledAt: ctx.scheduledAt.toISOString() }, 'task1: hello from an interval job');
}
