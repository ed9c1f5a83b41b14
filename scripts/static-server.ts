/**
 * A small static file server for dist/ that applies public/_headers the way Cloudflare Pages does
 * (see {@link headersForPath}). The e2e tests use it to check what a production host sends, such
 * as the worker's CSP and which pages other sites may frame, which `astro preview` cannot set per path.
 *
 * With `{ plain: true, base: '/bulkhead-lab/' }` it is a host like GitHub Pages instead: it
 * sends no headers beyond the content type (no COOP/COEP, no CSP, `_headers` ignored) and serves
 * the build only under `base`, answering 404 for anything outside it, so a URL the site forgot to
 * put under its base fails instead of finding the file by luck.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { matchesPath, parseHeaderRules, type HeaderRule } from '../src/lib/headers-file';

export { parseHeaderRules as parseHeadersFile, type HeaderRule } from '../src/lib/headers-file';

/**
 * The headers `_headers` gives a path, by lower-case name, as each host applies its rules:
 * - `cloudflare` (Cloudflare Pages' asset server, workers-sdk pages-shared/asset-server/handler.ts):
 *   every matching rule in file order first removes the headers it detaches, then adds its own;
 *   a header two rules both send is joined with ", " (two CSPs joined so are both enforced).
 * - `netlify` (@netlify/headers-parser and headersForPath in netlify/primitives): a `! Name`
 *   line has no colon and is skipped; matching rules merge in file order and a later rule's
 *   value of a header replaces an earlier rule's.
 */
export function headersForPath(rules: readonly HeaderRule[], path: string, host: 'cloudflare' | 'netlify' = 'cloudflare'): Map<string, string> {
  const result = new Map<string, string>();
  const fromRules = new Set<string>();
  for (const rule of rules) {
    if (!matchesPath(rule, path)) continue;
    if (host === 'cloudflare') for (const name of rule.detach ?? []) result.delete(name.toLowerCase());
    const own = new Map<string, string>();
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      own.set(key, own.has(key) ? `${own.get(key) ?? ''}, ${value}` : value);
    }
    for (const [key, value] of own) {
      const joined = host === 'cloudflare' && fromRules.has(key) && result.has(key);
      result.set(key, joined ? `${result.get(key) ?? ''}, ${value}` : value);
      fromRules.add(key);
    }
  }
  return result;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticOptions {
  /** Send no headers of its own: `_headers` is not applied (a host such as GitHub Pages). */
  plain?: boolean;
  /** Serve the build under this path (`/bulkhead-lab/`) and 404 everywhere else; default `/`. */
  base?: string;
}

/** Serves `root` on 127.0.0.1:`port`; resolves once listening. `url` ends in the base (without its trailing slash at `/`). */
export function serveStatic(root: string, port: number, { plain = false, base = '/' }: StaticOptions = {}): Promise<{ server: Server; url: string }> {
  const rules = !plain && existsSync(join(root, '_headers')) ? parseHeaderRules(readFileSync(join(root, '_headers'), 'utf8')) : [];
  const prefix = `/${base.split('/').filter(Boolean).join('/')}/`.replace(/^\/\/$/, '/');
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (`${requested}/` === prefix) {
      response.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!requested.startsWith(prefix)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${requested} is outside ${prefix}`);
      return;
    }
    const path = `/${requested.slice(prefix.length)}`;
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = join(root, '404.html');
    }
    for (const [name, value] of headersForPath(rules, path)) response.setHeader(name, value);
    response.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    response.writeHead(status);
    createReadStream(file).pipe(response);
  });
  const url = `http://127.0.0.1:${port}${prefix === '/' ? '' : prefix.slice(0, -1)}`;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, url })));
}
