// Helpers for the cluster acceptance suites: several real service processes on one database,
// a task that journals every execution to a file (so "ran twice" is judged by what ran, not by
// the rows the unique key lets through), and checks on the 1-second grid of scheduled times.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceProcess } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

/** One line of the execution journal. */
export interface Execution {
  phase: 'start' | 'end';
  job: string;
  scheduledAt: string;
  attempt: number;
  runId: number;
  pid: number;
  at: number;
}

/**
 * A task that appends a `start` line, sleeps `params.ms` (0 by default), appends an `end` line.
 * Lines are short single writes to an O_APPEND file, so processes never interleave them.
 */
export function journalTask(journal: string): string {
  return `import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
const JOURNAL = ${JSON.stringify(journal)};
function note(phase, ctx) {
  appendFileSync(JOURNAL, JSON.stringify({ phase, job: ctx.jobId, scheduledAt: ctx.scheduledAt.toISOString(), attempt: ctx.attempt, runId: ctx.runId, pid: process.pid, at: Date.now() }) + '\\n');
}
export async function run(ctx) {
  note('start', ctx);
  const ms = Number(ctx.params.ms ?? 0);
  if (ms > 0) await sleep(ms);
  note('end', ctx);
}
`;
}

export function readJournal(journal: string): Execution[] {
  if (!existsSync(journal)) return [];
  return readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Execution);
}

export function journalPath(root: string): string {
  return join(root, 'executions.jsonl');
}

const ended = new WeakSet<ServiceProcess>();

/** Starts `n` instances of the project at once. */
export function startInstances(root: string, env: NodeJS.ProcessEnv, n: number): ServiceProcess[] {
  return Array.from({ length: n }, () => {
    const service = new ServiceProcess(root, env);
    void service.exited.then(() => ended.add(service));
    return service;
  });
}

/** Whether an instance started by startInstances is still running. */
export function isRunning(service: ServiceProcess): boolean {
  return !ended.has(service);
}

/** Waits until the instance logged its start-up line; returns its instance id. */
export async function instanceId(service: ServiceProcess, timeoutMs = 60_000): Promise<string> {
  await service.waitForLine(/scheduler started/, timeoutMs);
  const line = service.json().find((l) => typeof l.instanceId === 'string' && String(l.msg).startsWith('scheduler started'));
  assert.ok(line, 'start-up line carries the instance id');
  return line.instanceId as string;
}

/** Stops every instance (SIGTERM) and returns their exit codes. */
export async function stopAll(services: ServiceProcess[]): Promise<Array<number | null>> {
  const exits = await Promise.all(services.map((s) => s.stop()));
  return exits.map((e) => e.code);
}

/** Log lines of the instance whose message matches `pattern`. */
export function messages(service: ServiceProcess, pattern: RegExp): Array<Record<string, unknown>> {
  return service.json().filter((l) => pattern.test(String(l.msg)));
}

/** Largest gap (ms) between consecutive times, sorted; 0 for fewer than two. */
export function largestGap(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < sorted.length; i += 1) gap = Math.max(gap, sorted[i]! - sorted[i - 1]!);
  return gap;
}

/** Asserts `times` are distinct and form a contiguous grid of `stepMs` from the first to the last. */
export function assertContiguous(label: string, times: number[], stepMs = 1000): void {
  const sorted = [...times].sort((a, b) => a - b);
  assert.equal(new Set(sorted).size, sorted.length, `${label}: a scheduled time appears twice`);
  for (let i = 1; i < sorted.length; i += 1) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap !== stepMs) assert.fail(`${label}: ${new Date(sorted[i - 1]!).toISOString()} is followed by ${new Date(sorted[i]!).toISOString()} (expected ${stepMs} ms apart)`);
  }
}

/** Prints every instance's log when DEBUG_E2E is set (for diagnosing a failure). */
export function dumpLogs(services: ServiceProcess[]): void {
  if (!process.env.DEBUG_E2E) return;
  services.forEach((s, i) => console.log(`--- instance ${i} (pid ${s.pid}) ---\n${s.lines.join('\n')}`));
}

/** Executions as [start, end] spans (end Infinity if it never ended), by start time. */
export function spans(executions: Execution[]): Array<{ start: number; end: number; pid: number; runId: number }> {
  const ends = new Map(executions.filter((e) => e.phase === 'end').map((e) => [e.runId, e.at]));
  return executions
    .filter((e) => e.phase === 'start')
    .map((e) => ({ start: e.at, end: ends.get(e.runId) ?? Infinity, pid: e.pid, runId: e.runId }))
    .sort((a, b) => a.start - b.start);
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export { waitFor };
