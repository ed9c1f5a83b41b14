/**
 * The whole course offline after one visit: the home page installs the service worker, which
 * stores the course; then, with the browser offline, pages never opened still work.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sizePool } from '../../src/queueing';
import { baseUrl, expectedSummary, launchBrowser, runAndWait } from './browser';
import { waitForOfflineCopy } from './offline-server';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl()}${path}`, { waitUntil: 'load' });
}

describe('offline', () => {
  test('after visiting the home page, unvisited pages, the simulator, a calculator, search and grading all work offline', async () => {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await open(page, '/');
      await waitForOfflineCopy(page);
      const notice = page.locator('[data-offline-notice]');
      expect(await notice.isVisible()).toBe(false);

      await context.setOffline(true);
      // The network is really gone, for the service worker too: a file kept out of the offline copy fails.
      expect(await page.evaluate(() => fetch('/robots.txt').then((response) => response.status, () => 'no network'))).toBe('no network');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('You are offline. The whole course is saved in this browser');
      expect(await page.getByRole('status').filter({ hasText: 'You are offline' }).count()).toBe(1);

      await open(page, '/learn/expert/shuffle-sharding/');
      expect(await page.locator('h1').textContent()).toMatch(/shuffle sharding/i);
      expect(await page.locator('main svg[role="img"], main figure svg').count()).toBeGreaterThan(0);

      await open(page, '/simulator/');
      const sim = page.locator('[data-status]').first();
      await expect.poll(() => sim.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(async () => Number(/^([\d.]+) s/.exec((await sim.locator('.psim-clock-text').textContent()) ?? '')?.[1] ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);

      await open(page, '/tools/sizing/');
      await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 30_000 });
      await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('300');
      await page.getByLabel('Mean service time (ms)', { exact: true }).fill('80');
      await page.getByLabel('Target blocking (%)', { exact: true }).fill('0.5');
      const slots = sizePool({ arrivalRate: 300, meanServiceTime: 0.08, targetBlocking: 0.005, queueCapacity: 0 }).servers;
      await expect.poll(() => page.locator('[data-calc-headline]').first().textContent(), { timeout: 20_000 }).toBe(`Recommended: ${slots} slots with no queue.`);

      await page.getByRole('combobox', { name: 'Search the course' }).fill('threadpool');
      // Any lesson will do: which one ranks first depends on the lessons' words, not on being offline.
      await page.locator('[data-search-results] a[href*="/learn/"]').first().waitFor({ timeout: 15_000 });

      await open(page, '/exercises/semaphore-bulkhead/');
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      expect(await runAndWait(page)).toBe(await expectedSummary('02-semaphore-bulkhead'));
      expect(await page.locator('[data-offline-notice]').first().isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
