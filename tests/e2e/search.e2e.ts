import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const BOX = '#site-search-input';
const OPTIONS = '#site-search-results [role="option"]';

/** Types a query into the header box and waits for its results. */
async function searchFor(page: Page, query: string): Promise<void> {
  await page.locator(BOX).fill(query);
  await expect.poll(() => page.locator('#site-search-status').textContent(), { timeout: 15_000 }).toContain(`for “${query}”`);
}

const activeOption = (page: Page) => page.locator(BOX).getAttribute('aria-activedescendant');
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('header search', () => {
  test('arrow keys move through the results and Enter opens the highlighted one', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context, '/learn/');
      const box = page.getByRole('combobox', { name: 'Search the course' });
      await box.focus();
      await searchFor(page, 'pool');
      expect(await box.getAttribute('aria-expanded')).toBe('true');
      const ids = await page.locator(OPTIONS).evaluateAll((options) => options.map((option) => option.id));
      expect(ids.length).toBeGreaterThan(2);

      await page.keyboard.press('ArrowDown');
      expect(await activeOption(page)).toBe(ids[0]);
      expect(await page.locator(`#${ids[0]}`).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowDown');
      expect(await activeOption(page)).toBe(ids[1]);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await activeOption(page)).toBe(ids.at(-1));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      // The box keeps focus throughout; only the highlight moves.
      expect(await focusedId(page)).toBe('site-search-input');
      expect(await page.locator(`#${ids[1]}`).getAttribute('aria-selected')).toBe('true');

      const href = await page.locator(`#${ids[1]}`).getAttribute('href');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === href);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('"See all N results" opens the search page, which lists every result a batch at a time', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context, '/learn/');
      await searchFor(page, 'pool');
      const total = Number(/^(\d+) results/.exec((await page.locator('#site-search-status').textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThan(10);
      const all = page.getByRole('option', { name: `See all ${total} results` });
      // It is the last option, so the arrow keys reach it too.
      await page.keyboard.press('ArrowUp');
      expect(await activeOption(page)).toBe(await all.getAttribute('id'));
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/search/' && url.searchParams.get('q') === 'pool');

      const results = page.locator('[data-search-page] [data-search-results] li');
      await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(10);
      expect(await page.locator('[data-search-page] [data-search-status]').textContent()).toBe(`${total} results for “pool”; the first 10 are listed.`);
      await page.getByRole('button', { name: 'Show 10 more' }).click();
      await expect.poll(() => results.count()).toBe(Math.min(20, total));
      // Focus goes to the first new result, so a keyboard user carries on from there.
      expect(await page.evaluate(() => document.activeElement?.closest('li') === document.querySelectorAll('[data-search-page] [data-search-results] li')[10])).toBe(true);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('Escape closes the results, then clears the box', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/');
      await page.locator(BOX).focus();
      await searchFor(page, 'semaphore');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Escape');
      expect(await page.locator('[data-search-panel]').isVisible()).toBe(false);
      expect(await page.locator(BOX).getAttribute('aria-expanded')).toBe('false');
      expect(await activeOption(page)).toBeNull();
      await page.keyboard.press('Escape');
      expect(await page.locator(BOX).inputValue()).toBe('');
    } finally {
      await context.close();
    }
  });

  test('excerpts start at a word and show code as written', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/search/?q=compartment');
      const excerpts = page.locator('[data-search-page] [data-search-results] li p');
      await expect.poll(() => excerpts.count(), { timeout: 15_000 }).toBe(10);
      for (const text of await excerpts.allTextContents()) {
        expect(text).toMatch(/^…?[“"‘(]?\p{L}/u);
        expect(text).not.toMatch(/&(lt|gt|amp|quot|#\d+);/);
      }
    } finally {
      await context.close();
    }
  });
});

describe('the / shortcut', () => {
  test('focuses the search box from the page, without typing the /', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/learn/intuition/shared-fate/');
      await page.keyboard.press('/');
      expect(await focusedId(page)).toBe('site-search-input');
      // From a control that takes no text, such as a quiz option, too.
      await page.locator('[data-quiz] input').first().focus();
      await page.keyboard.press('/');
      expect(await focusedId(page)).toBe('site-search-input');
      expect(await page.locator(BOX).inputValue()).toBe('');
    } finally {
      await context.close();
    }
  });

  test('on the search page, focuses that page’s own box', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/search/');
      await page.locator('h1').click();
      await page.keyboard.press('/');
      expect(await focusedId(page)).toBe('search-page-input');
    } finally {
      await context.close();
    }
  });

  test('types a / while the learner is in a text field or the code editor', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/assignments/new/');
      await page.locator('#assignment-title').fill('');
      await page.locator('#assignment-title').pressSequentially('Week 3/4');
      expect(await page.locator('#assignment-title').inputValue()).toBe('Week 3/4');
      expect(await focusedId(page)).toBe('assignment-title');

      await page.goto(`${new URL(page.url()).origin}/exercises/semaphore-bulkhead/`);
      const editor = page.getByRole('textbox', { name: 'Code editor: bulkhead.ts' });
      await editor.click();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.type('// a/b');
      expect(await editor.textContent()).toContain('// a/b');
      expect(await focusedId(page)).not.toBe('site-search-input');
    } finally {
      await context.close();
    }
  });
});

describe('search accessibility', () => {
  test('the search page and the open results list have no WCAG 2 A/AA violations, light and dark', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    try {
      const { page } = await openPage(context, '/search/?q=bulkhead');
      await page.locator('[data-search-page] [data-search-results] li').first().waitFor({ timeout: 15_000 });
      await page.locator(BOX).focus();
      await searchFor(page, 'pool');
      await page.keyboard.press('ArrowDown');
      for (const scheme of ['light', 'dark'] as const) {
        if (scheme === 'dark') await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-theme-toggle]')?.click());
        expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
        expect(await page.locator('#site-search-results').isVisible()).toBe(true);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        expect(results.violations.map((violation) => `${scheme}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
