/**
 * `npm run bench:pages`: for each built page, the bytes of HTML, CSS and JS that Chromium loads
 * before any interaction (no scrolling, no focus), raw and gzip-compressed (level 6, as most
 * static hosts serve it). For each lesson also what it loads when read to the end (scrolled
 * through, screen by screen), apart from the islands (simulator, calculators) a reader starts:
 * their scripts are refused in that pass. Prints a table and checks the lesson budget: at first
 * JS ≤ 15 KB gzip and everything ≤ 45 KB gzip; read to the end JS ≤ 15 KB and everything ≤ 60 KB.
 * Requires a build (npm run build).
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { builtPagesList } from './built-pages';
import { startPreview } from './preview-server';

interface Weight {
  raw: number;
  gzip: number;
}
type Kind = 'html' | 'css' | 'js' | 'other';
type Totals = Record<Kind, Weight>;

const BUDGET = { js: 15 * 1024, total: 45 * 1024, totalReadToEnd: 60 * 1024 };
const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(6);

function kindOf(url: string, contentType: string): Kind {
  if (contentType.includes('text/html')) return 'html';
  if (contentType.includes('css') || url.endsWith('.css')) return 'css';
  if (contentType.includes('javascript') || url.endsWith('.js') || url.endsWith('.mjs')) return 'js';
  return 'other';
}

const gzipOf = (totals: Totals) => totals.html.gzip + totals.css.gzip + totals.js.gzip;
const rawOf = (totals: Totals) => totals.html.raw + totals.css.raw + totals.js.raw;

/**
 * What `path` loads: at first (`readToEnd` false), or scrolled to its end with the islands'
 * scripts refused (`islandScripts` lists them, as found by a first visit).
 */
async function measure(browser: Browser, url: string, readToEnd: boolean, islandScripts: ReadonlySet<string> = new Set()): Promise<{ totals: Totals; islands: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    // Compared without the query: Astro retries a failed island script as ?astro-retry=<time>.
    if (readToEnd) await context.route((target) => islandScripts.has(`${target.origin}${target.pathname}`), (route) => route.abort());
    const page = await context.newPage();
    const totals: Totals = { html: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 }, js: { raw: 0, gzip: 0 }, other: { raw: 0, gzip: 0 } };
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      if (!response.url().startsWith(new URL(url).origin)) return;
      pending.push(
        response.body().then(
          (body) => {
            const kind = kindOf(response.url(), response.headers()['content-type'] ?? '');
            totals[kind].raw += body.length;
            totals[kind].gzip += gzipSync(body, { level: 6 }).length;
          },
          () => undefined,
        ),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    if (readToEnd) {
      await page.evaluate(async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
          window.scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 80));
        }
        window.scrollTo(0, document.documentElement.scrollHeight);
      });
      await page.waitForLoadState('networkidle');
    }
    const islands = await page.evaluate(() =>
      [...document.querySelectorAll('astro-island')]
        .flatMap((island) => ['component-url', 'renderer-url', 'before-hydration-url'].map((name) => island.getAttribute(name) ?? ''))
        .filter((value) => value !== '')
        .map((value) => new URL(value, location.href))
        .map((url) => `${url.origin}${url.pathname}`),
    );
    await Promise.all(pending);
    return { totals, islands };
  } finally {
    await context.close();
  }
}

const server = await startPreview(Number(process.env['BENCH_PORT'] ?? 4339));
const browser = await chromium.launch({
  executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let overBudget = 0;
let lessons = 0;
try {
  console.log(`page${' '.repeat(40)}  HTML gz    CSS gz     JS gz  total gz   JS raw  total raw | read to the end: JS gz  total gz  (KB)`);
  for (const path of builtPagesList()) {
    const url = `${server.url}${path}`;
    const first = await measure(browser, url, false);
    const isLesson = /^\/learn\/[^/]+\/[^/]+\/$/.test(path);
    const end = isLesson ? (await measure(browser, url, true, new Set(first.islands))).totals : undefined;
    const { totals } = first;
    const over =
      isLesson && (totals.js.gzip > BUDGET.js || gzipOf(totals) > BUDGET.total || (end !== undefined && (end.js.gzip > BUDGET.js || gzipOf(end) > BUDGET.totalReadToEnd)));
    if (isLesson) lessons += 1;
    if (over) overBudget += 1;
    const endColumns = end ? `${kb(end.js.gzip)}    ${kb(gzipOf(end))}` : `${'-'.padStart(6)}    ${'-'.padStart(6)}`;
    console.log(
      `${path.padEnd(44)} ${kb(totals.html.gzip)}  ${kb(totals.css.gzip)}  ${kb(totals.js.gzip)}    ${kb(gzipOf(totals))}   ${kb(totals.js.raw)}     ${kb(rawOf(totals))} |               ${endColumns}${over ? '  over lesson budget' : ''}`,
    );
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(
  `lesson budget: at first JS ≤ ${BUDGET.js / 1024} KB gzip, total ≤ ${BUDGET.total / 1024} KB gzip; read to the end (islands the reader starts apart) JS ≤ ${BUDGET.js / 1024} KB, total ≤ ${BUDGET.totalReadToEnd / 1024} KB; lessons over budget: ${overBudget} of ${lessons}`,
);
