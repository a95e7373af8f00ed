// The jobstore URL: checked at load, and shown only with its password masked. Three schemes:
// mysql://user:password@host:3306/database, sqlite:path/to/file.db (relative to the project folder,
// the working directory for the CLI; sqlite::memory: for a throw-away database) and memory: (the
// in-memory store).
import { isAbsolute, resolve } from 'node:path';
import type { ConfigNode } from './reader.js';

/** Used when neither JOBSTORE_URL nor scheduler.jobstore.url is set: zero setup, still persistent. */
export const DEFAULT_JOBSTORE_URL = 'sqlite:data/scheduler.db';

const EXPECTED = '(expected mysql://user:password@host:3306/database, sqlite:path/to/file.db or memory:)';
const EXPECTED_MYSQL = '(expected mysql://user:password@host:3306/database)';

export function checkJobstoreUrl(raw: string, node: ConfigNode): string {
  if (raw === 'memory:') return raw;
  if (raw.startsWith('sqlite:')) return checkSqliteUrl(raw, node);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return node.fail(`"${redactUrl(raw)}" is not a URL ${EXPECTED}`);
  }
  if (url.protocol !== 'mysql:') node.fail(`unsupported scheme "${url.protocol}" ${EXPECTED}`);
  // `mysql:user:pw@host/db` and `mysql:///user:pw@host/db` parse as URLs with no host: the driver
  // would then connect elsewhere, as nobody.
  if (!raw.toLowerCase().startsWith('mysql://') || url.hostname === '') node.fail(`${redactUrl(raw)} names no host ${EXPECTED_MYSQL}`);
  if (url.pathname.replace(/^\//, '') === '') node.fail(`${redactUrl(raw)} names no database ${EXPECTED_MYSQL}`);
  // The driver decodes these parts with decodeURIComponent: a stray `%` must fail here, by name.
  for (const [part, text] of [['user name', url.username], ['password', url.password], ['host', url.hostname], ['database name', url.pathname]] as const) {
    try {
      decodeURIComponent(text);
    } catch {
      node.fail(`the ${part} of ${redactUrl(raw)} has a % not followed by two hex digits (write %25 for a literal %)`);
    }
  }
  return raw;
}

/** The file of a sqlite: URL as written (relative to the working directory), or ':memory:'. */
export function sqlitePath(url: string): string {
  return url.slice('sqlite:'.length);
}

/** A relative sqlite: file read against `root` (the project folder, the working directory for the CLI). */
export function sqliteUrlIn(root: string, url: string): string {
  const path = sqlitePath(url);
  return !url.startsWith('sqlite:') || path === ':memory:' || isAbsolute(path) ? url : `sqlite:${resolve(root, path)}`;
}

// SQLAlchemy spells files sqlite:///relative and sqlite:////absolute; here the path follows the
// colon directly, and a leading // is refused rather than guessed at.
function checkSqliteUrl(raw: string, node: ConfigNode): string {
  const path = sqlitePath(raw);
  if (path === '') node.fail(`"${raw}" names no file (expected sqlite:path/to/file.db or sqlite::memory:)`);
  if (path.startsWith('//')) node.fail(`"${raw}": write the path right after the colon (sqlite:data/scheduler.db, sqlite:/var/lib/scheduler.db), not sqlite://`);
  return raw;
}

/**
 * The URL with its password replaced by ***, safe for logs and error messages, whatever the text.
 * The user part is everything between the scheme (with or without its `//`) and the LAST `@` (a
 * raw `@`, `/` or `#` in the password included), and its password whatever follows its first `:`.
 * With no `@` at all (`mysql://admin:S3cret/db`), everything after `user:` up to the last `/` is
 * masked. A `password=` in the query string is masked too. Over-masking a path or a port is
 * harmless; showing part of a password is not.
 */
export function redactUrl(raw: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(raw)?.[0];
  if (scheme === undefined) return raw;
  return scheme + maskQueryPassword(maskUserPassword(raw.slice(scheme.length)));
}

function maskUserPassword(rest: string): string {
  const colon = rest.indexOf(':');
  if (colon === -1) return rest;
  const at = rest.lastIndexOf('@');
  if (at !== -1) return colon < at ? `${rest.slice(0, colon + 1)}***${rest.slice(at)}` : rest;
  // No `@`: a `user:password/db` typo, or a `host:port/db`; mask either way.
  const slash = rest.lastIndexOf('/');
  return `${rest.slice(0, colon + 1)}***${slash > colon ? rest.slice(slash) : ''}`;
}

function maskQueryPassword(text: string): string {
  return text.replace(/([?&](?:password|passwd|pass|pwd)=)[^&#]*/gi, '$1***');
}
