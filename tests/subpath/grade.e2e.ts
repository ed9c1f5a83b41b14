/**
 * On the sub-path site (no COOP/COEP, so the exercise runs in the worker), a learner follows an
 * assignment link to an exercise, passes it with the reference solution and downloads a
 * submission that the batch grader regrades; and the header search finds lessons and links to
 * them under the base.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gradeBatch } from '../../src/grading';
import { expectedSummary, launchBrowser, replaceCode, runAndWait } from '../e2e/browser';
import { pageUrl, recordRequests, sitePathBase, siteUrl } from './site';

const solution = readFileSync('exercises/02-semaphore-bulkhead/solution/bulkhead.ts', 'utf8');

let browser: Browser;
let scratch: string;
beforeAll(async () => {
  browser = await launchBrowser();
  scratch = mkdtempSync(join(tmpdir(), 'subpath-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('grading on a sub-path site', () => {
  test('an assignment made there leads to an exercise that passes in the browser, and its submission regrades', async () => {
    const base = sitePathBase();
    const context = await browser.newContext({ acceptDownloads: true });
    const log = recordRequests(context);
    try {
      const page = await context.newPage();
      await page.goto(pageUrl('/assignments/new/'));
      await page.getByLabel('Title').fill('Week 1 on a sub-path');
      await page.getByRole('checkbox', { name: /A semaphore bulkhead that fails fast/ }).check();
      await page.getByRole('button', { name: 'Create link' }).click();
      await page.locator('[data-result]').waitFor();
      const link = await page.getByLabel('Link to send to learners').inputValue();
      expect(link.startsWith(`${siteUrl()}assignment/?v=1&t=`), link).toBe(true);

      await page.goto(link);
      await page.locator('[data-assignment]').waitFor();
      const exercise = page.getByRole('link', { name: 'A semaphore bulkhead that fails fast' });
      expect(await exercise.getAttribute('href')).toMatch(new RegExp(`^${base}exercises/semaphore-bulkhead/\\?assignment=`));
      await exercise.click();
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      expect(await page.getByRole('link', { name: 'Back to your assignment' }).getAttribute('href')).toBe(`${base}assignment/?${new URL(link).search.slice(1)}`);
      await replaceCode(page, solution);
      const summary = await runAndWait(page);
      expect(summary).toBe(await expectedSummary('02-semaphore-bulkhead', { 'bulkhead.ts': solution }));
      expect(summary).toMatch(/All tests pass!$/);
      expect(await page.locator('[data-runner-line]').textContent()).toContain('Tests run in your browser');

      await page.getByRole('link', { name: 'Back to your assignment' }).first().click();
      await page.locator('[data-assignment]').waitFor();
      await expect.poll(() => page.locator('[data-exercise="semaphore-bulkhead"]').getAttribute('data-status'), { timeout: 10_000 }).toBe('passing');
      await page.getByLabel('Your name').fill('Grace Hopper');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download submission' }).click()]);
      await download.saveAs(join(scratch, download.suggestedFilename()));
    } finally {
      await context.close();
    }
    expect(log.escaped).toEqual([]);
    expect(log.failed).toEqual([]);
    expect(log.errors).toEqual([]);

    // The submission names the assignment by its link's query, which does not depend on the base.
    const book = await gradeBatch(scratch, { jobs: 1 });
    expect(book.rows).toHaveLength(1);
    expect(book.rows[0]?.error).toBeNull();
    expect(book.rows[0]?.exercises[0]).toMatchObject({ id: 'semaphore-bulkhead', pass: true, score: 1 });
    expect(book.rows[0]?.flags).toEqual([]);
  }, 120_000);

  test('the header search finds lessons and links to them under the base', async () => {
    const base = sitePathBase();
    const context = await browser.newContext();
    const log = recordRequests(context);
    try {
      const page = await context.newPage();
      await page.goto(pageUrl('/learn/'));
      await page.locator('#site-search-input').fill('semaphore');
      await expect.poll(() => page.locator('#site-search-status').textContent(), { timeout: 15_000 }).toMatch(/^\d+ results? for “semaphore”/);
      const hrefs = await page.locator('#site-search-results [role="option"]').evaluateAll((options) => options.map((option) => option.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(1);
      expect(hrefs.filter((href) => !href.startsWith(base))).toEqual([]);
      await page.locator('#site-search-results [role="option"]').first().click();
      await page.waitForURL((url) => url.pathname !== `${base}learn/`);
      expect(new URL(page.url()).pathname.startsWith(base)).toBe(true);
      expect(await page.title()).not.toMatch(/not found/i);
    } finally {
      await context.close();
    }
    expect(log.escaped).toEqual([]);
    expect(log.failed).toEqual([]);
  });
});
