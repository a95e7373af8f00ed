// Whether an address reaches this machine only: decides whether the API may run without a token
// (http.api) and which Host names a loopback listener accepts (http/host-check.ts).
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and the name `localhost`; `0.0.0.0` and `::` are every interface. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) !== 6) return false;
  // The URL parser writes an IPv6 address in its one canonical form: ::1, and ::ffff:7f00:1 for ::ffff:127.0.0.1.
  const canonical = new URL(`http://[${name}]/`).hostname;
  return canonical === '[::1]' || canonical.startsWith('[::ffff:7f');
}
