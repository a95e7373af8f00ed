// Splitting a batch for statements with a size limit (MySQL's max_allowed_packet, SQLite's
// bound-parameter limit).
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
