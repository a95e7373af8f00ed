// The loop's log lines for runs recorded without running: a job removed with thousands of queued
// runs must not write a warning per run, while metrics still count each one.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { Listeners } from '../../src/scheduler/events.js';
import { RunReport } from '../../src/scheduler/report.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { RunRecord, RunStatus } from '../../src/store/types.js';

function capture(): { logger: pino.Logger; lines: () => Array<{ msg: string; count?: number }> } {
  const out: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (out.push(String(chunk)), done()) });
  return { logger: pino({ level: 'info' }, stream), lines: () => out.map((l) => JSON.parse(l) as { msg: string; count?: number }) };
}

function skipped(jobId: string, i: number, error = 'job no longer exists'): RunRecord {
  const at = new Date(Date.UTC(2030, 0, 1, 0, 0, i));
  return { id: i + 1, jobId, scheduledAt: at, attempt: 1, status: 'skipped', dueAt: at, startedAt: null, finishedAt: at, durationMs: null, error, instanceId: null, leaseUntil: null };
}

describe('RunReport: runs recorded without running', () => {
  it('writes three lines per job, status and reason, then one summary; every run is still counted', () => {
    const { logger, lines } = capture();
    const listeners = new Listeners(logger);
    const counted: RunStatus[] = [];
    listeners.add({ runEnded: (_run, status) => void counted.push(status) });
    const report = new RunReport(logger, listeners, new MemoryStore(), undefined);
    report.recorded([...Array.from({ length: 10_000 }, (_, i) => skipped('gone', i)), skipped('other', 0), skipped('gone', 20_000, 'unreadable time')]);
    assert.deepEqual(lines().map((l) => l.msg), [
      'run skipped: gone at 2030-01-01T00:00:00.000Z: job no longer exists',
      'run skipped: gone at 2030-01-01T00:00:01.000Z: job no longer exists',
      'run skipped: gone at 2030-01-01T00:00:02.000Z: job no longer exists',
      'run skipped: gone: 9997 more fire time(s) from 2030-01-01T00:00:03.000Z to 2030-01-01T02:46:39.000Z: job no longer exists',
      'run skipped: other at 2030-01-01T00:00:00.000Z: job no longer exists',
      'run skipped: gone at 2030-01-01T05:33:20.000Z: unreadable time',
    ]);
    assert.equal(lines()[3]!.count, 9997);
    assert.equal(counted.length, 10_002);
  });
});
