import { describe, expect, test } from 'vitest';
import { baseUrl, builtPages } from './browser';

// The built sitemap lists every real page and nothing else: each URL in it answers 200 with a
// page whose canonical address is that URL, every page the build wrote is either listed or asks
// search engines to skip it, and a crawl from the home page finds no page the sitemap misses.
const SITE = 'https://bulkhead-lab.example';

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`${baseUrl()}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

const isNoIndex = (html: string) => /<meta name="robots" content="noindex"/.test(html);

describe('sitemap', () => {
  test('robots.txt points to the sitemap, which lists every real page and only real pages', async () => {
    const robots = await get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.body.split('\n')).toContain(`Sitemap: ${SITE}/sitemap.xml`);

    const sitemap = await get('/sitemap.xml');
    expect(sitemap.status).toBe(200);
    expect(sitemap.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const listed = [...sitemap.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(new Set(listed).size).toBe(listed.length);
    const paths = listed.map((url) => {
      expect(url.startsWith(`${SITE}/`), url).toBe(true);
      return url.slice(SITE.length);
    });

    // Every listed URL is a real page: 200, HTML, indexable, and it names itself as canonical.
    const pages = await Promise.all(paths.map(async (path) => ({ path, ...(await get(path)) })));
    for (const page of pages) {
      expect(page.status, page.path).toBe(200);
      expect(page.type, page.path).toContain('text/html');
      expect(isNoIndex(page.body), page.path).toBe(false);
      expect(page.body, page.path).toContain(`<link rel="canonical" href="${SITE}${page.path}">`);
    }

    // Every page the build wrote is listed, unless it asks not to be (404, search, personal pages).
    const unlisted = builtPages().filter((path) => !paths.includes(path));
    expect(unlisted).toContain('/404.html');
    for (const path of unlisted) {
      const page = await get(path);
      expect(isNoIndex(page.body), `${path} is built and indexable but not in the sitemap`).toBe(true);
    }
    expect(paths).toEqual(expect.arrayContaining(['/', '/learn/', '/learn/intuition/shared-fate/', '/reference/', '/glossary/', '/exercises/semaphore-bulkhead/']));

    // A crawl from the home page reaches no indexable page that the sitemap leaves out.
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const bodies = new Map(pages.map((page) => [page.path, page.body]));
    while (queue.length > 0) {
      const path = queue.shift()!;
      const body = bodies.get(path) ?? (await get(path)).body;
      if (!isNoIndex(body)) expect(paths, `${path} is linked from the site but not in the sitemap`).toContain(path);
      for (const [, href] of body.matchAll(/<a [^>]*href="(\/[^"#?]*)/g)) {
        if (href && href.endsWith('/') && !seen.has(href)) {
          seen.add(href);
          queue.push(href);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(40);
  });
});
