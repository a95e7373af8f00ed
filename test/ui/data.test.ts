// The dashboard's lists page by the API's keyset cursors (src/http/cursors.ts): the next-page link
// of one page resumes exactly after its last row, through every page, and a link whose cursor is
// not one starts from the top instead of failing the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APSCHEDULER_DEFAULTS } from '../../src/config/settings.js';
import { JOBS_PAGE, jobsData, RUNS_PAGE, runsData, type DataSources } from '../../src/http/ui/data.js';
import { JobsService } from '../../src/jobs/service.js';
import { taskCatalog } from '../../src/jobs/task-catalog.js';
import { MemoryStore } from '../../src/store/memory.js';
import { FakeClock } from '../helpers/fake-clock.js';

const NOW = '2030-01-01T00:00:00Z';

function sources(): { src: DataSources; jobs: JobsService; clock: FakeClock } {
  const store = new MemoryStore();
  const clock = new FakeClock(NOW);
  const jobs = new JobsService({ store, clock, settings: { timezone: 'UTC', jobDefaults: APSCHEDULER_DEFAULTS }, tasks: taskCatalog(['echo']), origin: 'library' });
  return { src: { store, jobs, now: clock.now() }, jobs, clock };
}

/** Every page's ids, following `next` from the first page. */
async function allPages(first: (cursor: string | undefined) => Promise<{ ids: string[]; next: string | null }>): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await first(cursor);
    pages.push(page.ids);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined && pages.length < 10);
  return pages;
}

describe('dashboard lists', () => {
  it('page the jobs list by its next links: every job once, in the list order, paused ones last', async () => {
    const { src, jobs } = sources();
    const total = JOBS_PAGE * 2 + 5;
    for (let i = 0; i < total; i++) {
      const id = `job-${String(i).padStart(3, '0')}`;
      // Hourly, each a minute after the last; every seventh paused (the list's second part).
      await jobs.addJob({ id, task: 'echo', trigger: 'interval', args: { hours: 1, start_date: `2030-01-01 00:${String(i % 60).padStart(2, '0')}:00` }, paused: i % 7 === 0 });
    }
    const expected = (await jobs.getJobs()).map((j) => j.id);
    const pages = await allPages(async (cursor) => {
      const data = await jobsData(src, { cursor }, ['echo']);
      return { ids: data.jobs.map((j) => j.job.id), next: data.next };
    });
    assert.deepEqual(pages.map((p) => p.length), [JOBS_PAGE, JOBS_PAGE, 5]);
    assert.deepEqual(pages.flat(), expected);
  });

  it('page the runs list by its next links: every run once, latest fire time first', async () => {
    const { src, jobs, clock } = sources();
    await jobs.addJob({ id: 'busy', task: 'echo', trigger: 'interval', args: { hours: 1 }, max_instances: 1000 });
    const queued: number[] = [];
    for (let i = 0; i < RUNS_PAGE + 3; i++) {
      clock.advance(1000);
      queued.push((await jobs.runJob('busy')).id);
    }
    const pages = await allPages(async (cursor) => {
      const data = await runsData(src, { cursor });
      return { ids: data.runs.map((r) => String(r.id)), next: data.next };
    });
    assert.deepEqual(pages.map((p) => p.length), [RUNS_PAGE, 3]);
    assert.deepEqual(pages.flat(), queued.reverse().map(String));
  });

  it('start from the top on a link whose cursor is not one', async () => {
    const { src, jobs } = sources();
    await jobs.addJob({ id: 'only', task: 'echo', trigger: 'interval', args: { hours: 1 } });
    for (const cursor of ['abc', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"n":"soon","id":"x"}').toString('base64url')]) {
      const data = await jobsData(src, { cursor }, ['echo']);
      assert.deepEqual(data.jobs.map((j) => j.job.id), ['only'], cursor);
      assert.deepEqual((await runsData(src, { cursor })).runs, [], cursor);
    }
  });
});
