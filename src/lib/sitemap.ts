/**
 * The sitemap: after a build, /sitemap.xml lists the absolute URL of every page the build wrote,
 * except pages that ask search engines to skip them (`<meta name="robots" content="noindex">`,
 * which BaseLayout writes for its `noIndex` pages: 404, search, progress, assignment).
 * Written from the files in dist/, so it can list only pages that exist. public/robots.txt must
 * point to it (`Sitemap: <site>/sitemap.xml`), or the build fails.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

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

/** A sitemap (sitemaps.org 0.9) of `paths` on `site`. */
export function sitemapXml(site: string, paths: string[]): string {
  const urls = paths.map((path) => `  <url><loc>${escapeXml(new URL(path, site).href)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** Writes dist/sitemap.xml after each build. Needs `site` in the Astro config. */
export function sitemap(): AstroIntegration {
  let site: URL | undefined;
  return {
    name: 'bulkhead-lab:sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
      },
      'astro:build:done': ({ dir, logger }) => {
        if (!site) throw new Error('The sitemap needs `site` in astro.config.mjs (the address the course is served from).');
        const root = fileURLToPath(dir);
        const listed = htmlPages(root)
          .filter((page) => !ERROR_PAGE.test(page.path) && !isNoIndex(readFileSync(page.file, 'utf8')))
          .map((page) => page.path);
        writeFileSync(join(root, 'sitemap.xml'), sitemapXml(site.href, listed));
        const robots = join(root, 'robots.txt');
        const line = `Sitemap: ${new URL('/sitemap.xml', site).href}`;
        if (!existsSync(robots) || !readFileSync(robots, 'utf8').split(/\r?\n/).includes(line)) {
          throw new Error(`public/robots.txt must contain the line "${line}", so search engines find the sitemap.`);
        }
        logger.info(`sitemap.xml lists ${listed.length} pages.`);
      },
    },
  };
}
