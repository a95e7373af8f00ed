// The CLI's numeric flags and printed times: every flag has a stated range and a value outside it
// is one line naming the flag (no SQL error, no parseArgs riddle, no minute-long walk), and times
// near the year 9999 print well-formed. The many variants run in-process (runCli, as main.ts
// calls it, against MariaDB); one of each kind also runs as a real process.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { describeError, runCli } from '../../src/cli/index.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, runCommand } from '../helpers/service.js';

const CONFIG = `tasks:
  tick:
    trigger: interval
    args: { seconds: 1 }
`;

// What a hostile user types: exponents, negatives in both spellings, zero, one past the bound,
// fractions, hex, empty.
const OUT_OF_RANGE = (max: number) => ['1e21', '1e8', '-1', '-0', '0', String(max + 1), '1.5', '0x10', 'abc', ''];

function flagArgs(flag: string, value: string): string[][] {
  return value.startsWith('-') ? [[`--${flag}`, value], [`--${flag}=${value}`]] : [[`--${flag}=${value}`], ...(value ? [[`--${flag}`, value]] : [])];
}

/** `scheduler <args>` in-process: exit code, stdout and the stderr line main.ts would print. */
async function inProcess(root: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  try {
    const code = await runCli(args, { env: { ...process.env, APP_ENV: 'test', ...env }, root, out: (t) => void out.push(t), tty: false });
    return { code, stdout: out.join('\n'), stderr: '' };
  } catch (error) {
    return { code: 1, stdout: out.join('\n'), stderr: `error: ${describeError(error)}` };
  }
}

describe('CLI numeric flags', needsDb, () => {
  const db = freshDatabase('clibounds');
  let root: string;
  const cli = (...args: string[]) => inProcess(root, { JOBSTORE_URL: db.url }, args);
  const processCli = (...args: string[]) => runCommand(root, { JOBSTORE_URL: db.url }, args);

  before(async () => {
    root = makeProject({ config: CONFIG });
    const migrated = await cli('migrate');
    assert.equal(migrated.code, 0, migrated.stderr);
  });

  it('runs --limit accepts 1 to 10000 and refuses the rest in one line', async () => {
    for (const value of OUT_OF_RANGE(10_000)) {
      for (const args of flagArgs('limit', value)) {
        const result = await cli('runs', ...args);
        assert.equal(result.code, 1, args.join(' '));
        assert.equal(result.stdout, '');
        assert.equal(result.stderr, `error: runs: --limit must be a whole number from 1 to 10000, got "${value}"`, args.join(' '));
      }
    }
    for (const value of ['1', '10000']) {
      const result = await cli('runs', '--limit', value, '--json');
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), []);
    }
  });

  it('says the same as a process, for the SQL-breaking and the "ambiguous" values', async () => {
    for (const args of [['runs', '--limit', '1e21'], ['runs', '--limit', '-1'], ['next', '--count', '1e8']]) {
      const result = await processCli(...args);
      assert.deepEqual(result, { code: 1, stdout: '', stderr: (await cli(...args)).stderr }, args.join(' '));
    }
  });

  it('next --count accepts 1 to 1000 and refuses the rest in one line', async () => {
    for (const value of OUT_OF_RANGE(1000)) {
      for (const args of flagArgs('count', value)) {
        const result = await cli('next', ...args);
        assert.equal(result.code, 1, args.join(' '));
        assert.equal(result.stdout, '');
        assert.equal(result.stderr, `error: next: --count must be a whole number from 1 to 1000, got "${value}"`, args.join(' '));
      }
    }
    const most = await cli('next', '--count', '1000', '--json');
    assert.equal(most.code, 0, most.stderr);
    assert.equal((JSON.parse(most.stdout) as { tick: string[] }).tick.length, 1000);
  });

  it('next bounds the fire times of all jobs together, so that a large config cannot exhaust memory', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `job${i}`);
    const large = makeProject({ config: `tasks:\n${ids.map((id) => `  ${id}:\n    trigger: interval\n    args: { seconds: 1 }\n`).join('')}` });
    const all = await inProcess(large, {}, ['next', '--count', '1000', '--json']);
    assert.deepEqual(all, { code: 1, stdout: '', stderr: 'error: next: --count 1000 for 101 jobs lists 101000 fire times, more than 100000 at once: name a JOB or lower --count' });
    const one = await inProcess(large, {}, ['next', 'job7', '--count', '1000', '--json']);
    assert.equal((JSON.parse(one.stdout) as { job7: string[] }).job7.length, 1000);
    const fewer = await inProcess(large, {}, ['next', '--count', '990', '--json']);
    assert.equal(Object.keys(JSON.parse(fewer.stdout) as object).length, 101);
  });

  it('states the bounds in the usage lines', async () => {
    const runs = await cli('runs', '--nope');
    assert.equal(runs.code, 1);
    assert.match(runs.stderr, /\(usage: scheduler runs .*\[--limit N \(1-10000, default 20\)\]/);
    const next = await cli('next', '--nope');
    assert.match(next.stderr, /\(usage: scheduler next .*\[--count N \(1-1000, default 5\)\]/);
    const help = await cli('help');
    assert.match(help.stdout, /--limit N \(1-10000, default 20\)/);
    assert.match(help.stdout, /--count N \(1-1000, default 5\)/);
  });

  it('next --from takes the configuration\'s date forms only, and says so', async () => {
    // Date's own parser reads "0" as the year 2000 and "-1" as 2001.
    for (const value of ['0', '-1', '1e21', '+010000-01-01T00:00:00Z', '-000100-01-01T00:00:00Z', 'March 5, 2030', '2030-02-30']) {
      const result = await cli('next', '--from', value);
      assert.equal(result.code, 1, value);
      assert.match(result.stderr, /^error: next: --from expects a time such as 2030-01-31T09:00:00Z \(YYYY-MM-DD\[ HH:MM\[:SS\[\.ffffff\]\]\]\[Z\|±HH:MM\], scheduler\.timezone without an offset\), got "/, value);
      assert.equal(result.stderr.split('\n').length, 1, value);
    }
    const ok = await cli('next', '--from', '2030-01-01 00:00', '--count', '1', '--json');
    assert.deepEqual(JSON.parse(ok.stdout), { tick: ['2030-01-01T00:00:01+00:00'] });
  });
});

describe('CLI times at the end of the year 9999', needsDb, () => {
  const db = freshDatabase('cli9999');
  let root: string;
  const cli = (...args: string[]) => inProcess(root, { JOBSTORE_URL: db.url }, args);

  before(async () => {
    root = makeProject({ config: CONFIG });
    assert.equal((await cli('migrate')).code, 0);
  });

  it('next prints the last fire times before the year 10000 well-formed', async () => {
    const json = await runCommand(root, {}, ['next', '--from', '9999-12-31T23:59:57Z', '--count', '5', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { tick: ['9999-12-31T23:59:58+00:00', '9999-12-31T23:59:59+00:00'] });
    const table = await cli('next', '--from', '9999-12-31T23:59:57Z', '--count', '5');
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.split('\n');
    assert.equal(lines.length, 4, table.stdout);
    assert.match(lines[2]!, /^\s+2\s+Fri 9999-12-31 23:59:59 \+00:00\s+UTC\s+9999-12-31 23:59:59Z$/);
    assert.equal(lines[3], 'tick: no fire time after #2 (interval[0:00:01])');
  });

  it('jobs shows a job with a zero DATETIME (which a lax sql_mode lets in) as broken instead of crashing', async () => {
    await db.query("SET SESSION sql_mode = ''");
    await db.query(`INSERT INTO jobs (id, task, trigger_type, trigger_args, timezone, params, executor, \`coalesce\`, max_instances,
      misfire_grace_time, max_attempts, retry_delay, timeout, next_run_time, paused, defined_at, created_at, updated_at)
      VALUES ('zero', 'tick', 'interval', '{"seconds":1}', 'UTC', '{}', 'default', 1, 1, 1, 1, 0, NULL, '0000-00-00 00:00:00', 0, NOW(6), NOW(6), NOW(6))`);
    const table = await cli('jobs');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^zero\s+tick\s+interval\[0:00:01\]\s+-\s+config\s+broken: next_run_time \(a zero or invalid date\) is not a time$/m);
    const json = await cli('jobs', '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.equal((JSON.parse(json.stdout) as Array<{ next_run_time: unknown }>)[0]!.next_run_time, null);
  });
});
