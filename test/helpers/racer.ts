// One side of a race between processes: a fixture script (test/fixtures/*-race.ts) that says
// "ready" once connected, waits for "go" on stdin, does its writes, and prints their results as
// one JSON line; any error ends it with code 1 and the error on stderr.
import { spawn } from 'node:child_process';
import { REPO, TSX } from './service.js';

export interface Racer {
  ready: Promise<void>;
  go(): void;
  /** What the script printed; rejects with its stderr when it failed. */
  results: Promise<string[]>;
}

export function racer(script: string, args: string[], name: string): Racer {
  const child = spawn(process.execPath, ['--import', TSX, script, ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.on('exit', () => reject(new Error(`${name} exited before it was ready: ${stderr}`)));
  });
  const results = new Promise<string[]>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${name} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.slice('ready\n'.length)) as string[]);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), results };
}

/** Starts the racers together once all are ready; their results, in order. */
export async function race(racers: Racer[]): Promise<string[][]> {
  await Promise.all(racers.map((r) => r.ready));
  for (const r of racers) r.go();
  return Promise.all(racers.map((r) => r.results));
}
