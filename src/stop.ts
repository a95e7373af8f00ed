// A request to stop (SIGINT/SIGTERM) reaches start-up as an AbortSignal whose reason is a
// StopRequested: start-up checks it at each safe point and rejects with it, and `scheduler start`
// tells that apart from a failure.
export class StopRequested extends Error {
  override name = 'StopRequested';

  constructor(readonly signal: NodeJS.Signals) {
    super(`${signal} received`);
  }
}
