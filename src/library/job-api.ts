// The job API of an object that holds one only at times (a scheduler between start() and stop(),
// a client until close()): each call asks for the current one, and a refusal is a rejection,
// never a synchronous throw, as for any other failure of the call.
import type { JobApi } from '../jobs/types.js';

/** `current(call)` returns the API to use for `call` (a method name), or throws why there is none. */
export function delegateJobApi(current: (call: keyof JobApi) => JobApi): JobApi {
  return {
    addJob: async (spec, options) => current('addJob').addJob(spec, options),
    modifyJob: async (id, changes, options) => current('modifyJob').modifyJob(id, changes, options),
    rescheduleJob: async (id, trigger, args) => current('rescheduleJob').rescheduleJob(id, trigger, args),
    pauseJob: async (id) => current('pauseJob').pauseJob(id),
    resumeJob: async (id, options) => current('resumeJob').resumeJob(id, options),
    removeJob: async (id) => current('removeJob').removeJob(id),
    runJob: async (id) => current('runJob').runJob(id),
    retryRun: async (runId) => current('retryRun').retryRun(runId),
    getJob: async (id) => current('getJob').getJob(id),
    getJobs: async (filter) => current('getJobs').getJobs(filter),
    upcoming: async (id, count) => current('upcoming').upcoming(id, count),
  };
}
