// MySQL named locks (GET_LOCK) serialise the start-up work of instances sharing a database: the
// migrations and the job sync. A lock that cannot be had is one error naming it and, as far as
// this user may see the server's process list, the connection that holds it.
import { sql, type Kysely } from 'kysely';
import { StoreLockError } from '../types.js';

/**
 * Runs `use` holding lock `<base>.<database>` on connection `conn`, waiting up to `waitSeconds`
 * for it. The wait goes a second at a time, so that an aborted `signal` ends it (rejecting with
 * its reason).
 */
export async function withNamedLock<DB, T>(conn: Kysely<DB>, base: string, waitSeconds: number, use: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const name = await scopedName(conn, base);
  await take(conn, name, waitSeconds, signal);
  let result: T;
  try {
    result = await use();
  } catch (error) {
    // The first error is the one to report: a release failing after it (the connection is gone,
    // and the lock with it) must not replace it.
    await release(conn, name).catch(() => undefined);
    throw error;
  }
  // After success a failed release is not ignored: the pooled connection would keep the lock.
  await release(conn, name);
  return result;
}

// GET_LOCK names are server-wide (and at most 64 characters): with the database in the name,
// schedulers of different databases on one server do not wait for each other.
async function scopedName<DB>(conn: Kysely<DB>, base: string): Promise<string> {
  const { rows } = await sql<{ name: string }>`SELECT LEFT(CONCAT(${base}, '.', COALESCE(DATABASE(), '')), 64) AS name`.execute(conn);
  return rows[0]!.name;
}

async function take<DB>(conn: Kysely<DB>, name: string, waitSeconds: number, signal?: AbortSignal): Promise<void> {
  for (let waited = 1; ; waited += 1) {
    signal?.throwIfAborted();
    const { rows } = await sql<{ ok: number | null }>`SELECT GET_LOCK(${name}, 1) AS ok`.execute(conn);
    const ok = rows[0]?.ok;
    if (ok === 1) return;
    if (ok === 0 && waited < waitSeconds) continue;
    // 0: the wait timed out; NULL: it ended in an error (the query was killed, out of memory).
    const why = ok === 0 ? `within ${waitSeconds}s` : '(GET_LOCK returned NULL: the wait was interrupted)';
    throw new StoreLockError(`could not take the MySQL lock '${name}' ${why}; ${await holderOf(conn, name)}`);
  }
}

async function holderOf<DB>(conn: Kysely<DB>, name: string): Promise<string> {
  const { rows } = await sql<{ id: number | null; user: string | null; host: string | null; command: string | null; time: number | null }>`
    SELECT h.id, p.USER AS user, p.HOST AS host, p.COMMAND AS command, p.TIME AS time
    FROM (SELECT IS_USED_LOCK(${name}) AS id) h
    LEFT JOIN information_schema.PROCESSLIST p ON p.ID = h.id`.execute(conn);
  const holder = rows[0];
  if (!holder?.id) return 'nothing holds it now: try again';
  // Without the PROCESS privilege only the user's own connections are listed.
  const detail = holder.user ? ` (${holder.user}@${holder.host}, ${holder.command} for ${holder.time}s)` : '';
  return `held by MySQL connection ${holder.id}${detail}`;
}

async function release<DB>(conn: Kysely<DB>, name: string): Promise<void> {
  await sql`SELECT RELEASE_LOCK(${name})`.execute(conn);
}
