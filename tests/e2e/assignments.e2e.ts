import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gradeBatch } from '../../src/grading';
import { submissionSchema, type Submission } from '../../src/schemas/submission';
import { baseUrl, launchBrowser, openPage, replaceCode, runAndWait } from './browser';

let browser: Browser;
let scratch: string;
beforeAll(async () => {
  browser = await launchBrowser();
  scratch = mkdtempSync(join(tmpdir(), 'assignments-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const TITLE = 'Week 3 <b>semaphores</b> & queues';
const semaphoreSolution = readFileSync('exercises/02-semaphore-bulkhead/solution/bulkhead.ts', 'utf8');
const semaphoreStart = readFileSync('exercises/02-semaphore-bulkhead/start/bulkhead.ts', 'utf8');
const queueStart = readFileSync('exercises/03-bounded-queue/start/queued-bulkhead.ts', 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function statusOf(page: Page, id: string): Promise<string | null> {
  return page.locator(`[data-exercise="${id}"]`).getAttribute('data-status');
}

/** Builds the assignment in the builder and returns the learner's link (a path with its query). */
async function buildAssignment(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create link' }).click();
  expect(await page.locator('#assignment-title-error').textContent()).toBe('The title is empty.');
  expect(await page.locator('#exercises-error').textContent()).toBe('The assignment names no exercises; pick at least one.');
  expect(await page.locator('[data-form-error]').textContent()).toBe('2 things need fixing before the link can be made.');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('assignment-title');
  expect(await page.locator('#assignment-title').getAttribute('aria-invalid')).toBe('true');

  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Date', { exact: true }).fill('2099-03-14');
  await page.getByLabel('Time', { exact: true }).fill('17:00');
  expect(await page.locator('[data-due-zone]').textContent()).toMatch(/^Times are in your time zone, \S+ \(UTC[+−]\d{2}:\d{2} on that date\)/);
  await page.getByRole('checkbox', { name: /A semaphore bulkhead that fails fast/ }).check();
  await page.getByRole('checkbox', { name: /A bulkhead with a bounded, fair queue/ }).check();
  await page.locator('[data-field="lessons"] summary').click();
  await page.getByRole('checkbox', { name: 'The semaphore bulkhead in TypeScript' }).check();
  expect(await page.locator('#assignment-title-error').isHidden()).toBe(true);
  await page.getByRole('button', { name: 'Create link' }).click();

  await page.locator('[data-result]').waitFor();
  expect(await page.evaluate(() => document.activeElement?.matches('[data-result]'))).toBe(true);
  expect(await page.locator('[data-result-summary]').textContent()).toMatch(/^2 exercises and 1 lesson, due .*2099.* \(in \d+ days\)\.$/);
  expect(await page.locator('[data-result]').textContent()).toContain('npm run grade:batch -- ~/week-3 --out grades.csv');
  expect(await axeViolations(page)).toEqual([]);
  const link = await page.getByLabel('Link to send to learners').inputValue();
  expect(link.startsWith(`${baseUrl()}/assignment/?v=1&t=`)).toBe(true);
  expect(await page.getByRole('link', { name: 'Open as a learner' }).getAttribute('href')).toBe(link.slice(baseUrl().length));
  return link.slice(baseUrl().length);
}

describe('assignments', () => {
  test('an instructor builds a link; a learner solves one of two exercises, downloads a submission; the batch grader re-runs it and flags a tampered copy', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const { page, problems } = await openPage(context, '/assignments/new/');
      page.on('dialog', (dialog) => {
        problems.consoleErrors.push(`unexpected dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      const path = await buildAssignment(page);
      await page.getByRole('link', { name: 'Open as a learner' }).click();
      await page.waitForURL(/\/assignment\/\?/);

      // The title is shown as the text it is: no <b> element is made from it.
      await page.locator('[data-assignment]').waitFor();
      expect(await page.locator('[data-title]').textContent()).toBe(TITLE);
      expect(await page.locator('[data-title] b').count()).toBe(0);
      expect(await page.title()).toBe(`${TITLE} · Assignment · Bulkhead Lab`);
      expect(await page.locator('[data-due]').textContent()).toMatch(/^Due .+ \(your time, \S+\) · due in \d+ days$/);
      expect(await statusOf(page, 'semaphore-bulkhead')).toBe('not-started');
      expect(await statusOf(page, 'bounded-queue')).toBe('not-started');
      expect(await page.locator('[data-lesson="02-foundation/02-semaphore-bulkhead"]').getAttribute('data-status')).toBe('not-completed');
      expect(await page.locator('[data-summary]').textContent()).toBe('0 of 2 exercises passing · 0 of 1 lesson completed.');

      // Solve the first exercise in the workbench, as a learner pasting code would.
      await page.getByRole('link', { name: 'A semaphore bulkhead that fails fast' }).click();
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      await replaceCode(page, semaphoreSolution);
      expect(await runAndWait(page)).toMatch(/All tests pass!$/);

      await page.goBack();
      await page.waitForURL(/\/assignment\/\?/);
      await expect.poll(() => statusOf(page, 'semaphore-bulkhead'), { timeout: 10_000 }).toBe('passing');
      expect(await statusOf(page, 'bounded-queue')).toBe('not-started');
      expect(await page.locator('[data-summary]').textContent()).toBe('1 of 2 exercises passing · 0 of 1 lesson completed.');
      expect(await page.locator('[data-not-passing]').textContent()).toMatch(/^Not passing yet: A bulkhead with a bounded, fair queue\./);
      expect(await axeViolations(page)).toEqual([]);

      // The name is required, and the message says so next to the field.
      await page.getByRole('button', { name: 'Download submission' }).click();
      expect(await page.locator('#learner-name-error').textContent()).toBe('Type your name, so your instructor knows whose work this is.');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('learner-name');

      await page.getByLabel('Your name').fill('Ada Lovelace');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download submission' }).click()]);
      expect(download.suggestedFilename()).toBe('ada-lovelace-week-3-b-semaphores-b-queues.json');
      const honestPath = join(scratch, 'ada-lovelace-week-3-b-semaphores-b-queues.json');
      await download.saveAs(honestPath);
      await expect.poll(() => page.locator('[data-outcome]').textContent()).toContain('Downloaded ada-lovelace-week-3-b-semaphores-b-queues.json.');
      expect(await page.locator('[data-outcome]').textContent()).toContain('1 exercise was not passing yet');

      const submission: Submission = submissionSchema.parse(JSON.parse(readFileSync(honestPath, 'utf8')));
      expect(submission.learner.name).toBe('Ada Lovelace');
      expect(submission.assignment.title).toBe(TITLE);
      expect(submission.assignment.link).toBe(path.slice('/assignment/?'.length));
      expect(submission.exercises.map((entry) => entry.id)).toEqual(['semaphore-bulkhead', 'bounded-queue']);
      expect(submission.exercises[0]?.files['bulkhead.ts']).toBe(semaphoreSolution);
      expect(submission.exercises[0]?.files['bulkhead.ts']).not.toBe(semaphoreStart);
      expect(submission.exercises[0]?.browserResult).toMatchObject({ ok: true, failed: 0 });
      expect(submission.exercises[1]).toEqual({ id: 'bounded-queue', files: { 'queued-bulkhead.ts': queueStart }, updatedAt: null, browserResult: null });
      expect(submission.lessons).toEqual([{ id: '02-foundation/02-semaphore-bulkhead', completedAt: null }]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.failedRequests).toEqual([]);

      // A tampered copy claims the unsolved exercise passed in the browser.
      const tampered = structuredClone(submission);
      tampered.learner.name = 'Ada Lovelace (tampered)';
      const queue = tampered.exercises[1];
      if (!queue) throw new Error('the submission lacks its second exercise');
      queue.browserResult = { at: submission.createdAt, runner: 'worker', ok: true, passed: 9, failed: 0, total: 9 };
      writeFileSync(join(scratch, 'tampered.json'), JSON.stringify(tampered, null, 2));

      const book = await gradeBatch(scratch, { jobs: 2 });
      expect(book.rows.map((row) => row.file)).toEqual(['ada-lovelace-week-3-b-semaphores-b-queues.json', 'tampered.json']);
      const [honest, forged] = book.rows;
      for (const row of [honest, forged]) {
        expect(row?.error).toBeNull();
        expect(row?.exercises[0]).toMatchObject({ id: 'semaphore-bulkhead', pass: true, score: 1 });
        expect(row?.exercises[1]?.id).toBe('bounded-queue');
        expect(row?.exercises[1]?.pass).toBe(false);
        expect(row?.exercises[1]?.score).toBeLessThan(0.5);
        expect(row?.flags.some((flag) => flag.kind === 'link-changed')).toBe(false);
      }
      expect(honest?.flags.filter((flag) => flag.kind === 'browser-claimed-pass')).toEqual([]);
      const claims = forged?.flags.filter((flag) => flag.kind === 'browser-claimed-pass') ?? [];
      expect(claims.map((flag) => flag.exercise)).toEqual(['bounded-queue']);
      expect(claims[0]?.message).toMatch(/^browser claimed pass, tests fail/);
    } finally {
      await context.close();
    }
  }, 180_000);

  test('a tampered link shows what is wrong and nothing from the link as markup', async () => {
    const context = await browser.newContext();
    try {
      const query = new URLSearchParams({ v: '1', t: '<img src=x onerror="document.title=1">Week 9', due: '', ex: 'semaphore-bulkhead', ls: '', c: '00000000' });
      const { page, problems } = await openPage(context, `/assignment/?${query.toString()}&extra=<script>1</script>`);
      await page.locator('[data-error]').waitFor();
      const listed = await page.locator('[data-problems] li').allTextContents();
      expect(listed).toEqual([
        'The link has an unknown parameter "extra".',
        'The checksum does not match the rest of the link: the link was changed after it was made, or copied incompletely.',
      ]);
      expect(await page.locator('main img, main script:not(#assignment-catalog)').count()).toBe(0);
      expect(await page.locator('[data-assignment]').isHidden()).toBe(true);
      expect(await page.title()).toBe('Assignment link not valid · Bulkhead Lab');
      expect(await axeViolations(page)).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('both pages fit 375 px without scrolling sideways and pass axe in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl()}/assignments/new/`);
      await page.getByLabel('Title').fill('A long assignment title with Supercalifragilisticexpialidocious-and-even-longer-words');
      await page.getByLabel('Date', { exact: true }).fill('2030-01-01');
      await page.getByRole('checkbox', { name: /A semaphore bulkhead that fails fast/ }).check();
      await page.getByRole('checkbox', { name: /A chaos-experiment evaluator/ }).check();
      await page.getByRole('button', { name: 'Create link' }).click();
      await page.locator('[data-result]').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await axeViolations(page)).toEqual([]);
      const path = (await page.getByLabel('Link to send to learners').inputValue()).slice(baseUrl().length);
      await page.goto(`${baseUrl()}${path}`);
      await page.locator('[data-assignment]').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
