/**
 * Cross-origin isolation without headers: on a static host that sends no COOP/COEP and no
 * Content-Security-Policy (GitHub Pages), the service worker adds what public/_headers asks for.
 * An exercise page becomes isolated after one reload, and the runner worker's script carries the
 * policy that closes the network to learner code.
 *
 * Runs on the sub-path build served with no headers at all (vitest.subpath.config.ts).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../e2e/browser';
import { waitForOfflineCopy } from '../e2e/offline-server';
import { siteDir, siteUrl } from './site';

const RUNNER_POLICY = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'";
let browser: Browser;
let site = '';

beforeAll(async () => {
  browser = await launchBrowser();
  site = siteUrl();
});
afterAll(async () => {
  await browser?.close();
});

describe('isolation on a host that sends no headers', () => {
  test('an exercise page reloads once into cross-origin isolation, and its runner worker gets the closed-network policy', async () => {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(worker.url()));
      let loads = 0;
      page.on('load', () => (loads += 1));
      const first = await page.goto(`${site}exercises/semaphore-bulkhead/`);
      expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();

      const isolated = () => page.evaluate(() => window.crossOriginIsolated).catch(() => false);
      await expect.poll(isolated, { timeout: 30_000 }).toBe(true);
      await waitForOfflineCopy(page);
      await page.waitForTimeout(500);
      expect(loads).toBe(2);

      const runner = workers.find((url) => new URL(url).pathname.includes('/runner/worker-bootstrap-'));
      expect(runner, `runner worker among ${workers.join(', ')}`).toBeDefined();
      const policy = await page.evaluate((url) => fetch(url).then((response) => response.headers.get('content-security-policy')), runner ?? '');
      expect(policy?.split(',').map((part) => part.trim())).toContain(RUNNER_POLICY);
    } finally {
      await context.close();
    }
  });

  test('a learner who starts typing before the worker takes over is not reloaded under their hands', async () => {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      let loads = 0;
      page.on('load', () => (loads += 1));
      await page.goto(`${site}exercises/semaphore-bulkhead/`);
      // Typing starts at once: the service worker is still installing (it precaches the site first).
      await page.locator('.code-editor[data-ready="true"] .cm-content').click();
      await page.keyboard.type('// mine');
      await waitForOfflineCopy(page);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await page.waitForTimeout(1000);
      expect(loads).toBe(1);
      expect(await page.locator('.cm-content').textContent()).toContain('// mine');
      expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(false);
    } finally {
      await context.close();
    }
  });

  test('code in a /runner/ worker cannot fetch, even from the site itself', async () => {
    // A probe script beside the runner's, fetching a file the site does serve (../robots.txt).
    const probe = join(siteDir(), 'runner', 'probe.js');
    writeFileSync(probe, "fetch('../robots.txt').then(() => postMessage('reached'), () => postMessage('refused'));");
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      await page.goto(`${site}learn/`);
      await waitForOfflineCopy(page);
      const outcome = await page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const worker = new Worker(url);
            worker.onmessage = (event) => resolve(String(event.data));
            worker.onerror = (event) => resolve(`error: ${event.message}`);
          }),
        `${site}runner/probe.js`,
      );
      expect(outcome).toBe('refused');
    } finally {
      await context.close();
      rmSync(probe, { force: true });
    }
  });
});
