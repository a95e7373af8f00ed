// `scheduler start`: run the service until SIGINT/SIGTERM, then shut down gracefully (SPEC §8).
// Signals are handled from the first line: one during start-up stops it at its next safe point
// (never inside a migration) and exits 0. A second signal exits at once (1). Exit code 1 also
// when run outcomes could not be recorded at shutdown (the database was unreachable).
import type { Logger } from 'pino';
import { configureLogging, flushLogs } from '../log/index.js';
import { installProcessGuard } from '../process-guard.js';
import { startService, type Service } from '../service.js';
import { StopRequested } from '../stop.js';
import { parse } from './args.js';
import { config, type CliContext } from './context.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function startCommand(argv: string[], ctx: CliContext): Promise<number> {
  const stop = listenForStop();
  installProcessGuard();
  parse('start', argv, {}, { min: 0, max: 0, usage: 'start' });
  const cfg = config(ctx);
  const logger = configureLogging(cfg.settings.logging);
  stop.first = (s) => logger.info(`${s} received during start-up: stopping at the next safe point (send ${s} again to exit at once)`);
  stop.again = (s) => exitNow(logger, `${s} received again during start-up: exiting now`);
  let service: Service;
  try {
    service = await startService(cfg, logger, { signal: stop.signal });
  } catch (error) {
    if (!(error instanceof StopRequested)) throw error;
    logger.info(`${error.signal} received during start-up: stopped before the scheduler began`);
    return 0;
  }
  stop.first = () => undefined;
  const signal = await stop.received;
  logger.info(`${signal} received: shutting down (${service.scheduler.running} run(s) in progress, waiting up to ${cfg.settings.shutdownTimeout}s; send ${signal} again to exit at once)`);
  stop.again = (s) => exitNow(logger, `${s} received again: exiting now; unfinished runs will be marked abandoned when their lease expires`);
  const { unrecorded } = await service.stop();
  if (unrecorded > 0) {
    logger.error(`shutdown complete, but ${unrecorded} run outcome(s) were not recorded: exiting with code 1`);
    return 1;
  }
  logger.info('shutdown complete');
  return 0;
}

interface StopListener {
  /** Aborted by the first signal, with a StopRequested naming it. */
  signal: AbortSignal;
  /** Resolves with the first signal. */
  received: Promise<NodeJS.Signals>;
  /** What the first and a second signal do, besides the above. */
  first: (signal: NodeJS.Signals) => void;
  again: (signal: NodeJS.Signals) => void;
}

function listenForStop(): StopListener {
  const controller = new AbortController();
  let resolve: (signal: NodeJS.Signals) => void = () => undefined;
  const listener: StopListener = {
    signal: controller.signal,
    received: new Promise((r) => (resolve = r)),
    first: () => undefined,
    again: () => process.exit(1),
  };
  for (const name of SIGNALS) {
    process.on(name, () => {
      if (controller.signal.aborted) return listener.again(name);
      listener.first(name);
      controller.abort(new StopRequested(name));
      resolve(name);
    });
  }
  return listener;
}

function exitNow(logger: Logger, message: string): never {
  logger.warn(message);
  flushLogs();
  process.exit(1);
}
