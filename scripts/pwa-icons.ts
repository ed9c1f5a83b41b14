/**
 * Draws the web app's PNG icons from the SVGs in public/icons/ with Chromium:
 * icon-192.png and icon-512.png from icon.svg, icon-maskable-512.png and apple-touch-icon.png
 * (180 px; iOS rounds the corners itself) from icon-maskable.svg. Run after changing an SVG:
 * `npx tsx scripts/pwa-icons.ts`, then commit public/icons/.
 */
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../tests/e2e/browser';

const ICONS: Array<{ svg: string; png: string; size: number }> = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
];

const browser = await launchBrowser();
try {
  for (const { svg, png, size } of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const source = readFileSync(`public/icons/${svg}`, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${source}`);
    await page.screenshot({ path: `public/icons/${png}`, omitBackground: true });
    await page.close();
    console.log(`public/icons/${png}: ${size}×${size}`);
  }
} finally {
  await browser.close();
}
