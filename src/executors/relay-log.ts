// Re-emits a worker's pino JSON line through the run's logger in the parent, so a task's log lines
// carry the job/run bindings and go wherever the parent's logs go.
import type { Logger } from 'pino';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Level = (typeof LEVELS)[number];

export function relayLog(logger: Logger, line: string): void {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = null;
  }
  if (typeof entry !== 'object' || entry === null) {
    logger.info(line.trimEnd());
    return;
  }
  // The parent stamps its own time; level and msg become the call itself.
  const { level, msg, time: _time, ...fields } = entry as Record<string, unknown>;
  const method = levelName(logger, level);
  if (typeof msg === 'string') logger[method](fields, msg);
  else logger[method](fields);
}

function levelName(logger: Logger, level: unknown): Level {
  const label = typeof level === 'number' ? logger.levels.labels[level] : undefined;
  return LEVELS.find((name) => name === label) ?? 'info';
}
