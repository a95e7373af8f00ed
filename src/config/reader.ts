// A typed walk over parsed YAML: each accessor checks one value and, when it is wrong, throws a
// ConfigError carrying the file and the exact key path. Validation code then reads like the schema.
import { ConfigError } from './errors.js';

export class ConfigNode {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  get isAbsent(): boolean {
    return this.value === undefined || this.value === null;
  }

  fail(reason: string): never {
    throw new ConfigError(this.file, this.path, reason);
  }

  /** A mapping whose keys must all be in `allowed`; absent or null reads as empty. */
  object(allowed: readonly string[]): Map<string, ConfigNode> {
    if (this.isAbsent) return new Map();
    if (typeof this.value !== 'object' || Array.isArray(this.value)) this.fail(`expected a mapping, got ${describe(this.value)}`);
    const entries = new Map<string, ConfigNode>();
    for (const [key, value] of Object.entries(this.value as Record<string, unknown>)) {
      const child = this.child(key, value);
      if (!allowed.includes(key)) child.fail(`unknown key (expected one of: ${allowed.join(', ')})`);
      entries.set(key, child);
    }
    return entries;
  }

  /** A mapping with free-form keys (task names, params). */
  entries(): Map<string, ConfigNode> {
    if (this.isAbsent) return new Map();
    if (typeof this.value !== 'object' || Array.isArray(this.value)) this.fail(`expected a mapping, got ${describe(this.value)}`);
    return new Map(Object.entries(this.value as Record<string, unknown>).map(([k, v]) => [k, this.child(k, v)]));
  }

  /** A sequence; absent or null reads as empty. Items are named by index: `http.api.tokens.0.name`. */
  items(): ConfigNode[] {
    if (this.isAbsent) return [];
    if (!Array.isArray(this.value)) this.fail(`expected a list, got ${describe(this.value)}`);
    return this.value.map((item: unknown, index) => this.child(String(index), item));
  }

  child(key: string, value: unknown): ConfigNode {
    return new ConfigNode(this.file, this.path ? `${this.path}.${key}` : key, value);
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, got ${describe(this.value)}`);
    return this.value;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected true or false, got ${describe(this.value)}`);
    return this.value;
  }

  /** A finite number in [min, max]: every caller states the bound its column or timer needs. */
  number({ min, max, integer = false }: { min: number; max: number; integer?: boolean }): number {
    const n = this.value;
    if (typeof n !== 'number' || !Number.isFinite(n)) this.fail(`expected a number, got ${describe(n)}`);
    if (integer && !Number.isInteger(n)) this.fail(`expected a whole number, got ${n}`);
    if (n < min) this.fail(`must be at least ${min}, got ${n}`);
    if (n > max) this.fail(`must be at most ${max}, got ${n}`);
    return n;
  }

  oneOf<T extends string>(choices: readonly T[]): T {
    const s = this.string();
    if (!(choices as readonly string[]).includes(s)) this.fail(`"${s}" is not one of: ${choices.join(', ')}`);
    return s as T;
  }

  /** A plain mapping passed through untouched (task params, trigger args). */
  record(): Readonly<Record<string, unknown>> {
    if (this.isAbsent) return {};
    if (typeof this.value !== 'object' || Array.isArray(this.value)) this.fail(`expected a mapping, got ${describe(this.value)}`);
    return this.value as Record<string, unknown>;
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
