// Acceptance (issue 3): five instances start at once on an empty database. Exactly one applies
// the migrations (the others wait on the lock, then find nothing to do); all five start, register
// in `instances` and heartbeat. One of them runs with its clock 5 s ahead and says so.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, REPO, ServiceProcess } from '../helpers/service.js';
import { dumpLogs, instanceId, messages, stopAll, waitFor } from './cluster.js';

const SKEW_MS = 5000;

// Preloaded into one instance: its Date (and so its pino times and its scheduler clock) runs ahead.
const SHIFT_CLOCK = `const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
  static now() { return RealDate.now() + offset; }
}
globalThis.Date = ShiftedDate;
`;

interface InstanceRow { id: string; host: string; pid: number; started_at: Date; heartbeat_at: Date }

describe('five instances starting at once on an empty database', needsDb, () => {
  const db = freshDatabase('startup');
  const root = makeProject({
    env: 'scheduler:\n  poll_interval: 0.5\n  heartbeat_interval: 0.5\n  clock_skew_warning: 2\n',
    config: 'tasks:\n  tick:\n    task: noop\n    trigger: interval\n    args: { seconds: 1 }\n  tock:\n    task: noop\n    trigger: cron\n    args: { second: "*/5" }\n',
    tasks: { noop: 'export function run() {}\n' },
  });
  writeFileSync(join(root, 'shift-clock.mjs'), SHIFT_CLOCK);
  const migrations = readdirSync(join(REPO, 'migrations')).filter((f) => /\.(ts|js)$/.test(f)).map((f) => f.replace(/\.(ts|js)$/, '')).sort();
  let services: ServiceProcess[] = [];
  let ids: string[] = [];

  after(async () => {
    dumpLogs(services);
    await stopAll(services);
  });

  it('all five start', async () => {
    const env = { JOBSTORE_URL: db.url };
    const skewed = { ...env, CLOCK_OFFSET_MS: String(SKEW_MS), NODE_OPTIONS: `--import ${join(root, 'shift-clock.mjs')}` };
    services = [0, 1, 2, 3, 4].map((i) => new ServiceProcess(root, i === 4 ? skewed : env));
    ids = await Promise.all(services.map((s) => instanceId(s)));
    assert.equal(new Set(ids).size, 5);
  });

  it('applies each migration exactly once, in exactly one instance', async () => {
    const applied = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    assert.deepEqual(applied.map((r) => r.name), migrations);
    const migrators = services.filter((s) => s.json().some((l) => l.event === 'migrated'));
    assert.equal(migrators.length, 1, 'one instance logged "migrated"');
    const names = migrators[0]!.json().filter((l) => l.event === 'migrated').map((l) => l.name);
    assert.deepEqual(names, migrations, 'each migration logged once');
  });

  it('syncs the configured jobs once', async () => {
    const jobs = await db.query<{ id: string }>('SELECT id FROM jobs ORDER BY id');
    assert.deepEqual(jobs.map((j) => j.id), ['tick', 'tock']);
    const adders = services.filter((s) => messages(s, /^job added/).length > 0);
    assert.equal(adders.length, 1, 'one instance added the jobs; the others found them unchanged');
  });

  it('registers all five in `instances` (id, host, pid, started) and heartbeats', async () => {
    const rows = await db.query<InstanceRow>('SELECT * FROM instances ORDER BY pid');
    assert.deepEqual(rows.map((r) => r.id).sort(), [...ids].sort());
    assert.deepEqual(rows.map((r) => r.pid), services.map((s) => s.pid).sort((a, b) => a - b));
    for (const row of rows) assert.ok(row.host.length > 0 && row.started_at instanceof Date);
    const first = new Map(rows.map((r) => [r.id, r.heartbeat_at.getTime()]));
    await waitFor('every instance heartbeating', async () => {
      const now = await db.query<InstanceRow>('SELECT * FROM instances');
      return now.length === 5 && now.every((r) => r.heartbeat_at.getTime() > first.get(r.id)!);
    }, 10_000);
  });

  it('warns about clock skew in the instance whose clock is off, and only there', () => {
    const warned = services.map((s) => messages(s, /^clock skew/).length > 0);
    assert.deepEqual(warned, [false, false, false, false, true]);
    const [line] = messages(services[4]!, /^clock skew/);
    assert.match(String(line!.msg), /ahead of the database's \(threshold 2s\)/);
    assert.ok(Math.abs(Number(line!.skewMs) - SKEW_MS) < 1000, `measured ${String(line!.skewMs)} ms`);
  });

  it('the instances run the jobs between them and all exit 0, deregistered', async () => {
    await waitFor('tick runs', async () => (await db.query("SELECT 1 FROM runs WHERE job_id = 'tick' AND status = 'succeeded'")).length >= 3);
    assert.deepEqual(await stopAll(services), [0, 0, 0, 0, 0]);
    assert.deepEqual(await db.query('SELECT id FROM instances'), [], 'a graceful stop deregisters');
  });
});
