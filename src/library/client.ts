// createClient: the job API over a store, without a scheduler. It never claims or runs anything
// and starts no loop, as the CLI does (cli/context.ts): a web application that administers jobs,
// a script, a second process. A running scheduler on the same store sees its changes within
// poll_interval.
import { systemClock } from '../clock.js';
import type { JobApi } from '../jobs/types.js';
import { JobsService } from '../jobs/service.js';
import { taskCatalog } from '../jobs/task-catalog.js';
import { openConfiguredStore } from '../store/index.js';
import { ConfigError } from '../config/errors.js';
import { SchedulerStateError } from './errors.js';
import { delegateJobApi } from './job-api.js';
import { readClientOptions, type ClientOptions } from './options.js';

/** The job API over a store, and close(). */
export interface SchedulerClient extends JobApi {
  /** Releases the store's connections; later calls reject with a {@link SchedulerStateError}. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens a client on a store. The store's schema must exist (a scheduler's start() or
 * `scheduler migrate` creates it); the client changes no schema. MySQL is reached at the first
 * call; a bad URL or configuration throws a ConfigError at once.
 *
 * @example
 * ```ts
 * import { createClient } from 'mysql-scheduler';
 *
 * const client = createClient({ url: process.env.JOBSTORE_URL, tasks: ['send-digest'] });
 * await client.addJob({ id: 'digest-42', task: 'send-digest', trigger: 'interval', args: { hours: 24 }, params: { userId: 42 } });
 * await client.close();
 * ```
 */
export function createClient(options: ClientOptions = {}): SchedulerClient {
  const { config, tasks } = readClientOptions(options);
  const { settings } = config;
  if (settings.jobstoreUrl === 'memory:') {
    throw new ConfigError(settings.jobstoreUrlKey.file, settings.jobstoreUrlKey.path, 'memory: lives inside one scheduler\'s process; a client needs a mysql:// or sqlite: store');
  }
  const store = openConfiguredStore(settings, { poolSize: 2 });
  const catalog = taskCatalog('dir' in tasks ? tasks.dir : 'map' in tasks ? tasks.map : tasks.names);
  const jobs = new JobsService({ store, clock: systemClock, settings, tasks: catalog, origin: 'library' });
  let closing: Promise<void> | null = null;
  return {
    ...delegateJobApi((call) => {
      if (closing) throw new SchedulerStateError(`${call}(): the client is closed`);
      return jobs;
    }),
    close: () => (closing ??= store.close()),
  };
}
