// CLI output into a pipe arrives whole: a pipe takes 64 KiB at a time, and a command that exits
// before stdout drains cuts the rest (`scheduler next --json | jq` on a large config).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeProject, runCommand } from '../helpers/service.js';

const JOBS = 50;
const COUNT = 1000;

describe('CLI output to a pipe', () => {
  it('delivers more than 1 MB of `next --json` complete, as parseable JSON', async () => {
    const ids = Array.from({ length: JOBS }, (_, i) => `job${i}`);
    const root = makeProject({
      config: `tasks:\n${ids.map((id, i) => `  ${id}:\n    trigger: interval\n    args: { seconds: ${i + 1} }\n`).join('')}`,
    });
    // runCommand reads the child's stdout through a pipe, as a shell pipeline would.
    const { code, stdout, stderr } = await runCommand(root, {}, ['next', '--json', '--count', String(COUNT), '--from', '2030-01-01T00:00:00Z']);
    assert.equal(code, 0, stderr);
    assert.ok(stdout.length > 1_000_000, `more than 1 MB of output (got ${stdout.length} bytes)`);
    const parsed = JSON.parse(stdout) as Record<string, string[]>;
    assert.deepEqual(Object.keys(parsed), ids);
    for (const [i, id] of ids.entries()) {
      assert.equal(parsed[id]!.length, COUNT, id);
      assert.equal(parsed[id]!.at(-1), new Date(Date.UTC(2030, 0, 1) + (i + 1) * COUNT * 1000).toISOString().replace('.000Z', '+00:00'), id);
    }
  });
});
