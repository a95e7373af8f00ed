// What the service hands the API once it has reached its store: the job API per caller (their
// token's name as the origin of what they write and the actor of its audit entries), over one task
// catalog (a module imported once).
import type { Clock } from '../../clock.js';
import type { TaskSettings } from '../../config/tasks.js';
import { JobsService, type JobChange } from '../../jobs/service.js';
import { taskCatalog } from '../../jobs/task-catalog.js';
import type { JobStore } from '../../store/types.js';
import type { ApiDeps } from './index.js';

export interface ServiceParts {
  store: JobStore;
  clock: Clock;
  settings: TaskSettings;
  tasksDir: string;
  instanceId: string;
  /** After a committed change: the service wakes its loop, so the change takes effect at once here. */
  onChange?: (change: JobChange) => void;
}

export function apiDeps({ store, clock, settings, tasksDir, instanceId, onChange }: ServiceParts): ApiDeps {
  const tasks = taskCatalog(tasksDir);
  const service = (origin: string): JobsService => new JobsService({ store, clock, settings, tasks, origin, ...(onChange ? { onChange } : {}) });
  return {
    store,
    clock,
    instanceId,
    jobs: {
      read: service('api'),
      as: (actor) => service(actor),
    },
  };
}
