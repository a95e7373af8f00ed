// What the store can hold, shared by both stores so they keep the same values: a run's error text
// fits the MySQL TEXT column (65,535 bytes of utf8mb4, so a multibyte character counts as 2 to 4),
// and times fit DATETIME (years 1000 to 9999). A value past these limits would fail its whole
// batch in MySQL; here it is cut (saying so in the text) or refused before it reaches the store.

/** Bytes a TEXT column holds on MySQL: a run's `error`, a job's `params` and `trigger_args` JSON. */
export const MAX_TEXT_BYTES = 65_535;
/** Bytes a run's `error` holds (MySQL TEXT). */
export const MAX_ERROR_BYTES = MAX_TEXT_BYTES;
/** Characters (code points) a job's `origin` holds: VARCHAR(191), as job ids. */
export const MAX_ORIGIN_LENGTH = 191;
/** The latest and earliest instants a DATETIME(6) column holds (to the millisecond). */
export const LATEST_TIME = new Date('9999-12-31T23:59:59.999Z');
export const EARLIEST_TIME = new Date('1000-01-01T00:00:00.000Z');

// The head (the message and the top of the stack) matters most; the tail shows where it ended.
const HEAD_SHARE = 0.75;

/** Whether `date` is a valid time a DATETIME column can hold. */
export function isStorableTime(date: Date): boolean {
  const t = date.getTime();
  return t >= EARLIEST_TIME.getTime() && t <= LATEST_TIME.getTime();
}

/**
 * The error text as stored: unchanged when it fits `maxBytes` of UTF-8, else its head and tail
 * around a marker saying how many bytes were cut, e.g. `… [truncated 12,345 bytes] …`. Cuts fall
 * between characters, never inside one.
 */
export function storableError(text: string | null, maxBytes = MAX_ERROR_BYTES): string | null {
  if (text === null) return null;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Room for the longest marker this text can need (the count is at most its length).
  const room = maxBytes - Buffer.byteLength(marker(bytes.length));
  const headEnd = charStart(bytes, Math.floor(room * HEAD_SHARE));
  const tailStart = nextCharStart(bytes, bytes.length - (room - headEnd));
  const cut = tailStart - headEnd;
  return `${bytes.subarray(0, headEnd).toString('utf8')}${marker(cut)}${bytes.subarray(tailStart).toString('utf8')}`;
}

function marker(cutBytes: number): string {
  return `\n… [truncated ${cutBytes.toLocaleString('en-US')} bytes] …\n`;
}

/** The start of the character containing byte `i` (UTF-8 continuation bytes are 10xxxxxx). */
function charStart(bytes: Buffer, i: number): number {
  let at = i;
  while (at > 0 && isContinuation(bytes[at])) at -= 1;
  return at;
}

/** The first character boundary at or after byte `i`. */
function nextCharStart(bytes: Buffer, i: number): number {
  let at = i;
  while (at < bytes.length && isContinuation(bytes[at])) at += 1;
  return at;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
