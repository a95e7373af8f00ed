// The dashboard's static files, served from the package itself (no CDN): its stylesheet and
// script (assets/, copied into dist by `npm run build`) and uPlot from node_modules. Read once,
// answered with an ETag so a browser revalidates instead of downloading again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

const require = createRequire(import.meta.url);
const FILES: Readonly<Record<string, { path: () => string; type: string }>> = {
  'ui.css': { path: () => fileURLToPath(new URL('./assets/ui.css', import.meta.url)), type: 'text/css; charset=utf-8' },
  'ui.js': { path: () => fileURLToPath(new URL('./assets/ui.js', import.meta.url)), type: 'text/javascript; charset=utf-8' },
  'uPlot.iife.min.js': { path: () => require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { path: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Asset>();

/** The asset by file name, or null for a name that is not one of them. */
export function asset(name: string): Asset | null {
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!file) return null;
  let found = cache.get(name);
  if (!found) {
    const body = readFileSync(file.path());
    found = { body, type: file.type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
    cache.set(name, found);
  }
  return found;
}

export function assetResponse(name: string, ifNoneMatch: string | undefined): Response | null {
  const found = asset(name);
  if (!found) return null;
  const headers = { 'Content-Type': found.type, ETag: found.etag, 'Cache-Control': 'no-cache' };
  if (ifNoneMatch === found.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(found.body), { status: 200, headers });
}
