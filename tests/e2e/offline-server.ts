/**
 * A plain static server for the offline tests: it sends no special headers (no COOP/COEP, no
 * Content-Security-Policy), as GitHub Pages does, and lets a test swap a file's bytes (a new
 * deploy of sw.js) while it runs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export interface PlainServer {
  url: string;
  /** Serves `body` for `path` (e.g. `/sw.js`) from now on. */
  replace: (path: string, body: string) => void;
  close: () => Promise<void>;
}

/** Serves `root` on 127.0.0.1:`port` with only Content-Type (and Cache-Control: no-cache). */
export function servePlain(root: string, port: number): Promise<PlainServer> {
  const replaced = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const swapped = replaced.get(path);
    const found = swapped !== undefined || existsSync(file);
    response.writeHead(found ? 200 : 404, { 'Content-Type': TYPES[found ? extname(file) : '.html'] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    const notFound = join(root, '404.html');
    response.end(swapped ?? (found ? readFileSync(file) : existsSync(notFound) ? readFileSync(notFound) : 'Not found'));
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        replace: (path, body) => replaced.set(path, body),
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

/** Waits until a service worker has installed (the whole course stored) and controls the page. */
export async function waitForOfflineCopy(page: Page): Promise<void> {
  const ready = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]));
  if (!ready) throw new Error('No service worker became active within 20 s (is dist/sw.js built and registered?)');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}
