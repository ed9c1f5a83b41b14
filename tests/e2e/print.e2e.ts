import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser';

// Printing a lesson, the quick reference or the glossary: the site's chrome disappears, every
// link is followed by its full address, and code and diagrams print in full on white paper.
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SITE = 'https://bulkhead-lab.example';
const CHROME = ['.site-header', '.site-footer', '.skip-link', '.lesson-sidebar', '.lesson-toc', '[data-lesson-complete]', 'nav.pager', '.copy-button', 'main nav.toc'];

/** The selectors from CHROME that are on the page and still visible. */
async function visibleChrome(page: Page): Promise<string[]> {
  const visible: string[] = [];
  for (const selector of CHROME) {
    for (const element of await page.locator(selector).all()) if (await element.isVisible()) visible.push(selector);
  }
  return visible;
}

/** Each link in `scope` with the text its ::after adds, as the printed page shows it. */
function printedLinks(page: Page, scope: string): Promise<Array<{ href: string; after: string }>> {
  return page.locator(scope).evaluateAll((links) => links.map((link) => ({ href: link.getAttribute('href') ?? '', after: getComputedStyle(link, '::after').content })));
}

describe('print', () => {
  test('a lesson prints without chrome, with link addresses, its code and its diagram, on white even in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.addInitScript(() => localStorage.setItem('bulkhead-lab:theme', 'dark'));
      const { page } = await openPage(context, '/learn/foundation/semaphore-bulkhead/');
      const diagram = page.locator('figure.diagram, [data-diagram]').first();
      await diagram.scrollIntoViewIfNeeded();
      await diagram.locator('svg').first().waitFor({ timeout: 30_000 });
      await page.locator('.copy-button').first().waitFor({ state: 'attached' });
      expect(await visibleChrome(page)).toContain('.site-header');

      await page.emulateMedia({ media: 'print' });
      expect(await visibleChrome(page)).toEqual([]);

      const links = await printedLinks(page, 'main .lesson-body a[href]');
      const internal = links.find((link) => link.href.startsWith('/'));
      const external = links.find((link) => link.href.startsWith('https://'));
      expect(internal?.after).toBe(`" (${SITE}${internal?.href})"`);
      expect(external?.after).toBe(`" (${external?.href})"`);

      // At the width of an A4 page's text (about 700 CSS px), code that would scroll sideways on
      // screen wraps on paper instead of being cut at the page edge.
      const overflowing = () => page.locator('main pre.astro-code').evaluateAll((pres) => pres.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length);
      await page.setViewportSize({ width: 700, height: 900 });
      await page.emulateMedia({ media: 'screen' });
      expect(await overflowing()).toBeGreaterThan(0);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('main pre.astro-code').first().isVisible()).toBe(true);
      expect(await overflowing()).toBe(0);
      const svg = diagram.locator('svg').first();
      expect(await svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(700);
      expect(await diagram.evaluate((figure) => getComputedStyle(figure).breakInside)).toBe('avoid');
      // Drawn in the dark theme (light lines and labels), it keeps a dark ground on white paper.
      const ground = await diagram.evaluate((figure) => {
        const canvas = figure.querySelector<HTMLElement>('[data-rendered]');
        return canvas?.dataset['rendered'] === 'dark' ? getComputedStyle(canvas).backgroundColor : 'not drawn for the dark theme';
      });
      expect(['rgb(22, 27, 34)', 'not drawn for the dark theme']).toContain(ground);

      const colours = await page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color }));
      expect(colours).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.byteLength).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  });

  test('the quick reference and the glossary print without chrome or in-page menus, with link addresses', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      for (const path of ['/reference/', '/glossary/']) {
        const { page } = await openPage(context, path);
        await page.emulateMedia({ media: 'print' });
        expect(await visibleChrome(page), path).toEqual([]);
        const menus = await page.locator('main nav').evaluateAll((navs) => navs.filter((nav) => getComputedStyle(nav).display !== 'none').map((nav) => nav.getAttribute('aria-label')));
        expect(menus, path).toEqual([]);
        const links = (await printedLinks(page, 'main a[href^="/"]')).filter((link) => !link.href.startsWith('#'));
        expect(links.length, path).toBeGreaterThan(0);
        for (const link of links.slice(0, 5)) expect(link.after, path).toBe(`" (${SITE}${link.href})"`);
        expect(await page.locator('main pre.astro-code, main table, main dl').first().isVisible(), path).toBe(true);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});
