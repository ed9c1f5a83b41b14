import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { headersForPath, missingHeaders, parseHeaderRules } from '../../../src/sw/headers';

const RUNNER_POLICY = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'";
const rules = parseHeaderRules(readFileSync('public/_headers', 'utf8'));
const headersOf = (entries: Record<string, string>) => new Headers(entries);
const names = (list: Array<[string, string]>) => list.map(([name]) => name.toLowerCase());

describe('the headers of public/_headers, as the service worker reads them', () => {
  test('pages get COOP/COEP and the page policy; /runner/ scripts get the page policy and the closed-network one, in that order', () => {
    const page = headersForPath(rules, '/exercises/semaphore-bulkhead/');
    expect(page).toContainEqual(['Cross-Origin-Opener-Policy', 'same-origin']);
    expect(page).toContainEqual(['Cross-Origin-Embedder-Policy', 'require-corp']);
    expect(page.filter(([name]) => name === 'Content-Security-Policy')).toHaveLength(1);
    const runner = headersForPath(rules, '/runner/worker-bootstrap-C6LNFgvp.js').filter(([name]) => name === 'Content-Security-Policy');
    expect(runner).toHaveLength(2);
    expect(runner[1]?.[1]).toBe(RUNNER_POLICY);
  });

  test('comments, blank lines and CRLF line ends are read as a host reads them', () => {
    expect(parseHeaderRules('# note\r\n/a/*\r\n  X-One: 1\r\n\r\n  # inner\r\n  X-Two: a: b\r\n')).toEqual([{ path: '/a/*', headers: [['X-One', '1'], ['X-Two', 'a: b']] }]);
    expect(headersForPath(parseHeaderRules('/a/*\n  X: 1\n'), '/b/a/x')).toEqual([]);
  });
});

describe('missingHeaders: only what the host did not send', () => {
  const wanted = headersForPath(rules, '/runner/x.js');

  test('a header-less response gets every header, the two policies joined as one header holding both', () => {
    const added = new Map(missingHeaders(headersOf({ 'Content-Type': 'text/javascript' }), wanted));
    expect(added.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    const policies = added.get('Content-Security-Policy')?.split(', ') ?? [];
    expect(policies).toHaveLength(2);
    expect(policies[1]).toBe(RUNNER_POLICY);
  });

  test('a response from a host that applies public/_headers is left exactly as it is', () => {
    const sent = Object.fromEntries(wanted.map(([name]) => [name, ''])) as Record<string, string>;
    for (const [name, value] of wanted) sent[name] = sent[name] ? `${sent[name]}, ${value}` : value;
    expect(missingHeaders(headersOf(sent), wanted)).toEqual([]);
  });

  test('a header the host sent keeps its value, even a different one', () => {
    const added = missingHeaders(headersOf({ 'Cross-Origin-Embedder-Policy': 'credentialless', 'Referrer-Policy': 'no-referrer' }), wanted);
    expect(names(added)).not.toContain('cross-origin-embedder-policy');
    expect(names(added)).not.toContain('referrer-policy');
    expect(names(added)).toContain('cross-origin-opener-policy');
  });

  test('a host that sends its own policy but not the runner one gets the runner one joined on, never replaced', () => {
    const added = new Map(missingHeaders(headersOf({ 'Content-Security-Policy': "script-src 'self'" }), [['Content-Security-Policy', RUNNER_POLICY]]));
    expect(added.get('Content-Security-Policy')).toBe(`script-src 'self', ${RUNNER_POLICY}`);
  });
});
