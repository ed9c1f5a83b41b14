/**
 * The site can be built to live under a sub-path (`BASE_PATH=/bulkhead-lab/ npm run build`, as on
 * GitHub Pages). Every link, asset and script URL the site writes goes through {@link withBase},
 * so the same code works at `/` and under any base.
 */

/** The base the site was built for, always with a leading and trailing slash: `/` or `/bulkhead-lab/`. */
export const BASE: string = normaliseBase(import.meta.env.BASE_URL ?? '/');

/** `/a/b/` for `a/b`, `/a/b`, `/a/b/` or `//a//b`; `/` for an empty base. */
export function normaliseBase(base: string): string {
  const parts = base.split('/').filter((part) => part !== '');
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

/**
 * A site path (`/learn/`, `learn/`, `/runner/worker.js?x=1#y`) as a URL under {@link BASE}.
 * Paths already under the base, absolute URLs (`https:`, `mailto:`), fragments and queries are
 * returned unchanged, so calling it twice is harmless.
 */
export function withBase(path: string, base: string = BASE): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || path.startsWith('#') || path.startsWith('?')) return path;
  const normalised = normaliseBase(base);
  if (normalised !== '/' && (path.startsWith(normalised) || `${path}/` === normalised)) return path;
  return `${normalised}${path.replace(/^\/+/, '')}`;
}

/** A URL path as the site path it names (`/bulkhead-lab/learn/` → `/learn/`); paths outside the base are returned unchanged. */
export function withoutBase(path: string, base: string = BASE): string {
  const normalised = normaliseBase(base);
  if (normalised === '/' || !path.startsWith(normalised)) return path;
  return `/${path.slice(normalised.length)}`;
}
