/**
 * The site built for a sub-path (BASE_PATH=/bulkhead-lab/) works entirely under it on a plain
 * static host: every link, script, stylesheet, image and form of every built page, and every
 * request the pages and their workers make in Chromium, stays under the base and is answered.
 * Nothing may reach for /learn/… or /_astro/… at the root, which a sub-path host cannot serve.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtPagesList } from '../../scripts/built-pages';
import { launchBrowser } from '../e2e/browser';
import { pageUrl, recordRequests, siteDir, sitePathBase, siteUrl } from './site';

// Attributes that hold a URL the browser follows or loads. (data-href is a progress record's
// site path, not a link, and is not checked.)
const URL_ATTRIBUTE = /\s(href|src|action|poster|srcset)="([^"]*)"/g;
const SITE = 'https://bulkhead-lab.example';

const htmlFile = (path: string) => join(siteDir(), path.endsWith('/') ? `${path}index.html` : path);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the site under a sub-path', () => {
  test('every URL on every built page is under the base and answers', async () => {
    const base = sitePathBase();
    const origin = new URL(siteUrl()).origin;
    const pages = builtPagesList(siteDir());
    expect(pages.length).toBeGreaterThan(40);
    const escaped: string[] = [];
    const targets = new Map<string, string>();
    for (const page of pages) {
      const html = readFileSync(htmlFile(page), 'utf8');
      const at = pageUrl(page);
      for (const [, attribute = '', raw = ''] of html.matchAll(URL_ATTRIBUTE)) {
        const values = attribute === 'srcset' ? raw.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [raw.replaceAll('&amp;', '&')];
        for (const value of values) {
          if (value === '' || /^(mailto:|data:|javascript:|#)/.test(value)) continue;
          const url = new URL(value, at);
          // The canonical link names the deployed address; it too must carry the base.
          if (url.origin === SITE) {
            if (!url.pathname.startsWith(base)) escaped.push(`${page}: ${attribute}="${raw}"`);
            continue;
          }
          if (url.origin !== origin) continue;
          if (!url.pathname.startsWith(base)) escaped.push(`${page}: ${attribute}="${raw}"`);
          else if (!targets.has(url.pathname)) targets.set(url.pathname, page);
        }
      }
    }
    expect(escaped).toEqual([]);
    // Each distinct target once, a few at a time.
    const broken: string[] = [];
    const list = [...targets];
    for (let index = 0; index < list.length; index += 16) {
      await Promise.all(
        list.slice(index, index + 16).map(async ([path, from]) => {
          const response = await fetch(`${origin}${path}`, { redirect: 'manual' });
          await response.arrayBuffer();
          if (response.status !== 200) broken.push(`${path} answers ${response.status} (linked from ${from})`);
        }),
      );
    }
    expect(broken).toEqual([]);
    expect(targets.size).toBeGreaterThan(60);
    // The server really is a sub-path host: the same page at the root is not found.
    expect((await fetch(`${origin}/learn/`)).status).toBe(404);
  });

  test('the sitemap and robots.txt name addresses under the base', async () => {
    const base = sitePathBase();
    const robots = await (await fetch(pageUrl('/robots.txt'))).text();
    expect(robots.split('\n')).toContain(`Sitemap: ${SITE}${base}sitemap.xml`);
    const sitemap = await (await fetch(pageUrl('/sitemap.xml'))).text();
    const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1] ?? '').pathname);
    expect(listed.length).toBeGreaterThan(40);
    expect(listed.filter((path) => !path.startsWith(base))).toEqual([]);
    expect(listed).toContain(`${base}learn/intuition/shared-fate/`);
  });

  // One page of each kind, including those that start workers (simulator, calculator at a size it
  // hands to its worker, exercise) or fetch (search index): what they request at run time. A page
  // that loads a worker or the index is kept open until that request has been made.
  const PAGES: Array<{ path: string; loads?: string }> = [
    { path: '/' },
    { path: '/learn/' },
    { path: '/learn/intuition/first-simulation/' },
    { path: '/simulator/', loads: 'runner/sim.worker-' },
    { path: '/tools/sizing/?rate=10000000&mean=9.9&queue=fixed&qsize=10000', loads: 'runner/compute.worker-' },
    { path: '/exercises/semaphore-bulkhead/?runner=worker', loads: 'runner/worker-bootstrap-' },
    { path: '/search/?q=pool', loads: 'pagefind/pagefind.js' },
    { path: '/progress/' },
    { path: '/glossary/' },
    { path: '/reference/' },
    { path: '/assignments/new/' },
    { path: '/no-such-page/' },
  ];

  test('what the pages and their workers request in Chromium stays under the base', async () => {
    const context = await browser.newContext();
    const log = recordRequests(context);
    try {
      const queue = [...PAGES];
      const visit = async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          const page = await context.newPage();
          const requested: string[] = [];
          page.on('request', (request) => requested.push(new URL(request.url()).pathname));
          await page.goto(pageUrl(next.path), { waitUntil: 'load' });
          const wanted = next.loads && `${sitePathBase()}${next.loads}`;
          if (wanted) await expect.poll(() => requested.some((path) => path.startsWith(wanted)), { timeout: 20_000, message: `${next.path} loads ${wanted}` }).toBe(true);
          await page.waitForLoadState('networkidle');
          await page.close();
        }
      };
      // Three pages at a time.
      await Promise.all([visit(), visit(), visit()]);
    } finally {
      await context.close();
    }
    expect(log.escaped).toEqual([]);
    // The unknown page gets the site's 404 page, and nothing else fails.
    expect(log.failed).toEqual([`404 ${sitePathBase()}no-such-page/`]);
    expect(log.errors.filter((error) => !error.includes('/no-such-page/'))).toEqual([]);
    expect(log.all.filter((request) => request.includes('/_astro/')).length).toBeGreaterThan(10);
  });
});
