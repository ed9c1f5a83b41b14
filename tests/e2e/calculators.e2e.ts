import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sizePool } from '../../src/queueing';
import { baseUrl, launchBrowser, openPage } from './browser';

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
      // The figures for the link's inputs come from the calculators' worker, a moment after hydration.
      await poll(() => headline(page)).toBe(before);
    });
  });

  test('falls back to defaults with a notice for bad URL parameters, without echoing them', async () => {
    await withContext(async (context) => {
      const { page } = await openHydrated(context, '/tools/sizing/?rate=%3Cimg%20src%3Dx%3E&block=5&queue=sideways');
      const notice = page.locator('.calc-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('The link set Arrival rate and Queue in front of the pool to values this calculator cannot use');
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
      await poll(() => page.locator('[data-simulate-link]').getAttribute('href')).toBe('/simulator/?rate=160&mean=100&slots=30&queue=0&partitions=2&shared=25');
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

describe('issue 17: the calculators as whole experiences', () => {
  test('"Queue: fixed" clicked as the sizing page loads is honoured, every time', async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      await withContext(async (context) => {
        const page = await context.newPage();
        // Click as soon as the server-rendered radio exists, without waiting for the island to hydrate.
        await page.goto(`${baseUrl()}/tools/sizing/`, { waitUntil: 'commit' });
        const fixed = page.getByLabel('A fixed number of places');
        await fixed.click();
        await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 30_000 });
        await poll(() => headline(page)).toBe(expectedHeadline(sizePool({ arrivalRate: 160, meanServiceTime: 0.1, targetBlocking: 0.01, queueCapacity: 10 })));
        expect(await fixed.isChecked(), `attempt ${attempt}`).toBe(true);
        expect(await page.getByLabel('Queue places', { exact: true }).inputValue(), `attempt ${attempt}`).toBe('10');
        await poll(() => new URL(page.url()).searchParams.get('queue')).toBe('fixed');
      });
    }
  });

  test('a choice and a number entered before the island hydrates both count', async () => {
    await withContext(async (context) => {
      // Hold the island's script back until both are entered, so they certainly come first.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await context.route(/\/_astro\/SizingCalculator\.[\w-]+\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      const { page, problems } = await openPage(context, '/tools/sizing/?block=0.5');
      expect(await page.locator('astro-island[ssr]').count()).toBe(1);
      await page.getByLabel('A fixed number of places').check();
      await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('300');
      release();
      await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 30_000 });
      // The link's target blocking still counts; what was typed wins where both set something.
      const expected = sizePool({ arrivalRate: 300, meanServiceTime: 0.1, targetBlocking: 0.005, queueCapacity: 10 });
      await poll(() => headline(page)).toBe(expectedHeadline(expected));
      expect(await page.getByLabel('Arrival rate (req/s)', { exact: true }).inputValue()).toBe('300');
      await poll(() => ['rate', 'queue', 'block'].map((key) => new URL(page.url()).searchParams.get(key))).toEqual(['300', 'fixed', '0.5']);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('"Simulate this pool" from the price of isolation simulates what it compared', async () => {
    await withContext(
      async (context) => {
        const { page, problems } = await openHydrated(context, '/tools/isolation-price/');
        await page.getByLabel('Partitions (N)').fill('2');
        await poll(() => headline(page)).toBe('Isolation costs 5 slots (+20%): 30 slots in 2 pools against 25 slots shared.');
        await page.locator('[data-simulate-link]').click();
        await page.waitForURL(/\/simulator\//);
        const sim = page.locator('[data-pool-simulator]');
        await expect.poll(() => sim.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
        expect(await sim.locator('[data-link-notice]').count()).toBe(0);
        // One shared pool of 25 against two isolated pools of 15: not 30 shared.
        expect(await sim.locator('.psim-panel[data-policy="shared"] .psim-panel-desc').textContent()).toBe('25 slots for all, queue 0');
        expect(await sim.locator('.psim-panel[data-policy="partitioned"] .psim-panel-desc').textContent()).toBe('Stream 1: 15 slots, queue 0 · Stream 2: 15 slots, queue 0');
        const captions = await sim.locator('.psim-theory-table caption').allTextContents();
        expect(captions.map((caption) => /c = (\d+)/.exec(caption)?.[1])).toEqual(['25', '15', '15']);
        expect(problems.consoleErrors).toEqual([]);
      },
      { viewport: { width: 1280, height: 900 } },
    );
  });

  test('the largest calculations run in the calculators’ worker, not on the page', async () => {
    await withContext(async (context) => {
      const workers: string[] = [];
      context.on('page', (page) => page.on('worker', (worker) => workers.push(worker.url())));
      const sizing = await openHydrated(context, '/tools/sizing/?rate=10000000&mean=9.9&queue=fixed&qsize=10000');
      const section = sizing.page.locator('[data-calculator]');
      await poll(() => headline(sizing.page)).toBe(expectedHeadline(sizePool({ arrivalRate: 10_000_000, meanServiceTime: 0.0099, targetBlocking: 0.01, queueCapacity: 10_000, maxServers: 100_000 })));
      expect(await section.getAttribute('data-computed')).toBe('worker');
      const blast = await openHydrated(context, '/tools/blast-radius/?nodes=100&k=100');
      await poll(() => headline(blast.page)).toMatch(/^1 possible shuffle shards/);
      expect(await blast.page.locator('[data-calculator]').getAttribute('data-computed')).toBe('worker');
      expect(workers.filter((url) => /compute\.worker/.test(url)), workers.join(', ')).toHaveLength(2);
      expect([...sizing.problems.consoleErrors, ...blast.problems.consoleErrors]).toEqual([]);
    });
  });
});

/** The headline the sizing calculator gives a pool. */
function expectedHeadline(sizing: { servers: number; queueCapacity: number | 'unbounded' }): string {
  const slots = `${sizing.servers.toLocaleString('en-US')} ${sizing.servers === 1 ? 'slot' : 'slots'}`;
  const queue = sizing.queueCapacity === 0 ? 'no queue' : sizing.queueCapacity === 'unbounded' ? 'an unlimited queue' : `a queue of ${sizing.queueCapacity.toLocaleString('en-US')} places`;
  return `Recommended: ${slots} with ${queue}.`;
}
