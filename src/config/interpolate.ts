// `${NAME}`, `${NAME:-default}` and `$${` (a literal `${`) in the values of the YAML files.
// References are swapped for placeholder words before parsing, so YAML reads the text exactly as
// written (flow mappings, quotes, comments); the parsed scalars then get the values. Comments are
// never interpolated, and a variable's value is only ever a scalar: it cannot add keys or tasks.
import { randomBytes } from 'node:crypto';
import yaml from 'js-yaml';
import { ConfigError } from './errors.js';

// `$${…}` (a literal, taken whole so its `}` cannot end a flow mapping), `${NAME[:-default]}`,
// or a malformed `${`, which is an error only where it ends up in a value.
const REFERENCE = /\$\$\{([^}\n]*\})?|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}\n]*))?\}|\$\{/g;

type Reference =
  | { kind: 'literal'; text: string }
  | { kind: 'variable'; name: string; fallback: string | undefined }
  | { kind: 'malformed' };

/** A plain (unquoted) scalar that is exactly one placeholder; a String so that as a key it reads as its text. */
class WholeReference extends String {}

// js-yaml exports its types at run time (for custom schemas); @types/js-yaml does not declare them.
const CORE_SCALARS = ['null', 'bool', 'int', 'float'].map((name) => (yaml as unknown as { types: Record<string, yaml.Type> }).types[name]!);

export class Interpolation {
  /** The file's text with every `${…}` and `$${` replaced by a placeholder word. */
  readonly text: string;
  /** CORE_SCHEMA, plus the recognition of whole-reference plain scalars (only plain scalars are resolved). */
  readonly schema: yaml.Schema;
  private readonly references: Reference[] = [];
  private readonly prefix: string;
  private readonly placeholder: RegExp;

  constructor(
    source: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly file: string,
  ) {
    const prefix = `envref${randomBytes(6).toString('hex')}n`;
    this.prefix = prefix;
    this.text = source.replace(REFERENCE, (match: string, escaped: string | undefined, name: string | undefined, fallback: string | undefined) => {
      this.references.push(match.startsWith('$$') ? { kind: 'literal', text: `\${${escaped ?? ''}` } : name ? { kind: 'variable', name, fallback } : { kind: 'malformed' });
      return `${prefix}${this.references.length - 1}x`;
    });
    this.placeholder = new RegExp(`${prefix}(\\d+)x`, 'g');
    const whole = new RegExp(`^${prefix}\\d+x$`);
    this.schema = yaml.CORE_SCHEMA.extend({
      implicit: [new yaml.Type('tag:mysql-scheduler,2025:reference', {
        kind: 'scalar',
        resolve: (data: unknown) => typeof data === 'string' && whole.test(data),
        construct: (data: string) => new WholeReference(data),
      })],
    });
  }

  /** Substitutes into every scalar of the parsed document, in place; `path` names each one in errors. */
  apply(doc: unknown): unknown {
    if (this.references.length === 0) return doc;
    return this.value(doc, '', new Set());
  }

  private value(value: unknown, path: string, seen: Set<object>): unknown {
    if (value instanceof WholeReference) return this.whole(value.valueOf(), path);
    if (typeof value === 'string') return this.substitute(value, path);
    if (typeof value !== 'object' || value === null || seen.has(value)) return value;
    seen.add(value);
    const container = value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes(this.prefix)) this.fail(at.replace(this.placeholder, '${…}'), '${…} is substituted in values only, not in keys');
      container[key] = this.value(container[key], at, seen);
    }
    return value;
  }

  /** A plain scalar that was one reference: the value is read as YAML reads a plain scalar. */
  private whole(word: string, path: string): unknown {
    const text = this.substitute(word, path);
    // An empty plain scalar is null in YAML, as `port: ${HTTP_PORT:-}` always was.
    if (text === '') return null;
    const type = CORE_SCALARS.find((t) => t.resolve(text));
    return type ? type.construct(text) : text;
  }

  private substitute(text: string, path: string): string {
    return text.replace(this.placeholder, (_match, index: string) => this.resolve(this.references[Number(index)]!, path));
  }

  private resolve(ref: Reference, path: string): string {
    if (ref.kind === 'literal') return ref.text;
    if (ref.kind === 'malformed') return this.fail(path, '"${" must start ${NAME} or ${NAME:-default} (write $${ for a literal ${)');
    const value = this.env[ref.name];
    if (value !== undefined && value !== '') return value;
    if (ref.fallback !== undefined) return ref.fallback;
    return this.fail(path, `environment variable ${ref.name} is not set (write \${${ref.name}:-} for an empty default)`);
  }

  private fail(path: string, reason: string): never {
    throw new ConfigError(this.file, path, reason);
  }
}
