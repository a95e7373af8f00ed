// The largest values the configuration accepts: what the store's columns and the runtime can hold.
// Checked at load, so a value the database would refuse stops start-up with its file and key.

/** INT columns (max_instances, max_attempts). */
export const MAX_INT = 2_147_483_647;
/** TEXT columns holding JSON (params, trigger_args): bytes of UTF-8. */
export const MAX_JSON_BYTES = 65_535;
/** Nesting of those values (MySQL's own limit for a JSON document): far below what a recursive copy can take. */
export const MAX_JSON_DEPTH = 100;
/** Per-run spans (retry_delay, timeout, misfire_grace_time, shutdown_timeout): 10 years of 365 days. */
export const MAX_RUN_SECONDS = 315_360_000;
/** The service's own periods (poll, heartbeat, lease, clock skew): one day. */
export const MAX_SERVICE_SECONDS = 86_400;
export const MAX_THREADS = 1_000;
export const MAX_BATCH_SIZE = 10_000;
export const MAX_RETENTION_DAYS = 36_500;
export const MAX_PORT = 65_535;
/** VARCHAR(191) columns (job id, task module). */
export const MAX_NAME_LENGTH = 191;
