// `npm run bench` without APScheduler's Python packages: the check that runs before any scenario
// names the interpreter and the missing module and says what to install (instead of a Python stack
// mid-run). Real child processes: a python that does not exist, and stub interpreters.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apsSkipNote } from '../../bench/lib/aps.js';

const INSTALL = '`apt-get install -y python3-apscheduler python3-sqlalchemy python3-pymysql`';
const TAIL = ` install it with ${INSTALL} (or point BENCH_PYTHON at a python that has them). This project's side runs alone.`;

/** An executable script standing in for python3. */
function stub(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-python-')), 'python3');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('bench: APScheduler side availability', () => {
  it('names a python that does not exist', () => {
    assert.equal(apsSkipNote('/nonexistent/python3'), `APScheduler side skipped: /nonexistent/python3 cannot be run (ENOENT);${TAIL}`);
  });

  it('names the module a python lacks, from the last line of its traceback', () => {
    const python = stub(`cat >&2 <<'TB'
Traceback (most recent call last):
  File "<string>", line 1, in <module>
ModuleNotFoundError: No module named 'apscheduler'
TB
exit 1`);
    assert.equal(apsSkipNote(python), `APScheduler side skipped: ${python} cannot import APScheduler's packages (ModuleNotFoundError: No module named 'apscheduler');${TAIL}`);
  });

  it('asks the interpreter to import all three packages, and is satisfied when it can', () => {
    const python = stub(`[ "$1" = "-c" ] && [ "$2" = "import apscheduler, sqlalchemy, pymysql" ] || { echo "unexpected: $*" >&2; exit 2; }`);
    assert.equal(apsSkipNote(python), null);
  });
});
