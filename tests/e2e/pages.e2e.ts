import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseUrl, builtPages, launchBrowser, openPage } from './browser';

const pages = builtPages();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Scrolls through the page so lazy content (islands) loads before it is checked. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState('networkidle');
}

function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n${violation.nodes.slice(0, 5).map((node) => `    ${node.target.join(' ')} ${node.failureSummary?.split('\n').join(' ')}`).join('\n')}`)
    .join('\n');
}

describe('every built page', () => {
  test('the build wrote the pages the course needs', () => {
    expect(pages).toEqual(expect.arrayContaining(['/', '/learn/', '/learn/intuition/', '/exercises/', '/404.html']));
  });

  // Pages are independent (each gets its own browser context), so a few are checked at once: the
  // browser waits on the network, timers and layout as often as it computes.
  for (const path of pages) {
    test.concurrent(`${path} loads without console errors and has no WCAG 2 A/AA violations, light then dark`, async () => {
      const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
      try {
        const { page, problems } = await openPage(context, path);
        for (const scheme of ['light', 'dark'] as const) {
          if (scheme === 'dark') {
            // Switch with the header's theme toggle, as a reader would (the 404 page has it too).
            // Clicked from the page: embedded simulators keep the layout busy, which Playwright's click waits out.
            const toggled = await page.evaluate(() => {
              const toggle = document.querySelector<HTMLButtonElement>('[data-theme-toggle]');
              toggle?.click();
              return toggle !== null;
            });
            // Embeds (/embed/…) have no header: they follow the reader's system setting.
            if (!toggled) {
              await page.emulateMedia({ colorScheme: 'dark' });
              await page.reload({ waitUntil: 'load' });
            }
          }
          await settle(page);
          expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
          const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
          expect(results.violations.length, `${scheme}: ${describeViolations(results.violations)}`).toBe(0);
        }
        expect(problems.consoleErrors, 'console errors').toEqual([]);
        expect(problems.failedRequests.filter((line) => !(path === '/404.html' && line.endsWith('/404.html'))), 'failed requests').toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  test('at 375 px no page scrolls sideways (wide tables and code scroll inside their own boxes)', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const page = await context.newPage();
      const overflowing: string[] = [];
      for (const path of pages) {
        await page.goto(`${baseUrl()}${path}`, { waitUntil: 'load' });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) overflowing.push(`${path} (+${overflow}px)`);
      }
      expect(overflowing).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
