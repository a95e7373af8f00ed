// The jobstore URL: checked at load, and shown only with its password masked.
import type { ConfigNode } from './reader.js';

export function checkJobstoreUrl(raw: string, node: ConfigNode): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return node.fail(`"${redactUrl(raw)}" is not a URL (expected mysql://user:password@host:3306/database)`);
  }
  if (url.protocol !== 'mysql:') node.fail(`unsupported scheme "${url.protocol}" (expected mysql://)`);
  if (url.pathname.replace(/^\//, '') === '') node.fail(`${redactUrl(raw)} names no database (expected mysql://user:password@host:3306/database)`);
  return raw;
}

/** The URL with its password replaced by ***, safe for logs and error messages. */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)([^@]*)@/i, '$1***@');
}
