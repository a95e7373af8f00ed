// A JobStore that records the changes it carries in the audit log, for the job API acting for one
// caller (a token's name): a job write's entry goes into that write's own transaction (the
// writer hands it to writeJob), so a change is never stored without it; a run or retry's entry
// right after its run is queued. The job API itself (src/jobs/) stays unaware of auditing.
import type { Clock } from '../clock.js';
import { toJobView, toRunView } from '../jobs/views.js';
import type { AuditAction, JobStore, JobWrite, JobWriter, RunRecord } from '../store/types.js';

export interface AuditContext {
  /** Who: a token's name, `cli`, `library`. */
  actor: string;
  /** The call's verb; a write that turns out to insert is an `add`, one that deletes a `remove`. */
  action: AuditAction;
  clock: Clock;
}

export function auditedStore(store: JobStore, context: AuditContext): JobStore {
  const { actor, clock } = context;
  const recordRun = async (action: AuditAction, run: RunRecord): Promise<void> =>
    store.appendAudit({ at: clock.now(), actor, action, jobId: run.jobId, runId: run.id, before: null, after: toRunView(run) });
  const overrides: Pick<JobStore, 'writeJob' | 'runNow' | 'retryRun'> = {
    writeJob<T>(id: string, writer: JobWriter<T>): Promise<T> {
      return store.writeJob(id, (stored) => {
        const decided = writer(stored);
        if (decided.write === null) return decided;
        const audit = { at: clock.now(), actor, action: actionOf(decided.write, context.action), jobId: id, runId: null, before: stored && toJobView(stored), after: afterOf(decided.write) };
        return { ...decided, audit };
      });
    },
    async runNow(id, now) {
      const run = await store.runNow(id, now);
      if (run) await recordRun('run', run);
      return run;
    },
    async retryRun(runId, now) {
      const run = await store.retryRun(runId, now);
      await recordRun('retry', run);
      return run;
    },
  };
  // Every other method is the store's own, called on the store (class methods need their `this`).
  return new Proxy(store, {
    get(target, key) {
      if (key in overrides) return overrides[key as keyof typeof overrides];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function actionOf(write: JobWrite, action: AuditAction): AuditAction {
  if ('insert' in write) return 'add';
  if ('remove' in write) return 'remove';
  return action;
}

function afterOf(write: JobWrite): unknown {
  if ('remove' in write) return null;
  return toJobView('insert' in write ? write.insert : write.update);
}
