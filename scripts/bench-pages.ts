/**
 * `npm run bench:pages`: for each built page, the bytes of HTML, CSS and JS that Chromium loads
 * before any interaction (no scrolling, no focus), raw and gzip-compressed (level 6, as most
 * static hosts serve it). Prints a table and checks the lesson budget: JS ≤ 15 KB gzip and
 * everything ≤ 45 KB gzip for a text-only lesson. Requires a build (npm run build).
 */
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { builtPagesList } from './built-pages';
import { startPreview } from './preview-server';

interface Weight {
  raw: number;
  gzip: number;
}
type Kind = 'html' | 'css' | 'js' | 'other';

const BUDGET = { js: 15 * 1024, total: 45 * 1024 };
const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(6);

function kindOf(url: string, contentType: string): Kind {
  if (contentType.includes('text/html')) return 'html';
  if (contentType.includes('css') || url.endsWith('.css')) return 'css';
  if (contentType.includes('javascript') || url.endsWith('.js') || url.endsWith('.mjs')) return 'js';
  return 'other';
}

const server = await startPreview(Number(process.env['BENCH_PORT'] ?? 4339));
const browser = await chromium.launch({
  executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let overBudget = 0;
try {
  console.log(`page${' '.repeat(40)}  HTML gz    CSS gz     JS gz  total gz   JS raw  total raw  (KB)`);
  for (const path of builtPagesList()) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const totals: Record<Kind, Weight> = { html: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 }, js: { raw: 0, gzip: 0 }, other: { raw: 0, gzip: 0 } };
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      if (!response.url().startsWith(server.url)) return;
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
    await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    await Promise.all(pending);
    await context.close();
    const gzipTotal = totals.html.gzip + totals.css.gzip + totals.js.gzip;
    const rawTotal = totals.html.raw + totals.css.raw + totals.js.raw;
    const isLesson = /^\/learn\/[^/]+\/[^/]+\/$/.test(path);
    const over = isLesson && (totals.js.gzip > BUDGET.js || gzipTotal > BUDGET.total);
    if (over) overBudget += 1;
    console.log(`${path.padEnd(44)} ${kb(totals.html.gzip)}  ${kb(totals.css.gzip)}  ${kb(totals.js.gzip)}    ${kb(gzipTotal)}   ${kb(totals.js.raw)}     ${kb(rawTotal)}${over ? '  over lesson budget' : ''}`);
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(`lesson budget: JS ≤ ${BUDGET.js / 1024} KB gzip, total ≤ ${BUDGET.total / 1024} KB gzip; lessons over budget: ${overBudget}`);
