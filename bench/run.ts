// Benchmarks against APScheduler 3.9, side by side (see BENCHMARKS.md).
//   npm run bench                         every scenario
//   npm run bench -- dispatch [--json]    one scenario (dispatch | lateness | scale | catchup | cluster | api-add)
// Options: --repeat N (runs per figure, median reported; default 3), --no-aps (ours only),
//          --json (print the results as JSON instead of the table).
// Results are written to bench/results/<timestamp>.json and bench/results/latest.json.
// Without APScheduler's Python packages (BENCHMARKS.md says which) only this project's side runs,
// with a note saying what to install.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { apsSkipNote } from './lib/aps.js';
import { REPO } from './lib/ours.js';
import { table, type ScenarioResult } from './lib/report.js';

export interface BenchOptions {
  repeat: number;
  aps: boolean;
  quick: boolean;
  log: (line: string) => void;
}

type Scenario = (options: BenchOptions) => Promise<ScenarioResult>;

const SCENARIOS: Record<string, () => Promise<Scenario>> = {
  dispatch: async () => (await import('./scenarios/dispatch.js')).dispatch,
  lateness: async () => (await import('./scenarios/lateness.js')).lateness,
  scale: async () => (await import('./scenarios/scale.js')).scale,
  catchup: async () => (await import('./scenarios/catchup.js')).catchup,
  cluster: async () => (await import('./scenarios/cluster.js')).cluster,
  'api-add': async () => (await import('./scenarios/api-add.js')).apiAdd,
};

function parseArgs(argv: string[]): { names: string[]; json: boolean; options: BenchOptions } {
  const names: string[] = [];
  let json = false;
  let repeat = 3;
  let aps = true;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--no-aps') aps = false;
    else if (a === '--quick') quick = true;
    else if (a === '--repeat') repeat = Number(argv[++i]);
    else if (a.startsWith('--repeat=')) repeat = Number(a.slice('--repeat='.length));
    else if (a in SCENARIOS) names.push(a);
    else {
      process.stderr.write(`unknown argument "${a}"; usage: npm run bench -- [${Object.keys(SCENARIOS).join('|')}]... [--json] [--repeat N] [--no-aps]\n`);
      process.exit(1);
    }
  }
  if (!Number.isInteger(repeat) || repeat < 1) {
    process.stderr.write('--repeat takes a positive integer\n');
    process.exit(1);
  }
  // Progress goes to stderr so that --json output on stdout stays parseable.
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  return { names: names.length > 0 ? names : Object.keys(SCENARIOS), json, options: { repeat, aps, quick, log } };
}

/** Without APScheduler's packages, this project's side runs alone; the note says so in the output and the results. */
function apsSideNotes(opts: BenchOptions): string[] {
  const note = apsSkipNote();
  if (note === null) return [];
  opts.aps = false;
  opts.log(`note: ${note}`);
  return [note];
}

const { names, json, options } = parseArgs(process.argv.slice(2));
const notes = options.aps ? apsSideNotes(options) : [];
const results: ScenarioResult[] = [];
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memGb: Math.round(totalmem() / 2 ** 30), node: process.version };
for (const name of names) {
  options.log(`— ${name} —`);
  const run = await SCENARIOS[name]!();
  results.push(await run(options));
}
const output = { date: new Date().toISOString(), machine, repeat: options.repeat, notes, results };
const dir = join(REPO, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${output.date.replace(/[:.]/g, '-')}-${names.join('+')}.json`);
writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
if (json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
else {
  process.stdout.write(`${table(results.flatMap((r) => r.rows))}\n`);
  for (const note of [...notes, ...results.flatMap((r) => r.notes)]) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(`results: ${file}\n`);
}
process.exit(0);
