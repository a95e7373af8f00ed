// The dashboard in real Chromium against the real service on MariaDB (issue 12 §2): log in; add a
// cron job from the form, seeing a validation error first; watch its first run appear without
// reloading; open a failed run's stack; pause and resume; read the upcoming timeline; a read
// token sees no write action and the server refuses one. Each page is saved as a screenshot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { freshDatabase, needsDb } from '../helpers/db.js';
import { makeProject, ServiceProcess } from '../helpers/service.js';

const ADMIN = 'admin-token-for-the-browser-test';
const READER = 'read-token-for-the-browser-test';

describe('dashboard in Chromium', needsDb, () => {
  const db = freshDatabase('ui');
  let service: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  before(async () => {
    const root = makeProject({
      env: `scheduler:
  poll_interval: 0.5
http:
  port: 0
  api:
    enabled: true
    tokens:
      - { name: ops, token: ${ADMIN}, role: admin }
      - { name: viewer, token: ${READER}, role: read }
`,
      config: `tasks:
  nightly:
    task: hello
    trigger: cron
    args: { hour: 3 }
  boom:
    trigger: interval
    args: { seconds: 2 }
`,
      tasks: {
        hello: 'export function run() {}\n',
        boom: 'export async function run() { throw new Error("the boom task always fails"); }\n',
      },
    });
    service = new ServiceProcess(root, { JOBSTORE_URL: db.url });
    const line = await service.waitForLine(/serving \/healthz and \/metrics on/, 60_000);
    base = `http://${/on ([\d.]+:\d+)/.exec(line)![1]}`;
    await service.waitForLine(/scheduler started/, 60_000);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
    if (process.env.DEBUG_E2E) console.log(service.lines.join('\n'));
  });

  it('asks for a token, refuses a wrong one, and logs in with a right one', async () => {
    await page.goto(`${base}/ui/jobs`);
    assert.match(page.url(), /\/ui\/login\?next=%2Fui%2Fjobs$/);
    await screenshot(page, 'login');
    await page.fill('input[name=token]', 'not-a-token-of-this-service');
    await page.click('button[type=submit]');
    assert.match(await page.textContent('[role=alert]') ?? '', /not one of http.api.tokens/);
    await page.fill('input[name=token]', ADMIN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/ui/jobs`);
    assert.match(await page.textContent('.who') ?? '', /ops/);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'scheduler_session');
    assert.ok(session && session.httpOnly && session.sameSite === 'Strict', 'an HttpOnly, SameSite=Strict session cookie');
    assert.ok(!session.value.includes(ADMIN), 'the token is not in the cookie');
    await page.waitForSelector('tr[data-job="boom"]');
    await screenshot(page, 'jobs');
  });

  it('adds a cron job from the form, showing the API’s validation error by the field first', async () => {
    await page.goto(`${base}/ui/jobs/new`);
    await page.fill('input[name=id]', 'every-two');
    await page.selectOption('select[name=task]', 'hello');
    await page.selectOption('select[name=trigger]', 'cron');
    await page.fill('input[name="cron.hour"]', '25');
    await page.click('button[value=save]');
    const error = await page.textContent('#err-cron\\.hour');
    assert.match(error ?? '', /25 is out of range for hour \(0-23\)/, 'the job API’s words, by the hour field');
    await screenshot(page, 'new-job-error');
    await page.fill('input[name="cron.hour"]', '');
    await page.fill('input[name="cron.second"]', '*/2');
    // The live preview (ui.js → /ui/preview) lists the next fire times as the fields change.
    await page.waitForSelector('output.preview table[data-fire-times] tbody tr');
    await screenshot(page, 'new-job-preview');
    await page.click('button[value=save]');
    await page.waitForURL(`${base}/ui/jobs/every-two?done=added`);
    assert.match(await page.textContent('[role=status]') ?? '', /Job added/);
  });

  it('shows the new job’s first run without a reload', async () => {
    // A mark on the window: a reload or navigation would lose it.
    await page.evaluate(() => ((globalThis as unknown as { mark: string }).mark = 'same page'));
    await page.waitForSelector('table[data-live-runs] tr[data-run-id][data-status=succeeded]', { timeout: 30_000 });
    assert.equal(await page.evaluate(() => (globalThis as unknown as { mark?: string }).mark), 'same page');
    await screenshot(page, 'job');
  });

  it('opens a failed run and shows its error and stack', async () => {
    await page.goto(`${base}/ui/runs?status=failed&job=boom`);
    await page.waitForSelector('tr[data-run-id][data-status=failed]', { timeout: 30_000 });
    await screenshot(page, 'runs');
    await page.click('tr[data-status=failed] a[href^="/ui/runs/"]');
    const error = await page.textContent('pre[data-error]');
    assert.match(error ?? '', /the boom task always fails/);
    assert.match(error ?? '', /\n\s+at /, 'the stack is shown');
    assert.match(await page.textContent('[data-run-timeline]') ?? '', /fire time.*created.*due.*started.*finished/s);
    assert.doesNotMatch(await page.textContent('[data-run-timeline] li:nth-child(2)') ?? '', /–/, 'the created time is known');
    await screenshot(page, 'run');
  });

  it('pauses and resumes a job', async () => {
    await page.goto(`${base}/ui/jobs/every-two`);
    await page.click('form[action$="/pause"] button');
    await page.waitForURL(/done=paused/);
    assert.match(await page.textContent('.job-head') ?? '', /paused/);
    await page.click('button[name=from][value=now]');
    await page.waitForURL(/done=resumed/);
    assert.match(await page.textContent('.job-head') ?? '', /scheduled/);
    // Every change is in the audit log, by the token that made it.
    const audit = await page.$$eval('table[data-audit] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1, 3).map((td) => td.textContent)));
    assert.deepEqual(audit, [['ops', 'resume'], ['ops', 'pause'], ['ops', 'add']]);
  });

  it('draws the upcoming fire times of all jobs on one timeline', async () => {
    await page.goto(`${base}/ui?hours=24`);
    const lanes = await page.$$eval('svg[data-timeline] g.lane', (gs) => gs.map((g) => g.getAttribute('data-job')));
    assert.ok(lanes.includes('every-two') && lanes.includes('nightly') && lanes.includes('boom'), `lanes: ${lanes.join(', ')}`);
    assert.ok(await page.$$eval('g.lane[data-job=nightly] circle.fire', (c) => c.length) === 1, 'nightly fires once in 24 h');
    await page.waitForSelector('.chart .uplot');
    await screenshot(page, 'overview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'overview-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('a config-owned job says where it is defined and offers no edit', async () => {
    await page.goto(`${base}/ui/jobs/nightly`);
    assert.match(await page.textContent('[data-config-owned]') ?? '', /config\/test\.yaml.*tasks\.nightly/);
    assert.equal(await page.$('form[action$="/reschedule"]'), null);
    assert.equal(await page.$('form[action$="/remove"]'), null);
  });

  it('a read token sees no write action, and the server refuses one', async () => {
    await page.click('form[action="/ui/logout"] button');
    await page.waitForURL(/\/ui\/login/);
    await page.fill('input[name=token]', READER);
    await page.click('button[type=submit]');
    await page.goto(`${base}/ui/jobs/every-two`);
    assert.match(await page.textContent('.banner.readonly') ?? '', /Read-only/);
    assert.equal(await page.$('form[method=post][action^="/ui/jobs/"]'), null);
    const status = await page.evaluate(async () => (await fetch('/ui/jobs/every-two/pause', { method: 'POST' })).status);
    assert.equal(status, 403);
    const [job] = await db.query<{ paused: number }>('SELECT paused FROM jobs WHERE id = ?', ['every-two']);
    assert.equal(job!.paused, 0, 'nothing changed');
  });
});
