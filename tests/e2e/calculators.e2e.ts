import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sizePool } from '../../src/queueing';
import { launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TOOL_PAGES = ['/tools/', '/tools/sizing/', '/tools/isolation-price/', '/tools/roi/', '/tools/blast-radius/', '/tools/availability/'];

/** Opens a page and waits until every island on it has hydrated (Astro drops `ssr` when it has). */
async function openHydrated(context: BrowserContext, path: string): Promise<{ page: Page; problems: { consoleErrors: string[] } }> {
  const opened = await openPage(context, path);
  await opened.page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 30_000 });
  return opened;
}

async function withContext<T>(run: (context: BrowserContext) => Promise<T>, options: Parameters<Browser['newContext']>[0] = {}): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

/** `expect.poll` with room for a busy machine: a single browser round trip can take over a second. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const headline = (page: Page) => page.locator('[data-calc-headline]').first().textContent();

describe('sizing calculator', () => {
  test('recomputes as you type and keeps the inputs in the URL', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openHydrated(context, '/tools/sizing/');
      expect(await headline(page)).toBe('Recommended: 25 slots with no queue.');
      await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('300');
      await page.getByLabel('Mean service time (ms)', { exact: true }).fill('80');
      await page.getByLabel('Target blocking (%)', { exact: true }).fill('0.5');
      const expected = sizePool({ arrivalRate: 300, meanServiceTime: 0.08, targetBlocking: 0.005, queueCapacity: 0 }).servers;
      await poll(() => headline(page)).toBe(`Recommended: ${expected} slots with no queue.`);
      const inUrl = () => ['rate', 'mean', 'block', 'queue'].map((key) => new URL(page.url()).searchParams.get(key));
      await poll(inUrl).toEqual(['300', '80', '0.5', 'none']);
      expect(await page.locator('[data-simulate-link]').getAttribute('href')).toBe(`/simulator/?rate=300&mean=80&slots=${expected}&queue=0`);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('shows an inline message and no result for a bad value', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/sizing/');
      const rate = page.getByLabel('Arrival rate (req/s)', { exact: true });
      await rate.fill('12abc');
      await poll(() => rate.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await rate.getAttribute('aria-describedby')) ?? '';
      const messageId = describedBy.split(' ').find((id) => id.endsWith('-error')) ?? '';
      expect(await page.locator(`[id="${messageId}"]`).textContent()).toBe('Arrival rate must be a number, for example 2.5.');
      expect(await page.locator('[data-calc-headline]').count()).toBe(0);
      expect(await page.locator('[data-calc-invalid]').count()).toBe(1);
      expect(await page.locator('[data-simulate-link]').count()).toBe(0);
      const summary = (await page.locator('[data-calc-summary]').textContent()) ?? '';
      expect(summary).not.toMatch(/NaN|Infinity/);
      await rate.fill('160');
      await poll(() => headline(page)).toBe('Recommended: 25 slots with no queue.');
      expect(await rate.getAttribute('aria-invalid')).toBeNull();
    });
  });

  test('reloading the URL restores the inputs and the result', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/sizing/');
      await page.getByLabel('Choose the smallest queue that meets both targets').check();
      await page.getByLabel('Target mean wait (ms)', { exact: true }).fill('20');
      await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('200');
      await poll(() => new URL(page.url()).searchParams.get('rate')).toBe('200');
      const before = await headline(page);
      expect(before).toMatch(/^Recommended: \d+ slots with a queue of \d+ places?\.$/);
      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
      await poll(() => page.getByLabel('Arrival rate (req/s)', { exact: true }).inputValue()).toBe('200');
      expect(await page.getByLabel('Target mean wait (ms)', { exact: true }).inputValue()).toBe('20');
      expect(await page.getByLabel('Choose the smallest queue that meets both targets').isChecked()).toBe(true);
      expect(await headline(page)).toBe(before);
    });
  });

  test('falls back to defaults with a notice for bad URL parameters, without echoing them', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/sizing/?rate=%3Cimg%20src%3Dx%3E&block=5&queue=sideways');
      const notice = page.locator('.calc-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('The link set Arrival rate and Queue to values this calculator cannot use');
      expect(await notice.textContent()).not.toContain('img');
      expect(await page.locator('.calc img').count()).toBe(0);
      expect(await page.getByLabel('Arrival rate (req/s)', { exact: true }).inputValue()).toBe('160');
      expect(await page.getByLabel('Target blocking (%)', { exact: true }).inputValue()).toBe('5');
      await page.getByRole('button', { name: 'Dismiss' }).click();
      expect(await notice.count()).toBe(0);
    });
  });

  test('copies a link that reproduces the inputs', async () => {
    await withContext(
      async (context) => {
        const { page } = await openHydrated(context, '/tools/sizing/?rate=90');
        await page.getByRole('button', { name: 'Copy link' }).click();
        await page.getByText('Link copied to the clipboard.').waitFor();
        const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
        expect(copied.pathname).toBe('/tools/sizing/');
        expect(copied.searchParams.get('rate')).toBe('90');
        expect(copied.searchParams.get('mean')).toBe('100');
      },
      { permissions: ['clipboard-read', 'clipboard-write'] },
    );
  });

  test('shows the link to copy by hand when the clipboard is unavailable', async () => {
    await withContext(async (context) => {
      await context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
      const { page } = await openHydrated(context, '/tools/sizing/');
      await page.getByRole('button', { name: 'Copy link' }).click();
      const fallback = page.getByLabel('Link to these inputs');
      await fallback.waitFor();
      expect(new URL(await fallback.inputValue()).searchParams.get('rate')).toBe('160');
    });
  });

  test('the quick rule follows the Hystrix example: 30 req/s × 200 ms + 4 = 10 slots', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/sizing/?method=quick&rate=30&p99=200&headroom=4&mean=');
      await poll(() => headline(page)).toBe('Quick rule: 10 slots, no queue.');
      expect(await page.getByText('Enter a mean service time to simulate this pool.').count()).toBe(1);
    });
  });
});

describe('the other calculators', () => {
  test('price of isolation: 16 Erlangs split two ways needs 30 slots against 25', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/isolation-price/');
      await page.getByLabel('Partitions (N)').fill('2');
      await poll(() => headline(page)).toBe('Isolation costs 5 slots (+20%): 30 slots in 2 pools against 25 slots shared.');
      await poll(() => page.locator('[data-simulate-link]').getAttribute('href')).toBe('/simulator/?rate=160&mean=100&slots=30&queue=0&partitions=2');
    });
  });

  test('blast radius: the Route 53 preset gives 730,862,190,080 shuffle shards', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/blast-radius/');
      await page.getByRole('button', { name: /^Route 53/ }).click();
      await poll(() => headline(page)).toMatch(/^730,862,190,080 possible shuffle shards/);
      expect(await page.locator('.shard-picture svg[role="img"]').count()).toBe(1);
    });
  });

  test('availability: four nines allow 52.6 minutes a year', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/availability/');
      await page.getByLabel('Availability (%)', { exact: true }).first().fill('99.99');
      await poll(() => headline(page)).toBe('99.99% is 4 nines: 52.6 min of downtime a year.');
    });
  });

  test('ROI: the illustrative internal-tool scenario never pays back, and says so', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/roi/');
      await page.getByRole('button', { name: /^Illustrative: an internal tool/ }).click();
      await poll(() => headline(page)).toMatch(/never pays back\.$/);
      expect(await page.locator('[data-calc-summary]').textContent()).toContain('Never pays back: the yearly benefit');
      await poll(() => new URL(page.url()).searchParams.getAll('mode').length).toBe(1);
    });
  });
});

describe('calculator pages', () => {
  test('a narrow 375 px screen shows every calculator page without horizontal scrolling', async () => {
    await withContext(
      async (context) => {
        for (const path of TOOL_PAGES) {
          const { page } = await openHydrated(context, path);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, path).toBeLessThanOrEqual(0);
          await page.close();
        }
      },
      { viewport: { width: 375, height: 800 } },
    );
  });

  test('every chart is an image with a name, a summary and a table of its numbers', async () => {
    await withContext(async (context) => {
      for (const path of ['/tools/sizing/?queue=auto&wait=20', '/tools/isolation-price/', '/tools/roi/']) {
        const { page } = await openHydrated(context, path);
        const charts = page.locator('figure.calc-chart');
        expect(await charts.count(), path).toBeGreaterThan(0);
        for (const chart of await charts.all()) {
          const svg = chart.locator('svg[role="img"]');
          const labelledBy = ((await svg.getAttribute('aria-labelledby')) ?? '').split(' ');
          expect(labelledBy).toHaveLength(2);
          expect((await chart.locator('figcaption').textContent())?.length).toBeGreaterThan(40);
          await chart.locator('details summary').click();
          // The table is drawn when the details open (lazily, after the toggle event): wait for it.
          await expect.poll(() => chart.locator('details table tbody tr').count(), { timeout: 5000 }).toBeGreaterThan(2);
        }
        await page.close();
      }
    });
  });

  test('an error, a link notice and an open table keep WCAG AA contrast in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await withContext(
        async (context) => {
          const { page } = await openHydrated(context, '/tools/sizing/?block=abc&queue=auto&wait=20');
          await page.locator('.calc-notice').waitFor();
          await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('-3');
          await page.locator('[data-calc-invalid]').waitFor();
          await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('160');
          await page.locator('figure.calc-chart details summary').first().click();
          await page.getByLabel('Target mean wait (ms)', { exact: true }).fill('x');
          await page.locator('.calc-error').first().waitFor();
          const results = await new AxeBuilder({ page }).include('.calc').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
          expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), colorScheme).toEqual([]);
        },
        { colorScheme },
      );
    }
  });

  test('the index links to every calculator', async () => {
    await withContext(async (context) => {
      const { page } = await openPage(context, '/tools/');
      const links = await page.locator('main .tools a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
      expect(links.sort()).toEqual(TOOL_PAGES.slice(1).sort());
    });
  });
});
