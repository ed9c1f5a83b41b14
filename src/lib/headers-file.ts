/**
 * The `_headers` file format that Netlify and Cloudflare Pages read (public/_headers): a path line
 * (`*` matches anything), then indented `Name: value` lines, and on Cloudflare `! Name` lines that
 * detach a header an earlier rule attached; `#` starts a comment line. One reader for every use:
 * the build's policy check and the e2e server (scripts/static-server.ts), and the service worker
 * that adds the headers on hosts that send none (src/sw/headers.ts). Pure, so all three can use it.
 */

/** One path rule. */
export interface HeaderRule {
  path: string;
  headers: Array<[name: string, value: string]>;
  /** Headers the rule detaches (`! Name` lines); present only when it has some. */
  detach?: string[];
}

/** Reads a `_headers` file into its rules, in file order. */
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
    if (!current) continue;
    const detached = /^!\s*([^\s:]+)$/.exec(trimmed)?.[1];
    if (detached) {
      (current.detach ??= []).push(detached);
      continue;
    }
    const colon = trimmed.indexOf(':');
    if (colon > 0) current.headers.push([trimmed.slice(0, colon).trim(), trimmed.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Whether a rule's path pattern matches a site path (`*` matches any run of characters). */
export function matchesPath(rule: HeaderRule, path: string): boolean {
  return new RegExp(`^${rule.path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(path);
}
