// The process-wide pino logger. `getLogger()` is what tasks and modules import; `configureLogging`
// is called once at start-up with the validated settings. Pretty output on a terminal (when
// pino-pretty is installed, i.e. in development), JSON lines otherwise, plus an optional JSON file.
import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger, type StreamEntry } from 'pino';

export type { Logger } from 'pino';

export interface LoggingSettings {
  level: string;
  /** Also append JSON lines to this file. */
  file: string | null;
}

/**
 * pino's `err` serializer, made total: it reads `message`, `stack` and every own property, and a
 * task's error object may throw from any of them. A log call must never throw into its caller.
 */
export const serializers = { err: safeErr };

let root: Logger = pino({ level: process.env.LOG_LEVEL || 'info', serializers });

/** The global logger (or a named child of it). */
export function getLogger(name?: string): Logger {
  return name ? root.child({ module: name }) : root;
}

export function configureLogging(settings: LoggingSettings): Logger {
  root = createLogger(settings, 'stdout');
  return root;
}

/**
 * A logger as the settings ask, writing to `console` (the service's stdout; an embedding
 * application's stderr, whose stdout is its own) and to `settings.file`.
 */
export function createLogger(settings: LoggingSettings, console: 'stdout' | 'stderr'): Logger {
  const streams: StreamEntry[] = [{ level: 'trace', stream: consoleStream(console) }];
  if (settings.file) {
    // Synchronous like stdout: an asynchronous destination's flush() only starts a write, so the
    // last lines (up to "shutdown complete", or those before a crash) could miss the file.
    streams.push({ level: 'trace', stream: pino.destination({ dest: settings.file, mkdir: true, sync: true }) });
  }
  return pino({ level: settings.level, serializers, redact: { paths: ['password', '*.password'], censor: '***' } }, pino.multistream(streams));
}

/**
 * Makes `logger` the one getLogger() returns: an embedded scheduler's, so that lines logged by
 * modules rather than by a scheduler (migrations) reach the application's logger too.
 */
export function useLogger(logger: Logger): void {
  root = logger;
}

function safeErr(err: unknown): unknown {
  try {
    return pino.stdSerializers.err(err as Error);
  } catch {
    return { type: 'Unserializable', message: 'the error object could not be serialized (one of its properties threw)' };
  }
}

/** Writes what is buffered; called before the process exits. */
export function flushLogs(): void {
  root.flush();
}

function consoleStream(console: 'stdout' | 'stderr'): DestinationStream {
  if (process[console].isTTY && process.env.NODE_ENV !== 'production') {
    const pretty = loadPretty();
    if (pretty) return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: console === 'stdout' ? 1 : 2 });
  }
  return pino.destination({ dest: console === 'stdout' ? 1 : 2, sync: true });
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

// pino-pretty is a dev dependency: absent from production installs, where JSON is what we want anyway.
function loadPretty(): PrettyFactory | null {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  } catch {
    return null;
  }
}
