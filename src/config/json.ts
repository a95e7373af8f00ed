// Mappings stored as JSON in TEXT columns (params, trigger_args): at most 65,535 bytes nested at
// most 100 deep (deeper, the copies and views made of them overflow the stack), and only values
// JSON keeps. The size is counted without building the text, stopping at the limit, so a
// value made huge by YAML aliases costs no more than the limit to refuse.
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from './limits.js';
import type { ConfigNode } from './reader.js';

export function storableJson(n: ConfigNode): Readonly<Record<string, unknown>> {
  const value = n.record();
  let bytes = 0;
  const add = (text: string, extra = 0): void => {
    bytes += Buffer.byteLength(text, 'utf8') + extra;
    if (bytes > MAX_JSON_BYTES) n.fail(`is more than ${MAX_JSON_BYTES} bytes as JSON, the most the store holds`);
  };
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) n.fail(`holds ${v}, which JSON cannot (it would be stored as null)`);
    // Only the job API can pass these (YAML has none): JSON would drop them or throw.
    if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') n.fail(`holds a ${typeof v}, which JSON cannot store`);
    if (typeof v !== 'object' || v === null) return add(JSON.stringify(v) ?? 'null');
    if (depth > MAX_JSON_DEPTH) n.fail(`is nested more than ${MAX_JSON_DEPTH} levels deep, the most the store keeps`);
    const entries = Object.entries(v);
    add(Array.isArray(v) ? '[]' : '{}', Math.max(entries.length - 1, 0)); // brackets and commas
    for (const [key, child] of entries) {
      if (!Array.isArray(v)) add(`${JSON.stringify(key)}:`);
      walk(child, depth + 1);
    }
  };
  walk(value, 1);
  return value;
}
