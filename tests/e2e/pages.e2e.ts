import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtPages, launchBrowser, openPage } from './browser';

const pages = builtPages();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Scrolls through the page so lazy content (diagrams) renders before it is checked. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => [...document.querySelectorAll('.diagram-canvas')].every((canvas) => (canvas as HTMLElement).dataset['rendered']), null, { timeout: 30_000 });
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

  for (const scheme of ['light', 'dark'] as const) {
    describe(`in the ${scheme} theme`, () => {
      for (const path of pages) {
        test(`${path} loads without console errors and has no WCAG 2 A/AA violations`, async () => {
          const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
          try {
            const { page, problems } = await openPage(context, path);
            await settle(page);
            expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
            expect(problems.consoleErrors, 'console errors').toEqual([]);
            expect(problems.failedRequests.filter((line) => !(path === '/404.html' && line.endsWith('/404.html'))), 'failed requests').toEqual([]);
            const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
            expect(results.violations.length, describeViolations(results.violations)).toBe(0);
          } finally {
            await context.close();
          }
        });
      }
    });
  }

  test('a narrow 375 px screen shows the lesson without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const { page } = await openPage(context, '/learn/intuition/shared-fate/');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
