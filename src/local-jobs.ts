// The job API as a running service serves it in its own process (the embedded scheduler's, the
// HTTP API's): each change wakes this instance's loop at once rather than at its next poll, and
// is told to the scheduler's event listeners once committed. Other processes' changes are seen
// within poll_interval, and are not events here.
import { JobsService, type JobsServiceOptions } from './jobs/service.js';
import type { SchedulerEvents } from './scheduler/public-events.js';

export interface LocalLoop {
  /** Wakes the loop: a changed next run time or a queued run is acted on now. */
  wake(): void;
  events: SchedulerEvents;
}

export function localJobs(loop: LocalLoop, options: Omit<JobsServiceOptions, 'onChange'>): JobsService {
  return new JobsService({
    ...options,
    onChange: (change) => {
      loop.wake();
      if (change.type === 'runQueued') loop.events.emit('runQueued', change.run);
      else loop.events.emit(change.type, change.job);
    },
  });
}
