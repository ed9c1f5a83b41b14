import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { htmlPages, isNoIndex, robotsWithSitemap, sitemapXml } from '../../../src/lib/sitemap';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('sitemap', () => {
  test('lists absolute, escaped URLs in the sitemaps.org format', () => {
    expect(sitemapXml('https://bulkhead-lab.example/', ['/', '/learn/a&b/'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        '  <url><loc>https://bulkhead-lab.example/</loc></url>\n  <url><loc>https://bulkhead-lab.example/learn/a&amp;b/</loc></url>\n</urlset>\n',
    );
  });

  test('lists the pages of a site built for a sub-path under that path', () => {
    expect(sitemapXml('https://you.github.io/', ['/', '/learn/x/'], '/bulkhead-lab/')).toContain(
      '  <url><loc>https://you.github.io/bulkhead-lab/</loc></url>\n  <url><loc>https://you.github.io/bulkhead-lab/learn/x/</loc></url>\n',
    );
  });

  test('points robots.txt at the sitemap of this build, and refuses a robots.txt without a Sitemap line', () => {
    const robots = 'User-agent: *\nAllow: /\n\nSitemap: https://bulkhead-lab.example/sitemap.xml\n';
    expect(robotsWithSitemap(robots, 'https://bulkhead-lab.example/sitemap.xml')).toBe(robots);
    expect(robotsWithSitemap(robots, 'https://you.github.io/bulkhead-lab/sitemap.xml')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://you.github.io/bulkhead-lab/sitemap.xml\n');
    expect(robotsWithSitemap('User-agent: *\nAllow: /\n', 'https://you.github.io/sitemap.xml')).toBeUndefined();
  });

  test('finds every HTML file as a URL path and tells noindex pages apart', () => {
    dir = mkdtempSync(join(tmpdir(), 'sitemap-'));
    mkdirSync(join(dir, 'learn', 'x'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<meta name="robots" content="index">');
    writeFileSync(join(dir, 'learn', 'x', 'index.html'), '');
    writeFileSync(join(dir, '404.html'), '<meta name="robots" content="noindex">');
    writeFileSync(join(dir, 'learn', 'data.json'), '{}');
    expect(htmlPages(dir).map((page) => page.path)).toEqual(['/', '/404.html', '/learn/x/']);
    expect(isNoIndex('<meta name="robots" content="noindex, nofollow">')).toBe(true);
    expect(isNoIndex('<meta name="robots" content="index">')).toBe(false);
  });
});
