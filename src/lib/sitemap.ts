/**
 * The sitemap: after a build, sitemap.xml lists the absolute URL of every page the build wrote
 * (under the site's base, `https://you.github.io/bulkhead-lab/learn/` in a build for that base),
 * except pages that ask search engines to skip them (`<meta name="robots" content="noindex">`,
 * which BaseLayout writes for its `noIndex` pages: 404, search, progress, assignment).
 * Written from the files in dist/, so it can list only pages that exist. public/robots.txt must
 * have a `Sitemap:` line, or the build fails; the built robots.txt gets the line that points to this
 * build's sitemap (`<site><base>sitemap.xml`), whatever site and base it was built for.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { withBase } from './base-path';

const NOINDEX = /<meta\s+name="robots"\s+content="[^"]*\bnoindex\b[^"]*"/i;
/** Error pages are never listed, whatever their HTML says. */
const ERROR_PAGE = /^\/(?:404|500)(?:\.html|\/)$/;

/** Every HTML file under `dir`, as a URL path ('/learn/', '/404.html'). */
export function htmlPages(dir: string): Array<{ path: string; file: string }> {
  const pages: Array<{ path: string; file: string }> = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) {
        const path = `/${relative(dir, full).split(sep).join('/')}`;
        pages.push({ path: path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path, file: full });
      }
    }
  };
  walk(dir);
  return pages.sort((left, right) => left.path.localeCompare(right.path));
}

/** True when a page's HTML asks search engines not to index it. */
export function isNoIndex(html: string): boolean {
  return NOINDEX.test(html);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A sitemap (sitemaps.org 0.9) of the site paths `paths` on `site`, under `base`. */
export function sitemapXml(site: string, paths: string[], base = '/'): string {
  const urls = paths.map((path) => `  <url><loc>${escapeXml(new URL(withBase(path, base), site).href)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/**
 * robots.txt with its `Sitemap:` line pointing to `sitemap`, or undefined when it has no such
 * line (a file without one is a mistake the build reports, not something to guess around).
 */
export function robotsWithSitemap(robots: string, sitemap: string): string | undefined {
  const lines = robots.split(/\r?\n/);
  if (!lines.some((line) => /^sitemap:/i.test(line))) return undefined;
  return lines.map((line) => (/^sitemap:/i.test(line) ? `Sitemap: ${sitemap}` : line)).join('\n');
}

/** Writes dist/sitemap.xml after each build. Needs `site` in the Astro config. */
export function sitemap(): AstroIntegration {
  let site: URL | undefined;
  let base = '/';
  return {
    name: 'bulkhead-lab:sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
        base = config.base;
      },
      'astro:build:done': ({ dir, logger }) => {
        if (!site) throw new Error('The sitemap needs `site` in astro.config.mjs (the address the course is served from).');
        const root = fileURLToPath(dir);
        const listed = htmlPages(root)
          .filter((page) => !ERROR_PAGE.test(page.path) && !isNoIndex(readFileSync(page.file, 'utf8')))
          .map((page) => page.path);
        writeFileSync(join(root, 'sitemap.xml'), sitemapXml(site.href, listed, base));
        const robots = join(root, 'robots.txt');
        const address = new URL(withBase('/sitemap.xml', base), site).href;
        const rewritten = existsSync(robots) ? robotsWithSitemap(readFileSync(robots, 'utf8'), address) : undefined;
        if (rewritten === undefined) throw new Error(`public/robots.txt must have a "Sitemap: ${address}" line, so search engines find the sitemap.`);
        writeFileSync(robots, rewritten);
        logger.info(`sitemap.xml lists ${listed.length} pages.`);
      },
    },
  };
}
