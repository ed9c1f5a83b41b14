import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withContext<T>(options: Parameters<Browser['newContext']>[0], run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

/** Simulated seconds shown by a simulator's clock. */
async function clock(sim: Locator): Promise<number> {
  const text = (await sim.locator('.psim-clock-text').textContent()) ?? '';
  return Number(/^([\d,.]+) s/.exec(text)?.[1]?.replaceAll(',', '') ?? Number.NaN);
}

async function ready(sim: Locator): Promise<void> {
  await sim.scrollIntoViewIfNeeded();
  await expect.poll(() => sim.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
}

async function runToEnd(sim: Locator): Promise<string> {
  await sim.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => sim.locator('.psim-clock').textContent(), { timeout: 60_000, interval: 250 }).toContain('Run complete');
  return (await sim.locator('[data-summary]').textContent()) ?? '';
}

/** The success rate a summary gives a service under a policy panel, in percent. */
function successIn(summary: string, panel: string, service: string): number {
  const sentence = summary.split('. ').find((part) => part.startsWith(`${panel}:`)) ?? '';
  return Number(new RegExp(`${service} (\\d+(?:\\.\\d)?)%`).exec(sentence)?.[1] ?? Number.NaN);
}

describe('the simulator page', () => {
  test('slow search: the shared pool starves checkout while its own partition keeps it whole', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=slow-search&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const summary = await runToEnd(sim);
      const shared = successIn(summary, 'Shared pool', 'Checkout');
      const partitioned = successIn(summary, 'Partitioned pools', 'Checkout');
      expect(shared, summary).toBeLessThan(70);
      expect(partitioned, summary).toBeGreaterThanOrEqual(98);
      expect(partitioned - shared, summary).toBeGreaterThan(30);
      expect(await sim.locator('.psim-panel').count()).toBe(2);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('"Break search" hangs search at the current time, and the link replays the fault', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=healthy&speed=10');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      await sim.getByLabel('Fault', { exact: true }).selectOption('hang');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 30_000, interval: 100 }).toBeGreaterThan(8);
      await sim.getByRole('button', { name: 'Break search' }).click();
      await sim.getByLabel('Speed', { exact: true }).selectOption('50');
      await expect.poll(() => sim.locator('.psim-clock').textContent(), { timeout: 60_000, interval: 250 }).toContain('Run complete');
      const summary = (await sim.locator('[data-summary]').textContent()) ?? '';
      expect(successIn(summary, 'Partitioned pools', 'Checkout') - successIn(summary, 'Shared pool', 'Checkout'), summary).toBeGreaterThan(30);

      await expect.poll(() => page.url()).toMatch(/event=\d+(\.\d)?_search_hang/);
      const at = Number(/event=(\d+(?:\.\d)?)_search_hang/.exec(page.url())?.[1]);
      expect(at).toBeGreaterThan(8);
      const replay = await context.newPage();
      await replay.goto(page.url());
      const again = replay.locator('[data-pool-simulator]');
      await ready(again);
      await expect.poll(() => again.locator('.psim-faults').textContent()).toContain(`Search not answering from ${at} s`);
      expect(await runToEnd(again)).toBe(summary);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a malformed link falls back to defaults with a visible notice, without errors or injected markup', async () => {
    await withContext({ viewport: { width: 375, height: 800 } }, async (context) => {
      const query = 'preset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&seed=abc&speed=7&rate.%3Cscript%3E=1&event=later_search_hang&slots.shared.shared=-4';
      const { page, problems } = await openPage(context, `/simulator/?${query}`);
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const notice = sim.locator('[data-link-notice]');
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      for (const name of ['preset', 'seed', 'speed', 'event', 'slots.shared.shared']) expect(text).toContain(name);
      expect(text).not.toMatch(/[<>]/);
      expect(await page.locator('img[src="x"], [data-pool-simulator] script').count()).toBe(0);
      expect(await sim.getByLabel('Seed', { exact: true }).inputValue()).toBe('1');
      await expect.poll(() => new URL(page.url()).search).toBe('?preset=slow-search&seed=1');
      await sim.getByRole('button', { name: 'Dismiss' }).click();
      expect(await notice.count()).toBe(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('plays and pauses from the keyboard alone', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=healthy&speed=5');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const play = sim.locator('.psim-play');
      let focused = false;
      for (let presses = 0; presses < 60 && !focused; presses++) {
        await page.keyboard.press('Tab');
        focused = await play.evaluate((button) => button === document.activeElement);
      }
      expect(focused).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => play.textContent()).toBe('Pause');
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(1);
      await page.keyboard.press('Space');
      await expect.poll(() => play.textContent()).toBe('Play');
      // A frame asked for just before the pause may still arrive and be shown; after that the clock stops.
      await expect
        .poll(async () => {
          const before = await clock(sim);
          await page.waitForTimeout(250);
          return (await clock(sim)) === before;
        }, { timeout: 5000 })
        .toBe(true);
      const stopped = await clock(sim);
      await page.waitForTimeout(600);
      expect(await clock(sim)).toBe(stopped);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a calculator link opens an M/M/c/K pool whose measured blocking agrees with theory', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?rate=160&mean=100&slots=18&queue=10&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      expect(await sim.locator('.psim-notes').textContent()).toContain('M/M/c/K');
      await runToEnd(sim);
      const row = sim.locator('.psim-theory-table tr', { hasText: 'Calls turned away' });
      const cells = await row.locator('td').allTextContents();
      const [theory, measured] = cells.map((cell) => Number(cell.replace('%', '')));
      expect(theory).toBeGreaterThan(0);
      expect(Math.abs((measured ?? 0) - (theory ?? 0)), cells.join(' vs ')).toBeLessThan(1);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('with reduced motion the clock and figures still advance', async () => {
    await withContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' }, async (context) => {
      const { page } = await openPage(context, '/simulator/?preset=healthy&speed=20');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      expect(await sim.getAttribute('class')).toContain('psim-still');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(10);
      await expect.poll(() => sim.locator('[data-summary]').textContent(), { timeout: 20_000 }).toMatch(/Shared pool: Search \d/);
    });
  });
});

describe('the simulator in a lesson', () => {
  test('loads when scrolled into view, pauses out of view, and links to the same run', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/learn/intuition/first-simulation/');
      const sims = page.locator('[data-pool-simulator]');
      expect(await sims.count()).toBe(3);
      const sim = sims.nth(1);
      expect(await sim.getAttribute('data-pool-simulator')).toBe('slow-search');
      await ready(sim);
      expect(await sim.getByRole('link', { name: 'Open in the simulator' }).getAttribute('href')).toBe('/simulator/?preset=slow-search&seed=1');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(0.5);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect.poll(() => sim.locator('.psim-hold').first().textContent(), { timeout: 10_000 }).toBe('Paused while out of view');
      const parked = await clock(sim);
      await page.waitForTimeout(800);
      expect(await clock(sim)).toBe(parked);
      expect(new URL(page.url()).search).toBe('');
      expect(problems.consoleErrors).toEqual([]);
    });
  });
});
