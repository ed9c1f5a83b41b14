import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const LESSON = '/learn/intuition/shared-fate/';

/** Holds back every script the page asks for from now on, as a slow network would: the progress store loads late. */
async function slowScripts(context: BrowserContext, ms: number): Promise<void> {
  await context.route('**/_astro/*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

const toggleOf = (page: Page) => page.getByRole('button', { name: 'Mark lesson complete' });
const storeLoaded = (page: Page) => page.locator('[data-lesson-complete]').getAttribute('data-store');
const statusText = (page: Page) => page.locator('[data-complete-status]').textContent();

describe('Mark lesson complete', () => {
  test('a keyboard user who jumps to it before the progress store has loaded reaches it, presses it, and it is saved', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context, LESSON);
      await slowScripts(context, 1500);
      expect(await storeLoaded(page)).toBeNull();
      // Focus the last control before the button (jumping there scrolls it into view and starts
      // loading the store, which the slow network holds back), then Tab once.
      await page.evaluate(() => {
        const section = document.querySelector('[data-lesson-complete]');
        const before = [...document.querySelectorAll<HTMLElement>('a[href], button, input, [tabindex]')].filter((element) => section && element.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING && element.offsetParent !== null);
        before.at(-1)?.focus();
      });
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Mark lesson complete');
      expect(await storeLoaded(page)).toBeNull();
      await page.keyboard.press('Enter');
      expect(await toggleOf(page).getAttribute('aria-pressed')).toBe('true');
      expect(await statusText(page)).toBe('Marking complete…');
      await expect.poll(() => statusText(page), { timeout: 10_000 }).toMatch(/^Completed on .+\. It counts toward your progress\.$/);
      expect(await page.evaluate(() => localStorage.getItem('bulkhead-lab:progress'))).toMatch(/"completedAt":"20/);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('pressed far from the top of the page without scrolling (as a screen reader does), it works, and a reload shows the mark before the store loads', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, LESSON);
      expect(await storeLoaded(page)).toBeNull();
      expect(await toggleOf(page).isEnabled()).toBe(true);
      expect(await statusText(page)).toBe('Not marked complete yet.');
      await toggleOf(page).evaluate((button: HTMLButtonElement) => button.click());
      await expect.poll(() => statusText(page), { timeout: 10_000 }).toMatch(/^Completed on /);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);

      await page.reload();
      expect(await storeLoaded(page)).toBeNull();
      expect(await toggleOf(page).getAttribute('aria-pressed')).toBe('true');
      expect(await statusText(page)).toMatch(/^Completed on .+\. It counts toward your progress\.$/);
    } finally {
      await context.close();
    }
  });

  test('pressed and left at once, before the progress store could load, the mark is kept', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, LESSON);
      // The store's script never arrives on this page: the reader leaves before it could.
      await context.route('**/_astro/*.js', () => undefined);
      await toggleOf(page).evaluate((button: HTMLButtonElement) => button.click());
      expect(await statusText(page)).toBe('Marking complete…');
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      // The home page (which never loads the store) does not offer the lesson as one to continue.
      await page.goto(page.url().replace(LESSON, '/'));
      expect(await page.locator('[data-resume]').isHidden()).toBe(true);
      await page.goto(page.url() + 'progress/');
      // The progress page loads the store, which folds the noted press into the document.
      const completedAt = () => page.evaluate(() => (JSON.parse(localStorage.getItem('bulkhead-lab:progress') ?? '{}') as { lessons?: Record<string, { completedAt?: string | null }> }).lessons?.['01-intuition/01-shared-fate']?.completedAt ?? null);
      await expect.poll(completedAt, { timeout: 10_000 }).toMatch(/^20\d\d-/);
      expect(await page.evaluate(() => localStorage.getItem('bulkhead-lab:progress:marks'))).toBeNull();
      await page.goto(page.url().replace('/progress/', LESSON));
      expect(await toggleOf(page).getAttribute('aria-pressed')).toBe('true');
    } finally {
      await context.close();
    }
  });
});
