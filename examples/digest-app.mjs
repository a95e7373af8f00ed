// A plain Node.js application that embeds the scheduler: each user who asks for a digest gets
// their own job, with their settings as params, stored and kept across restarts and shared by
// every instance of the application on one database.
//
//   npm run build                                   # in this repository: `mysql-scheduler` → dist/
//   JOBSTORE_URL=mysql://user:pass@127.0.0.1:3306/app node examples/digest-app.mjs
//   curl -X PUT localhost:3000/users/42/digest -H 'content-type: application/json' \
//        -d '{"email": "ada@example.com", "every_seconds": 10}'
//   curl localhost:3000/users/42/digest             # the job, its next run, its last runs
//   curl -X DELETE localhost:3000/users/42/digest
//
// Without JOBSTORE_URL the jobs go to sqlite:data/digest-app.db. SIGINT or SIGTERM stops it
// gracefully: running digests finish, outcomes are written.
import { appendFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createScheduler, JobNotFoundError, JobSpecError } from 'mysql-scheduler';

const DIGESTS = process.env.DIGEST_LOG ?? 'digests.log';

const scheduler = createScheduler({
  config: {
    scheduler: { jobstore: { url: process.env.JOBSTORE_URL || 'sqlite:data/digest-app.db' }, poll_interval: 1 },
    logging: { level: process.env.LOG_LEVEL ?? 'warn' },
  },
  tasks: {
    // A real application would send an email here; this one appends a line to a file.
    'send-digest': async (ctx) => {
      const { userId, email } = ctx.params;
      await appendFile(DIGESTS, `${new Date().toISOString()} digest for user ${userId} <${email}> (${ctx.jobId})\n`);
    },
  },
});
scheduler.on('runSucceeded', (run) => console.log(`${run.job_id}: digest sent`));
scheduler.on('runFailed', (run) => console.error(`${run.job_id}: attempt ${run.attempt} failed: ${run.error}`));
await scheduler.start();

const server = createServer((req, res) => {
  route(req).then(
    ([status, body]) => reply(res, status, body),
    (error) => reply(res, error instanceof JobSpecError ? 422 : error instanceof SyntaxError ? 400 : 500, { error: error.message }),
  );
});

async function route(req) {
  const match = /^\/users\/(\d{1,12})\/digest$/.exec(req.url ?? '');
  if (!match) return [404, { error: 'try /users/<id>/digest' }];
  const id = `digest-${match[1]}`;
  if (req.method === 'PUT') {
    const { email, every_seconds: seconds = 86_400 } = JSON.parse((await body(req)) || '{}');
    // 'update': a repeated request with the same settings changes nothing (same next run, same
    // grid); a new interval restarts the schedule from now; new params keep it.
    const { job, change } = await scheduler.addJob(
      { id, task: 'send-digest', trigger: 'interval', args: { seconds }, params: { userId: Number(match[1]), email }, max_attempts: 3, retry_delay: 30, retry_backoff: 'exponential' },
      { onConflict: 'update' },
    );
    return [change === 'added' ? 201 : 200, { change, job }];
  }
  try {
    if (req.method === 'DELETE') return [200, { removed: (await scheduler.removeJob(id)).id }];
    const job = await scheduler.getJob(id);
    if (job === null) return [404, { error: `no digest for user ${match[1]}` }];
    return [200, { job, next: await scheduler.upcoming(id, 3) }];
  } catch (error) {
    if (error instanceof JobNotFoundError) return [404, { error: `no digest for user ${match[1]}` }];
    throw error;
  }
}

function body(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
  });
}

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    server.close();
    const { unrecorded } = await scheduler.stop();
    process.exitCode = unrecorded > 0 ? 1 : 0;
  });
}
