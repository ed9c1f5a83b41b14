/**
 * The headers public/_headers asks a host to send, for the service worker to add on hosts that
 * send none (GitHub Pages): COOP/COEP on pages, so exercise pages are cross-origin isolated, and
 * the `/runner/*` Content-Security-Policy that closes the network to learner code.
 * Pure: no DOM, no service-worker globals, so Node tests it directly.
 */

import { matchesPath, type HeaderRule } from '../lib/headers-file';

export { parseHeaderRules, type HeaderRule } from '../lib/headers-file';

/**
 * Every header the matching rules attach to a site path (`/runner/x.js`, without the base), in
 * file order. `! Name` lines are not applied here: a policy a host would have detached is only
 * added beside the others, and another policy can only close, never open.
 */
export function headersForPath(rules: readonly HeaderRule[], sitePath: string): Array<[string, string]> {
  return rules.filter((rule) => matchesPath(rule, sitePath)).flatMap((rule) => rule.headers);
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
