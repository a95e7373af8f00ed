// What /healthz answers: healthy when the loop's latest store call succeeded and it completed a
// cycle recently. A pure function of the loop's state, so the rule is testable without a server.

export interface LoopState {
  /** null while the service is still starting (waiting for the store, migrating). */
  lastCycleAt: Date | null;
  storeHealthy: boolean;
  /** The latest store error, for the reason line. */
  lastStoreError: string | null;
}

export interface Health {
  healthy: boolean;
  /** One line saying why, for people and probes. */
  reason: string;
  lastCycleAt: string | null;
}

// The loop cycles at least once per poll interval; several missed cycles (not one slow one) are
// what makes it unhealthy, with a floor so a very short poll interval does not make probes flaky.
export function staleAfterMs(pollIntervalSeconds: number): number {
  return Math.max(5 * pollIntervalSeconds * 1000, 10_000);
}

export function checkHealth(state: LoopState, now: Date, staleMs: number): Health {
  const lastCycleAt = state.lastCycleAt?.toISOString() ?? null;
  if (!state.storeHealthy) {
    return { healthy: false, reason: `job store unreachable: ${state.lastStoreError ?? 'unknown error'}`, lastCycleAt };
  }
  if (state.lastCycleAt === null) return { healthy: false, reason: 'starting: the scheduler loop has not completed a cycle yet', lastCycleAt };
  const ageMs = now.getTime() - state.lastCycleAt.getTime();
  if (ageMs > staleMs) {
    return { healthy: false, reason: `scheduler loop stalled: last cycle ${(ageMs / 1000).toFixed(1)}s ago (limit ${staleMs / 1000}s)`, lastCycleAt };
  }
  return { healthy: true, reason: 'ok', lastCycleAt };
}
