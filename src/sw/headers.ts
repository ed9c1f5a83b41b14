/**
 * The headers public/_headers asks a host to send, for the service worker to add on hosts that
 * send none (GitHub Pages): COOP/COEP on pages, so exercise pages are cross-origin isolated, and
 * the `/runner/*` Content-Security-Policy that closes the network to learner code.
 * Pure: no DOM, no service-worker globals, so Node tests it directly.
 */

/** One path rule of a `_headers` file: a path pattern (`*` matches anything) and its headers. */
export interface HeaderRule {
  path: string;
  headers: Array<[name: string, value: string]>;
}

/** Parses a `_headers` file: a path line, then indented `Name: value` lines; `#` starts a comment line. */
export function parseHeaderRules(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let current: HeaderRule | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = { path: trimmed, headers: [] };
      rules.push(current);
      continue;
    }
    const colon = trimmed.indexOf(':');
    if (current && colon > 0) current.headers.push([trimmed.slice(0, colon).trim(), trimmed.slice(colon + 1).trim()]);
  }
  return rules;
}

function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Every header the rules give a site path (`/runner/x.js`, without the base), in file order,
 * the way Netlify and Cloudflare Pages apply them: each matching rule adds its headers.
 */
export function headersForPath(rules: readonly HeaderRule[], sitePath: string): Array<[string, string]> {
  return rules.filter((rule) => pathPattern(rule.path).test(sitePath)).flatMap((rule) => rule.headers);
}

/** A response's header names and values, as the merge reads them. */
export interface HeaderView {
  get(name: string): string | null;
}

/**
 * The headers to set on a response so it carries what the rules ask, changing nothing the host
 * already sent: a header the response has keeps its value, except Content-Security-Policy, where
 * each policy the response lacks is joined on with ", " (several policies all apply, so adding one
 * can only close, never open). Returns only the headers to set, with their full new value; an
 * empty list means the response is right as it is.
 */
export function missingHeaders(existing: HeaderView, wanted: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const result = new Map<string, [string, string]>();
  const current = (name: string): string | null => result.get(name.toLowerCase())?.[1] ?? existing.get(name);
  for (const [name, value] of wanted) {
    const key = name.toLowerCase();
    const now = current(name);
    if (now === null) result.set(key, [name, value]);
    else if (key === 'content-security-policy' && !now.split(',').some((policy) => policy.trim() === value)) result.set(key, [name, `${now}, ${value}`]);
  }
  return [...result.values()];
}
