/**
 * Embeds on a server that applies public/_headers as Cloudflare Pages does: the /embed/ pages have
 * no site chrome and read the same links as the full pages; a page on another origin can frame
 * them, gets their height and is resized by the snippet /embed/ offers, but cannot frame any other
 * page; /embed/ passes axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveStatic } from '../../scripts/static-server';
import { sizePool } from '../../src/queueing';
import { RESIZE_LISTENER_SOURCE } from '../../src/lib/embed-snippet';
import { launchBrowser } from './browser';

// Two servers of their own, beside the suite's preview on E2E_PORT: the site, and a foreign page.
const SITE_PORT = Number(process.env['E2E_PORT'] ?? 4329) + 200;
const FOREIGN_PORT = SITE_PORT + 1;
const QUERY = '?rate=120&mean=50';
let browser: Browser;
let site: Server;
let siteUrl = '';
let foreign: Server;
// 127.0.0.1 against localhost: another origin and another site.
const foreignUrl = `http://localhost:${FOREIGN_PORT}/`;

beforeAll(async () => {
  ({ server: site, url: siteUrl } = await serveStatic('dist', SITE_PORT));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Someone else's page</title>
<script>window.heights = []; addEventListener('message', (event) => { if (event.data && event.data.type === 'bulkhead-lab:height') heights.push({ origin: event.origin, height: event.data.height, id: event.data.id }); });</script>
<script>${RESIZE_LISTENER_SOURCE}</script></head><body><h1>Notes</h1>
<iframe data-bulkhead-lab src="${siteUrl}/embed/tools/sizing/${QUERY}" title="Pool sizing calculator" name="sizing" style="width: 100%; height: 300px; border: 0"></iframe>
<iframe src="${siteUrl}/tools/sizing/" title="The full page" name="full"></iframe></body></html>`;
  const elements = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elements</title>
<script type="module" src="${siteUrl}/embed/elements.js"></script></head><body><bulkhead-sizing rate="120" mean="50" title="Sizing"></bulkhead-sizing></body></html>`;
  foreign = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(request.url === '/elements' ? elements : html));
  await new Promise<void>((resolve) => foreign.listen(FOREIGN_PORT, 'localhost', resolve));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  site?.close();
  foreign?.close();
});

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
const expectedHeadline = `Recommended: ${sizePool({ arrivalRate: 120, meanServiceTime: 0.05, targetBlocking: 0.01, queueCapacity: 0 }).servers} slots with no queue.`;

async function withPage<T>(run: (page: Page) => Promise<T>, colorScheme: 'light' | 'dark' = 'light'): Promise<T> {
  const context = await browser.newContext({ colorScheme });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

describe('embeds', () => {
  test('an embed page has no site chrome, reads the link like the full page and links to it', async () => {
    await withPage(async (page) => {
      await page.goto(`${siteUrl}/embed/tools/sizing/${QUERY}`);
      expect(await page.locator('header, footer, nav, .site-header, .site-footer').count()).toBe(0);
      await poll(() => page.locator('[data-calc-headline]').first().textContent()).toBe(expectedHeadline);
      const open = page.getByRole('link', { name: /Open in Bulkhead Lab/ });
      await open.focus();
      expect(await open.getAttribute('href')).toBe(`/tools/sizing/${QUERY}`);
      expect([await open.getAttribute('target'), await open.getAttribute('rel')]).toEqual(['_blank', 'noopener']);
    });
  });

  test('another site frames an embed, gets its height and the snippet resizes the frame; a normal page refuses', async () => {
    await withPage(async (page) => {
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/frame-ancestors/.test(message.text())) refused.push(message.text());
      });
      await page.goto(foreignUrl);
      const embed = page.frame({ name: 'sizing' });
      if (!embed) throw new Error('the embed frame is missing');
      await poll(() => embed.locator('[data-calc-headline]').first().textContent()).toBe(expectedHeadline);
      const heights = () => page.evaluate(() => (window as unknown as { heights: Array<{ origin: string; height: number; id: string | null }> }).heights);
      await poll(async () => (await heights()).some((entry) => entry.origin === siteUrl && entry.id === 'sizing' && entry.height > 300)).toBe(true);
      const last = (await heights()).at(-1)?.height ?? 0;
      await poll(() => page.locator('iframe[name="sizing"]').evaluate((frame) => (frame as HTMLIFrameElement).getBoundingClientRect().height)).toBe(last);
      // The frame fits its content: no scrolling inside it.
      expect(await embed.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
      // Chromium names only the origin in its message; the full page's frame holds its error page.
      await poll(() => refused.some((text) => text.includes("frame-ancestors 'self'"))).toBe(true);
      expect(page.frame({ name: 'full' })?.url()).toMatch(/^chrome-error:/);
    });
  });

  test('another site can use the custom elements: <bulkhead-sizing rate="120"> frames the embed with that setting and fits it', async () => {
    await withPage(async (page) => {
      await page.goto(`${foreignUrl}elements`);
      const frame = page.locator('bulkhead-sizing iframe');
      expect(await frame.getAttribute('src')).toBe(`${siteUrl}/embed/tools/sizing/${QUERY}`);
      // The element adds its frame once its script has run: look the frame up on each try.
      await poll(() => page.frame({ name: 'sizing' })?.locator('[data-calc-headline]').first().textContent()).toBe(expectedHeadline);
      const embed = page.frame({ name: 'sizing' });
      const content = async () => Math.ceil((await embed?.evaluate(() => document.querySelector('[data-embed-root]')?.getBoundingClientRect().height)) ?? 0);
      await poll(async () => (await frame.evaluate((element) => element.getBoundingClientRect().height)) === (await content())).toBe(true);
      expect(await frame.getAttribute('title')).toBe('Sizing');
    });
  });

  test('/embed/ passes axe in both themes and an embed in the dark one, and the previews are resized by the snippet code', async () => {
    const axe = async (page: Page, colorScheme: string, exclude?: string) => {
      const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
      const results = await (exclude ? builder.exclude(exclude) : builder).analyze();
      expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), `${page.url()} ${colorScheme}`).toEqual([]);
    };
    for (const colorScheme of ['light', 'dark'] as const) {
      await withPage(async (page) => {
        await page.goto(`${siteUrl}/embed/`);
        // The previews are the embeds, checked on their own below.
        await axe(page, colorScheme, 'iframe');
        if (colorScheme === 'light') {
          const preview = page.locator('iframe[name="sizing"]');
          await page.getByRole('button', { name: 'Show a live preview of the Pool sizing calculator' }).press('Enter');
          await poll(() => preview.evaluate((frame) => (frame as HTMLIFrameElement).style.height)).not.toBe('900px');
          expect(await page.locator('#snippet-sizing').textContent()).toContain(`src="${siteUrl}/embed/tools/sizing/${QUERY.replace('&', '&amp;')}"`);
          return;
        }
        await page.goto(`${siteUrl}/embed/tools/sizing/${QUERY}`);
        await page.locator('[data-calc-headline]').first().waitFor();
        await axe(page, colorScheme);
      }, colorScheme);
    }
  });
});
