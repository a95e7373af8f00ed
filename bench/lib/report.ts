// Result rows shared by every scenario, the table printer, and the JSON written to bench/results/.

export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  ours: number | null;
  aps: number | null;
  /** ours ÷ APScheduler when higher is better, APScheduler ÷ ours when lower is better: > 1 means we are ahead. */
  advantage: number | null;
  target?: string;
  met?: boolean | null;
}

export interface ScenarioResult {
  scenario: string;
  rows: Row[];
  /** Per-run figures (every repetition), for BENCHMARKS.md and re-analysis. */
  runs: unknown[];
  notes: string[];
}

export function row(
  scenario: string, metric: string, unit: string, ours: number | null, aps: number | null,
  better: 'higher' | 'lower', target?: { text: string; met: boolean | null },
): Row {
  let advantage: number | null = null;
  if (ours !== null && aps !== null && Number.isFinite(ours) && Number.isFinite(aps) && ours > 0 && aps > 0) {
    advantage = better === 'higher' ? ours / aps : aps / ours;
  }
  return { scenario, metric, unit, ours, aps, advantage, ...(target ? { target: target.text, met: target.met } : {}) };
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function table(rows: Row[]): string {
  const head = ['scenario', 'metric', 'ours', 'APScheduler', 'ours vs APS', 'target', 'met'];
  const body = rows.map((r) => [
    r.scenario, `${r.metric} (${r.unit})`, fmt(r.ours), fmt(r.aps),
    r.advantage === null ? '—' : `${fmt(r.advantage)}×`, r.target ?? '', r.met === undefined || r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
