// `scheduler start`: run the service until SIGINT/SIGTERM, then shut down gracefully (SPEC §8).
// A second signal exits at once.
import { configureLogging, flushLogs } from '../log/index.js';
import { installProcessGuard } from '../process-guard.js';
import { startService } from '../service.js';
import { parse } from './args.js';
import { config, type CliContext } from './context.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function startCommand(argv: string[], ctx: CliContext): Promise<number> {
  installProcessGuard();
  parse('start', argv, {}, { min: 0, max: 0, usage: 'start' });
  const cfg = config(ctx);
  const logger = configureLogging(cfg.settings.logging);
  const service = await startService(cfg, logger);
  const signal = await new Promise<NodeJS.Signals>((resolve) => SIGNALS.forEach((s) => process.once(s, () => resolve(s))));
  const running = service.scheduler.running;
  logger.info(`${signal} received: shutting down (${running} run(s) in progress, waiting up to ${cfg.settings.shutdownTimeout}s; send ${signal} again to exit at once)`);
  SIGNALS.forEach((s) =>
    process.once(s, () => {
      logger.warn(`${s} received again: exiting now; unfinished runs will be marked abandoned when their lease expires`);
      flushLogs();
      process.exit(1);
    }),
  );
  await service.stop();
  logger.info('shutdown complete');
  return 0;
}
