// The jobstore URL: checked at load, and shown only with its password masked.
import type { ConfigNode } from './reader.js';

const EXPECTED = '(expected mysql://user:password@host:3306/database)';

export function checkJobstoreUrl(raw: string, node: ConfigNode): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return node.fail(`"${redactUrl(raw)}" is not a URL ${EXPECTED}`);
  }
  if (url.protocol !== 'mysql:') node.fail(`unsupported scheme "${url.protocol}" (expected mysql://)`);
  if (url.pathname.replace(/^\//, '') === '') node.fail(`${redactUrl(raw)} names no database ${EXPECTED}`);
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

/**
 * The URL with its password replaced by ***, safe for logs and error messages, whatever the text.
 * After `scheme://user:`, everything up to the LAST `@` is masked (a raw `@`, `/` or `#` in the
 * password included); with no `@` at all (`mysql://admin:S3cret/db`), everything up to the last
 * `/`. Over-masking a path or a port is harmless; showing part of a password is not.
 */
export function redactUrl(raw: string): string {
  const head = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:/i.exec(raw)?.[0];
  if (head === undefined) return raw;
  const rest = raw.slice(head.length);
  const at = rest.lastIndexOf('@');
  const keep = at !== -1 ? at : rest.lastIndexOf('/');
  return `${head}***${keep === -1 ? '' : rest.slice(keep)}`;
}
