import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findDiagramSources, type DiagramSource } from '../../src/lib/diagram-cache';
import { readDiagramText } from '../../src/lib/diagram';
import { baseUrl, builtPages, launchBrowser } from './browser';

/** The page a content file becomes: content/lessons/01-intuition/01-shared-fate.mdx is /learn/intuition/shared-fate/. */
function pageOf(file: string): string {
  const lesson = /^content\/lessons\/\d\d-([a-z0-9-]+)\/\d\d-([a-z0-9-]+)\.mdx$/.exec(file);
  if (lesson) return `/learn/${lesson[1]}/${lesson[2]}/`;
  if (file === 'content/pages/quick-reference.mdx') return '/reference/';
  throw new Error(`No page known for ${file}: teach pageOf() where it is published.`);
}

const sourcesByPage = new Map<string, DiagramSource[]>();
for (const source of findDiagramSources()) sourcesByPage.set(pageOf(source.file), [...(sourcesByPage.get(pageOf(source.file)) ?? []), source]);
const lessons = builtPages().filter((path) => /^\/learn\/[^/]+\/[^/]+\/$/.test(path));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]));
}

/** What is wrong with the diagrams `path` shows, compared with the fences of its source. */
async function diagramProblems(page: Page, path: string): Promise<string[]> {
  await page.goto(`${baseUrl()}${path}`, { waitUntil: 'load' });
  const expected = (sourcesByPage.get(path) ?? []).map((source) => readDiagramText(source.code));
  const drawn = await page.locator('figure.diagram svg[role="img"]').evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const style = getComputedStyle(svg);
      return {
        title: svg.querySelector(':scope > title')?.textContent ?? '',
        description: svg.querySelector(':scope > desc')?.textContent ?? '',
        labelledByTitle: document.getElementById(svg.getAttribute('aria-labelledby') ?? '')?.tagName === 'title',
        shapes: svg.querySelectorAll('rect, path, polygon, line').length,
        visible: box.width > 50 && box.height > 30 && style.visibility === 'visible' && style.display !== 'none',
      };
    }),
  );
  const problems: string[] = [];
  const seen = drawn.map(({ title, description }) => ({ title, description }));
  if (JSON.stringify(seen) !== JSON.stringify(expected)) problems.push(`${path}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(seen)}`);
  for (const svg of drawn) {
    if (!svg.visible || svg.shapes < 3 || !svg.labelledByTitle) problems.push(`${path}: "${svg.title}" is not a visible, drawn image named by its <title> (${JSON.stringify(svg)})`);
  }
  return problems;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('diagrams are drawn at build time', () => {
  test('most lessons, and the quick reference, have a diagram to check', () => {
    // Not every lesson needs a diagram; this only makes sure the checks below have plenty to look at.
    expect(lessons.length).toBeGreaterThan(10);
    expect(lessons.filter((path) => sourcesByPage.has(path)).length).toBeGreaterThanOrEqual(Math.ceil(lessons.length * 0.75));
    expect(sourcesByPage.has('/reference/')).toBe(true);
  });

  test('with JavaScript off, every page shows each of its diagrams as an image with its title and description', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const requests: string[] = [];
      const problems: string[] = [];
      const paths = [...lessons, '/reference/'];
      // Three pages at a time: with nothing to run, the browser mostly waits on the network.
      const checkSome = async () => {
        const page = await context.newPage();
        page.on('request', (request: Request) => requests.push(request.url()));
        for (let path = paths.shift(); path !== undefined; path = paths.shift()) problems.push(...(await diagramProblems(page, path)));
      };
      await Promise.all([checkSome(), checkSome(), checkSome()]);
      expect(problems).toEqual([]);
      expect(requests.filter((url) => /\.m?js(\?|$)/.test(url))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('no script the build wrote contains mermaid', () => {
    const scripts = filesUnder('dist').filter((file) => /\.m?js$/.test(file));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((file) => readFileSync(file, 'utf8').includes('mermaid'))).toEqual([]);
  });

  test('read to the end with JavaScript on, a lesson and the quick reference load no mermaid', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const mermaidScripts: string[] = [];
      page.on('response', async (response) => {
        if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
        const body = await response.text().catch(() => '');
        if (/mermaid/i.test(response.url()) || body.includes('mermaid')) mermaidScripts.push(response.url());
      });
      // Sizing pools had its diagram on the first screen; the quick reference, lower down.
      for (const path of ['/learn/foundation/sizing-pools/', '/reference/']) {
        await page.goto(`${baseUrl()}${path}`, { waitUntil: 'load' });
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForLoadState('networkidle');
        expect(await page.locator('figure.diagram svg[role="img"]').count(), path).toBeGreaterThan(0);
      }
      expect(mermaidScripts).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
