// setTimeout for any delay. Node fires a delay above 2^31 - 1 ms (24.8 days) after 1 ms instead,
// so a `timeout` or `shutdown_timeout` of a month would end work at once: a longer delay is waited
// for in steps. Every timer whose delay comes from configuration goes through here.

/** The longest delay Node's setTimeout honours. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface LongTimeout {
  clear(): void;
}

/** Calls `callback` once `ms` have passed (never for Infinity). */
export function setLongTimeout(callback: () => void, ms: number): LongTimeout {
  let timer: NodeJS.Timeout | undefined;
  let remaining = ms;
  const step = (): void => {
    const delay = Math.min(remaining, MAX_DELAY_MS);
    remaining -= delay;
    timer = setTimeout(remaining > 0 ? step : callback, delay);
  };
  step();
  return { clear: () => clearTimeout(timer) };
}
