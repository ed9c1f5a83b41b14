/**
 * A new deploy never takes over an open page by itself: the page offers "A new version is ready"
 * and reloads into it only when the learner presses Reload.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './browser';
import { servePlain, waitForOfflineCopy, type PlainServer } from './offline-server';

let browser: Browser;
let server: PlainServer;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await servePlain('dist', Number(process.env['E2E_PORT'] ?? 4329) + 200);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The next deploy: the same worker with one stored file's revision changed, as a rebuilt page would give. */
function nextDeploy(sw: string): string {
  const next = sw.replace(/"revision":"[^"]+"/, '"revision":"next-deploy"');
  if (next === sw) throw new Error('dist/sw.js has no precache revision to change');
  return next;
}

const waiting = () => navigator.serviceWorker.getRegistration().then((registration) => registration?.waiting?.state ?? null);

describe('a new version', () => {
  test('is offered with a notice and a Reload button, and takes over only when it is pressed', async () => {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/learn/`);
      await waitForOfflineCopy(page);
      await page.evaluate(() => ((window as unknown as { unsaved: string }).unsaved = 'still here'));

      server.replace('/sw.js', nextDeploy(readFileSync('dist/sw.js', 'utf8')));
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.update()));
      const notice = page.getByRole('status').filter({ hasText: 'A new version of the course is ready' });
      await notice.waitFor({ timeout: 30_000 });
      // Not taken over: the page is the same page, and the new version waits.
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as unknown as { unsaved?: string }).unsaved)).toBe('still here');
      expect(await page.evaluate(waiting)).toBe('installed');

      const axe = await new AxeBuilder({ page }).include('[data-site-notices]').withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(axe.violations.map((violation) => violation.id)).toEqual([]);

      const reload = notice.getByRole('button', { name: 'Reload' });
      await reload.focus();
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      expect(await page.evaluate(() => (window as unknown as { unsaved?: string }).unsaved)).toBeUndefined();
      expect(await page.evaluate(waiting)).toBeNull();
      expect(await page.locator('[data-update-notice]').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});
