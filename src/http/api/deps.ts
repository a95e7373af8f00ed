// What the service hands the API once it has reached its store: the job API per caller (their
// token's name as the origin of what they write and the actor of its audit entries), the
// service's own (service.ts `jobs`: one task catalog, its changes waking the loop and told as events).
import type { Clock } from '../../clock.js';
import type { JobApi } from '../../jobs/types.js';
import type { JobStore } from '../../store/types.js';
import type { ApiDeps } from './index.js';

export interface ServiceParts {
  store: JobStore;
  clock: Clock;
  instanceId: string;
  /** The service's job API writing as `origin`. */
  jobs(origin: string): JobApi;
}

export function apiDeps({ store, clock, instanceId, jobs }: ServiceParts): ApiDeps {
  return {
    store,
    clock,
    instanceId,
    jobs: {
      read: jobs('api'),
      as: (actor) => jobs(actor),
    },
  };
}
