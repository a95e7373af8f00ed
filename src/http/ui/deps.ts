// The dashboard's dependencies in the service: the API's (job API per token, store, clock) once
// attached, plus what env.yaml and the loop say (environment, time zone, lease and poll periods,
// the latest store error) and the deployed task modules of <root>/tasks.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Settings } from '../../config/types.js';
import { listTaskModules } from '../../tasks/list.js';
import type { ApiDeps } from '../api/index.js';
import type { UiDeps } from './respond.js';
import type { UiOptions } from './routes.js';

export interface ServiceState {
  /** null until the service has reached its store. */
  api(): ApiDeps | null;
  /** The loop's latest store error; null while the store answers. */
  storeError(): string | null;
}

export function dashboardOptions(settings: Settings, logger: Logger, state: ServiceState): UiOptions {
  const tasksDir = join(settings.root, 'tasks');
  let deps: UiDeps | null = null;
  return {
    tokens: settings.http.api.tokens,
    listenHost: settings.http.host,
    allowedHosts: settings.http.api.allowedHosts,
    logger,
    deps() {
      const api = state.api();
      if (api === null) return null;
      deps ??= {
        ...api,
        appEnv: settings.appEnv,
        timezone: settings.timezone,
        leaseTimeoutMs: settings.leaseTimeout * 1000,
        pollIntervalMs: settings.pollInterval * 1000,
        // Read at each request: a module added to tasks/ shows up without a restart, as the job API finds it.
        taskNames: () => api.taskNames?.() ?? listTaskModules(tasksDir),
        storeError: () => state.storeError(),
      };
      return deps;
    },
  };
}
