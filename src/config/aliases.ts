// YAML aliases (`*name`) are kept by js-yaml as shared references: harmless until something walks
// or serialises the document, when a 594-byte "billion laughs" expands to gigabytes. So the size
// each alias adds is counted on the shared graph, in linear time, before anything expands it.
import { ConfigError } from './errors.js';

/** Values that aliases may add to a file once expanded (a list of 9 × 9 × 9 × … is far above). */
const MAX_ALIAS_EXPANSION = 10_000;

export function checkAliases(doc: unknown, file: string): void {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let added = 0;
  // Visits each shared node once; a node met again is an alias and adds its whole expanded size.
  const visit = (value: unknown, path: string): number => {
    if (typeof value !== 'object' || value === null || value instanceof String) return 1;
    const fail = (reason: string) => new ConfigError(file, path, reason);
    if (open.has(value)) throw fail('a YAML alias here refers to a value containing it');
    const known = sizes.get(value);
    if (known !== undefined) {
      added += known;
      if (added > MAX_ALIAS_EXPANSION) throw fail(`YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values (write the values out)`);
      return known;
    }
    open.add(value);
    let size = 1;
    for (const [key, child] of Object.entries(value)) size += visit(child, path ? `${path}.${key}` : key);
    open.delete(value);
    sizes.set(value, size);
    return size;
  };
  visit(doc, '');
}
