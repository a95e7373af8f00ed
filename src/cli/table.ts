// Aligned plain-text tables for the CLI, with the status column coloured on a terminal.
import type { RunStatus } from '../store/types.js';

const COLOURS: Partial<Record<RunStatus, number>> = {
  succeeded: 32, failed: 31, abandoned: 31, interrupted: 33, missed: 33, skipped: 33, running: 36, queued: 34,
};

export function colourStatus(status: RunStatus, tty: boolean): string {
  const code = COLOURS[status];
  return tty && code ? `\x1b[${code}m${status}\x1b[0m` : status;
}

/** Renders rows under headers; widths ignore ANSI colour codes. */
export function table(headers: string[], rows: string[][]): string {
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c)))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/**
 * A UTC instant as `2026-01-31 12:00:00.000Z`, '-' for none, 'invalid' for what no Date holds
 * (a zero DATETIME that a lax sql_mode let into a row).
 */
export function utc(date: Date | null): string {
  if (!date) return '-';
  if (Number.isNaN(date.getTime())) return 'invalid';
  return plainYear(date.toISOString()).replace('T', ' ');
}

/** ISO 8601 writes a year past 9999 as `+010000`; a table reads better with `10000`. */
export function plainYear(iso: string): string {
  return iso.replace(/^\+0*(?=\d{5})/, '');
}
