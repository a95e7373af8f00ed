// A strict parser for the Prometheus text exposition format (version 0.0.4), so tests check
// /metrics by structure, not by regex: every line must parse, TYPE precedes a family's samples,
// a family's samples are contiguous, no series appears twice, histograms are well formed
// (cumulative buckets, a +Inf bucket equal to _count, a _sum) and counters are not negative.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string | null;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

export class ParseError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  const seen = new Set<string>();
  let current: Family | null = null;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else throw new ParseError(lines.length, 'the exposition must end with a newline');
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!meta) return; // a plain comment
      const [, kind, name, rest = ''] = meta as unknown as [string, 'HELP' | 'TYPE', string, string?];
      if (!METRIC_NAME.test(name)) throw new ParseError(n, `bad metric name "${name}"`);
      if (finished.has(name)) throw new ParseError(n, `${kind} for ${name} after its family ended`);
      let family = families.get(name);
      if (!family) {
        if (current) finished.add(current.name);
        family = { name, type: 'untyped', help: null, samples: [] };
        families.set(name, family);
        current = family;
      }
      if (kind === 'HELP') {
        if (family.help !== null) throw new ParseError(n, `second HELP for ${name}`);
        family.help = unescape(rest, n, false);
      } else {
        if (!(TYPES as readonly string[]).includes(rest)) throw new ParseError(n, `unknown type "${rest}"`);
        if (family.samples.length > 0) throw new ParseError(n, `TYPE for ${name} after its samples`);
        family.type = rest as MetricType;
      }
      return;
    }
    const sample = parseSample(line, n);
    const family = familyOf(sample.name, families);
    if (!family || family !== current) {
      if (family && finished.has(family.name)) throw new ParseError(n, `samples of ${family.name} are not contiguous`);
      throw new ParseError(n, `sample ${sample.name} has no TYPE line before it`);
    }
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new ParseError(n, `duplicate series ${key}`);
    seen.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) check(family);
  return families;
}

function familyOf(sampleName: string, families: Map<string, Family>): Family | undefined {
  const direct = families.get(sampleName);
  if (direct) return direct;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  const family = m ? families.get(m[1]!) : undefined;
  return family && (family.type === 'histogram' || family.type === 'summary') ? family : undefined;
}

function parseSample(line: string, n: number): Sample {
  let i = 0;
  while (i < line.length && /[a-zA-Z0-9_:]/.test(line[i]!)) i += 1;
  const name = line.slice(0, i);
  if (!METRIC_NAME.test(name)) throw new ParseError(n, `bad metric name in "${line}"`);
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i += 1;
    for (;;) {
      if (line[i] === '}') break;
      const start = i;
      while (i < line.length && line[i] !== '=') i += 1;
      const label = line.slice(start, i);
      if (!LABEL_NAME.test(label)) throw new ParseError(n, `bad label name "${label}"`);
      if (line[i + 1] !== '"') throw new ParseError(n, `label ${label}: value must be quoted`);
      i += 2;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) throw new ParseError(n, `label ${label}: unterminated value`);
        if (c === '"') break;
        if (c === '\\') {
          const e = line[i + 1];
          if (e === 'n') value += '\n';
          else if (e === '\\' || e === '"') value += e;
          else throw new ParseError(n, `label ${label}: bad escape \\${e ?? ''}`);
          i += 2;
          continue;
        }
        value += c;
        i += 1;
      }
      if (label in labels) throw new ParseError(n, `label ${label} repeated`);
      labels[label] = value;
      i += 1; // closing quote
      if (line[i] === ',') i += 1;
      else if (line[i] !== '}') throw new ParseError(n, `expected , or } after label ${label}`);
    }
    i += 1;
  }
  const rest = line.slice(i);
  const m = /^ +(\S+)(?: +(-?\d+))?$/.exec(rest);
  if (!m) throw new ParseError(n, `expected " value [timestamp]" after the series, got "${rest}"`);
  return { name, labels, value: parseValue(m[1]!, n) };
}

// As Prometheus reads values (Go's strconv.ParseFloat): NaN and Inf in any case (prom-client
// writes "Nan"), otherwise a decimal or exponent float.
function parseValue(text: string, n: number): number {
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new ParseError(n, `bad sample value "${text}"`);
  return Number(text);
}

function unescape(text: string, n: number, quotes: boolean): string {
  return text.replace(/\\(.)/g, (_m, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\' || (quotes && c === '"')) return c;
    throw new ParseError(n, `bad escape \\${c}`);
  });
}

function check(family: Family): void {
  const fail = (message: string) => {
    throw new Error(`${family.name}: ${message}`);
  };
  if (family.type === 'counter') {
    for (const s of family.samples) if (!(s.value >= 0)) fail(`counter sample ${s.value} is negative or NaN`);
  }
  if (family.type !== 'histogram') return;
  const series = new Map<string, { buckets: Array<[number, number]>; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${family.name}_bucket`) {
      if (le === undefined) fail('a bucket without le');
      entry.buckets.push([parseValue(le!, 0), s.value]);
    } else if (s.name === `${family.name}_sum`) entry.sum = s.value;
    else if (s.name === `${family.name}_count`) entry.count = s.value;
    else fail(`unexpected sample ${s.name} in a histogram`);
  }
  for (const [key, { buckets, sum, count }] of series) {
    if (sum === undefined || count === undefined) fail(`series ${key} lacks _sum or _count`);
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    if (sorted.at(-1)?.[0] !== Infinity) fail(`series ${key} has no +Inf bucket`);
    sorted.forEach(([, v], i) => {
      if (i > 0 && v < sorted[i - 1]![1]) fail(`series ${key}: buckets are not cumulative`);
    });
    if (sorted.at(-1)![1] !== count) fail(`series ${key}: +Inf bucket ${sorted.at(-1)![1]} ≠ _count ${count}`);
  }
}

/** Value of the sample `name` whose labels include `labels`; 0 when there is none. */
export function valueOf(families: Map<string, Family>, family: string, name: string, labels: Record<string, string> = {}): number {
  const samples = families.get(family)?.samples ?? [];
  const match = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return match.reduce((sum, s) => sum + s.value, 0);
}
