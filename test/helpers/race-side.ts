// The child's half of the racer protocol (test/helpers/racer.ts), for the fixture scripts: connect,
// say "ready", wait for "go" on stdin, make `times` calls, print their results as one JSON line;
// any error ends the process with code 1 and the error on stderr. The store is closed either way.
import { once } from 'node:events';
import type { JobStore } from '../../src/store/types.js';

export async function raceSide(store: JobStore, id: string, times: number, call: (i: number) => Promise<string>): Promise<void> {
  try {
    // A read first: the connection is up before "ready", so the race starts on "go" alone.
    await store.getJob(id);
    process.stdout.write('ready\n');
    process.stdin.setEncoding('utf8');
    await once(process.stdin, 'data');
    const results: string[] = [];
    for (let i = 0; i < times; i += 1) results.push(await call(i));
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
    process.stdin.destroy();
  }
}
