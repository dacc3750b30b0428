import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { loadResult } from '../../unit/reporters/result-fixtures';
import { learnerToken, project, upload, waitForStatus } from '../../unit/server/api-helpers';
import { startTestServer, type TestServer } from '../../unit/server/test-server';
import { launchChromium } from './browser';

/** The dashboard in real headless Chromium: sign-in, tables, filters, report, regrade, CSV, escaping. */

const EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
// Every page is photographed and the picture checked; BACKLAB_SCREENSHOTS keeps them where you say.
const SCREENSHOTS = process.env.BACKLAB_SCREENSHOTS ?? join(tmpdir(), 'backlab-dashboard-screenshots');
const shots: string[] = [];

/** A full-page screenshot, checked to be a picture of a page with something on it. */
async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  const png = await page.screenshot({ path, fullPage: true });
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  // IHDR: width and height, big-endian, right after the signature and the chunk header.
  expect(png.readUInt32BE(16)).toBe(page.viewportSize()!.width);
  expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(page.viewportSize()!.height);
  // A blank page of this size compresses to a few kilobytes; text, tables and charts do not.
  expect(png.length).toBeGreaterThan(12_000);
  shots.push(path);
}

let ts: TestServer;
let browser: Browser;
let evilToken: string;
let evilId: string;
let plainId: string;
const dialogs: string[] = [];

beforeAll(async () => {
  ts = await startTestServer();
  // A result whose learner-controlled parts (test message from the app's answer, app log) carry markup.
  ts.grader.script.push(async (job) => {
    const result = loadResult('fail');
    result.lab = job.lab.id;
    result.appLog = `listening on 3000\n${EVIL}`;
    await writeFile(join(job.runDir, 'app.log'), result.appLog);
    result.stages[1].tests[2].message = `expected 401, got 200 with body ${EVIL}`;
    return { kind: 'graded', result };
  });
  evilToken = await learnerToken(ts, EVIL);
  const plain = await learnerToken(ts, '=HYPERLINK("http://x")');
  evilId = (await upload(ts, evilToken, await project('evil'))).body.id;
  await waitForStatus(ts, evilToken, evilId, ['graded']);
  plainId = (await upload(ts, plain, await project('plain'))).body.id;
  await waitForStatus(ts, plain, plainId, ['graded']);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  if (shots.length) console.log(`dashboard screenshots (${shots.length} pages):\n${shots.join('\n')}`);
  await browser?.close();
  await ts?.close();
});

async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${ts.url}/dashboard`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('input[name=token]', token);
  await Promise.all([page.waitForURL(`${ts.url}/dashboard`), page.click('button[type=submit]')]);
  return { context, page };
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned);
}

describe('dashboard in Chromium', () => {
  it('refuses a wrong token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ts.url}/login`);
    await page.fill('input[name=token]', 'blt_wrong');
    await page.click('button[type=submit]');
    await page.waitForSelector('#login-error');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('instructor: submissions table with filters, escaped learner names, CSV export', async () => {
    const { context, page } = await signedIn(ts.instructorToken);
    expect(await page.textContent('#whoami')).toBe('instructor (instructor)');
    const learners = await page.$$eval('#submissions td.learner', (cells) => cells.map((c) => c.textContent));
    expect(learners.sort()).toEqual(['=HYPERLINK("http://x")', EVIL].sort());
    expect(await page.$$('#submissions script')).toHaveLength(0);
    expect(await page.textContent('#pager')).toMatch(/Showing 1–2 of 2 submissions/);
    expect(await pwned(page)).toBeUndefined();
    await shoot(page, 'dashboard-submissions');

    await page.fill('input[name=learner]', EVIL);
    await Promise.all([page.waitForURL(/learner=/), page.click('form.filters button[type=submit]')]);
    expect(await page.$$eval('#submissions tbody tr', (rows) => rows.length)).toBe(1);
    expect(await page.textContent('#submissions td.learner')).toBe(EVIL);

    await page.selectOption('select[name=status]', 'error');
    await Promise.all([page.waitForURL(/status=error/), page.click('form.filters button[type=submit]')]);
    await page.waitForSelector('#no-submissions');

    const csv = await context.request.get(`${ts.url}/dashboard/export.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text.split('\r\n')[0]).toBe(
      'id,learner,lab,status,result,score,max_score,attempt,submitted_at,finished_at,error',
    );
    await context.close();
  });

  it('instructor: best-score grid and per-stage pass rates', async () => {
    const { context, page } = await signedIn(ts.instructorToken);
    await page.click('text=Best scores');
    await page.waitForSelector('#grid');
    const rows = await page.$$eval('#grid tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
    );
    const { score: points } = loadResult('fail');
    const score = `${points}/100`;
    const total = `${points}/100 (${Math.round(points)}%)`;
    expect(rows).toEqual(
      expect.arrayContaining([
        [EVIL, score, '–', total],
        ['=HYPERLINK("http://x")', score, '–', total],
      ]),
    );
    // Coloured by share of the maximum; the average row is over the learners graded in each lab.
    const shade = points >= 90 ? 'score-high' : points >= 50 ? 'score-mid' : 'score-low';
    expect(await page.$$(`#grid tbody td.${shade}`)).toHaveLength(2);
    const average = await page.$$eval('#grid tfoot td', (tds) => tds.map((td) => td.textContent?.trim()));
    expect(average.slice(0, 2)).toEqual([`${Math.round(points)}% of 2`, '–']);
    await shoot(page, 'dashboard-grid');

    await page.click('#grid th a >> text=complete-lab');
    await page.waitForSelector('#stage-rates');
    const rates = await page.$$eval('#stage-rates tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
    );
    // The fixture result passes its "register" stage, which complete-lab also has.
    expect(rates.map((r) => r[2])).toEqual(['2/2', '0/2', '0/2']);
    expect(await page.$$('#stage-rates progress')).toHaveLength(3);
    // The charts: both submissions in one column of the score distribution, a bar per stage.
    const columns = await page.$$eval('#score-distribution rect.fill', (rects) =>
      rects.map((r) => Number(r.getAttribute('height'))),
    );
    expect(columns.filter((h) => h > 0)).toHaveLength(1);
    expect(await page.$$('#stage-pass-chart rect.fill')).toHaveLength(3);
    expect(await page.locator('#stage-pass-chart').isVisible()).toBe(true);
    await shoot(page, 'dashboard-lab');
    expect(await pwned(page)).toBeUndefined();
    await context.close();
  });

  it('instructor: the submission page shows the full report and app log as text, and regrades', async () => {
    const { context, page } = await signedIn(ts.instructorToken);
    await page.goto(`${ts.url}/dashboard/submissions/${evilId}`);
    expect(await page.textContent('#app-log')).toContain(EVIL);
    expect(await page.textContent('main')).toContain(`expected 401, got 200 with body ${EVIL}`);
    expect(await page.$$('main img')).toHaveLength(0);
    // The stages and Regrade come first, above the long report: both within the first screen.
    const summary = await page.$$eval('#stage-summary tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(summary.length).toBeGreaterThan(0);
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    expect(await top('#regrade')).toBeLessThan(await top('#app-log'));
    expect(await top('#stage-summary')).toBeLessThan(600);
    expect(await pwned(page)).toBeUndefined();
    await shoot(page, 'dashboard-submission');

    await Promise.all([page.waitForURL(`${ts.url}/dashboard/submissions/${evilId}`), page.click('#regrade')]);
    await waitForStatus(ts, ts.instructorToken, evilId, ['graded']);
    // The page of a running attempt refreshes itself: a reload of ours could meet its refresh. A
    // new page, once the attempt is graded, has no refresh to race.
    await page.close();
    const graded = await context.newPage();
    await graded.goto(`${ts.url}/dashboard/submissions/${evilId}`);
    const attempts = await graded.$$eval('#attempts tbody tr', (trs) =>
      trs.map((tr) => tr.querySelectorAll('td')[1].textContent),
    );
    expect(attempts).toEqual(['submit', 'regrade']);
    await context.close();
  });

  it('learner: only their own submissions and feedback, hidden messages withheld, no instructor pages', async () => {
    const { context, page } = await signedIn(evilToken);
    expect(await page.$$eval('#submissions tbody tr', (rows) => rows.length)).toBe(1);
    expect(await page.$('input[name=learner]')).toBeNull();
    await page.click(`text=${evilId}`);
    await page.waitForSelector('#attempts');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('(hidden)');
    expect(main).toContain('hidden test');
    expect(main).not.toContain('listening on 3000');
    expect(await page.$('#regrade')).toBeNull();
    expect(await pwned(page)).toBeUndefined();
    await shoot(page, 'dashboard-learner');

    const grid = await page.goto(`${ts.url}/dashboard/grid`);
    expect(grid?.status()).toBe(403);
    const other = await page.goto(`${ts.url}/dashboard/submissions/${plainId}`);
    expect(other?.status()).toBe(404);
    await page.goto(`${ts.url}/dashboard`);
    await Promise.all([page.waitForURL(/\/login/), page.click('text=Log out')]);
    expect((await request(ts.url).get('/dashboard').redirects(0)).status).toBe(303);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
