// Argument parsing for subcommands (node:util parseArgs), with usage errors as UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
// Named, because the package's declarations must name what parse returns (node:util does not export it).
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export function parse<O extends Options>(command: string, argv: string[], options: O, positionals: { min: number; max: number; usage: string }): Parsed<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]} (usage: scheduler ${positionals.usage})`);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) throw new UsageError(`usage: scheduler ${positionals.usage}`);
  return parsed;
}

// parseArgs refuses `--limit -1` as ambiguous (the value looks like an option); read a value that
// looks like a negative number as the value, so the flag's own check can say what it accepts.
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** A numeric flag's accepted range and its value when the flag is absent. */
export interface IntFlag {
  readonly flag: string;
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

/** `--count N (1-1000, default 5)`, for usage lines. */
export function describeFlag(spec: IntFlag): string {
  return `--${spec.flag} N (${spec.min}-${spec.max}, default ${spec.fallback})`;
}

/** The flag's whole number, refused outside its range (a bound keeps the work and the SQL finite). */
export function boundedInt(command: string, spec: IntFlag, value: string | undefined): number {
  if (value === undefined) return spec.fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= spec.min && n <= spec.max)) {
    throw new UsageError(`${command}: --${spec.flag} must be a whole number from ${spec.min} to ${spec.max}, got "${value}"`);
  }
  return n;
}
