/**
 * Which built files the service worker stores on the first visit, so that the whole course works
 * offline afterwards, lessons never opened included. Pure: the build (src/lib/pwa/integration.ts)
 * applies it to every file in dist/, and Node tests it directly.
 */

/**
 * Files in dist/ (paths relative to it, with `/`) that need not be offline, and why:
 * - sourcemaps, the sitemap, robots.txt, `_headers`: for tools and hosts, not for learners;
 * - the social-media preview image: only other sites show it;
 * - Pagefind's ready-made search interfaces (`pagefind-ui`, `-modular-ui`, `-component-ui`,
 *   `-highlight`): the course has its own search box (src/lib/search-client.ts) and uses only
 *   `pagefind.js`, its worker, the index, the fragments and the WebAssembly for English;
 * - Pagefind's WebAssembly for languages other than English (the course is in English);
 * - the WebContainer runner: it needs StackBlitz's servers, so it can never run offline (the
 *   exercise page grades with the worker runner then), and it is fetched when it is used online;
 * - the service worker itself, which the browser keeps on its own.
 */
const LEFT_OUT: readonly RegExp[] = [
  /\.map$/,
  /^sitemap[^/]*\.xml$/,
  /^robots\.txt$/,
  /^_headers$/,
  /^og-image\.png$/,
  /^pagefind\/pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/,
  /^pagefind\/wasm\.(?!en\.)[^/]+\.pagefind$/,
  /^_astro\/webcontainer-runner\.[^/]+\.js$/,
  /^sw\.js$/,
];

/** True when the built file at `path` (relative to dist/) belongs in the offline copy. */
export function shouldPrecache(path: string): boolean {
  return !LEFT_OUT.some((pattern) => pattern.test(path));
}

/**
 * File names that carry a hash of their content (Astro's `_astro/name.Hash.js`, the workers'
 * `runner/name-Hash.js`, Pagefind's `fragment/en_hash.pf_fragment`): a new build never reuses such
 * a name for other bytes, so the service worker need not add a revision to them.
 */
export const HASHED_NAME = /(?:^_astro\/.+\.[\w-]{8}\.\w+$)|(?:^runner\/.+-[\w-]{8}\.js$)|(?:^pagefind\/(?:fragment|index)\/[^/]+$)|(?:^pagefind\/pagefind\.[^/]+\.pf_meta$)/;

/** A built file as workbox-build lists it: its path relative to dist/, a hash of its bytes, its size. */
export interface BuiltFile {
  url: string;
  revision: string | null;
  size: number;
}

/**
 * The precache list from every built file: the files left out above dropped, hashed names
 * without a revision, and each URL under the site's base (`/` or `/bulkhead-lab/`).
 */
export function precacheEntries(files: readonly BuiltFile[], base: string): BuiltFile[] {
  const prefix = `/${base.split('/').filter((part) => part !== '').map((part) => `${part}/`).join('')}`;
  return files
    .filter((file) => shouldPrecache(file.url))
    .map((file) => ({ url: `${prefix}${file.url}`, revision: HASHED_NAME.test(file.url) ? null : file.revision, size: file.size }));
}
