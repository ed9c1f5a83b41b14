import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headersForPath, parseHeadersFile } from '../../../scripts/static-server';
import { EMBEDS, embedBySlug, embedForPath, fullPageHref } from '../../../src/lib/embed-catalog';
import { createHeightReporter, heightMessage, isHeightMessage, type EmbedHeightMessage } from '../../../src/lib/embed-height';
import { elementName, elementsSnippet, elementsSource } from '../../../src/lib/embed-elements';
import { iframeSnippet } from '../../../src/lib/embed-snippet';

/** A reporter driven by a fake clock: `advance(ms)` runs the timers that fall due. */
function fakeReporter(intervalMs = 100) {
  let now = 0;
  let timer: { at: number; run: () => void } | null = null;
  const sent: number[] = [];
  const reporter = createHeightReporter({
    send: (message: EmbedHeightMessage) => sent.push(message.height),
    id: 'sizing',
    intervalMs,
    now: () => now,
    setTimer: (run, ms) => (timer = { at: now + ms, run }),
    clearTimer: () => (timer = null),
  });
  const advance = (ms: number) => {
    now += ms;
    if (timer && timer.at <= now) {
      const due = timer;
      timer = null;
      due.run();
    }
  };
  return { reporter, sent, advance };
}

describe('embed height messages', () => {
  it('sends the first height at once, then at most one per interval, always the latest', () => {
    const { reporter, sent, advance } = fakeReporter();
    reporter.report(400.2);
    expect(sent).toEqual([401]);
    reporter.report(500);
    reporter.report(650);
    advance(50);
    expect(sent).toEqual([401]);
    advance(50);
    expect(sent).toEqual([401, 650]);
    advance(500);
    reporter.report(650);
    expect(sent).toEqual([401, 650]);
    reporter.report(300);
    expect(sent).toEqual([401, 650, 300]);
  });

  it('never sends a height that is not a finite number in range, and listeners refuse one', () => {
    expect(heightMessage(Number.NaN, null)).toBeNull();
    expect(heightMessage(-1, null)).toBeNull();
    expect(heightMessage(Number.POSITIVE_INFINITY, null)).toBeNull();
    expect(heightMessage(12.1, '')).toEqual({ type: 'bulkhead-lab:height', height: 13, id: null });
    expect(isHeightMessage({ type: 'bulkhead-lab:height', height: 13, id: 'sizing' })).toBe(true);
    for (const bad of [null, 'x', { type: 'bulkhead-lab:height', height: '13', id: null }, { type: 'other', height: 13, id: null }, { type: 'bulkhead-lab:height', height: 1e9, id: null }]) {
      expect(isHeightMessage(bad)).toBe(false);
    }
  });
});

describe('embed catalogue and snippets', () => {
  it('maps each embed to its full page with the same query, under any base', () => {
    const sizing = embedBySlug('sizing');
    expect(fullPageHref(sizing, '?rate=120&mean=50', '/')).toBe('/tools/sizing/?rate=120&mean=50');
    expect(fullPageHref(sizing, '', '/lab/')).toBe('/lab/tools/sizing/');
    expect(embedForPath('/lab/embed/simulator', '/lab/')?.fullPath).toBe('/simulator/');
    expect(() => embedBySlug('nope')).toThrow(/No embed named "nope"/);
    expect(new Set(EMBEDS.map((embed) => embed.slug)).size).toBe(EMBEDS.length);
  });

  it('escapes what it puts in an iframe attribute', () => {
    const html = iframeSnippet({ src: 'https://x.example/embed/tools/sizing/?a=1&b="2"', title: 'A <b>', name: 'n', height: 600.4 });
    expect(html).toContain('src="https://x.example/embed/tools/sizing/?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('title="A &lt;b&gt;"');
    expect(html).toContain('height: 600px');
  });
});

describe('embed custom elements', () => {
  it('defines one element per embed, framing it relative to the script, and shows a snippet that loads it', () => {
    const source = elementsSource();
    for (const embed of EMBEDS) expect(source).toContain(`"${elementName(embed.slug)}": {\n    "path": "${embed.path.slice('/embed/'.length)}"`);
    expect(source).toContain('new URL(embed.path, import.meta.url)');
    expect(elementsSnippet('https://x.example/lab/embed/elements.js?a=1&b=2')).toMatch(/^<script type="module" src="https:\/\/x\.example\/lab\/embed\/elements\.js\?a=1&amp;b=2"><\/script>\n<bulkhead-sizing /);
  });
});

describe('_headers as static hosts apply it', () => {
  const rules = parseHeadersFile(readFileSync('public/_headers', 'utf8'));
  const frameAncestors = (path: string, host: 'cloudflare' | 'netlify') =>
    (headersForPath(rules, path, host).get('content-security-policy') ?? '').split(/[;,]/).map((part) => part.trim()).filter((part) => part.startsWith('frame-ancestors'));

  it('lets any site frame the embeds, and only the site frame every other page', () => {
    for (const host of ['cloudflare', 'netlify'] as const) {
      expect(frameAncestors('/embed/tools/sizing/', host), host).toEqual(['frame-ancestors *']);
      expect(frameAncestors('/embed/simulator/', host), host).toEqual(['frame-ancestors *']);
      expect(frameAncestors('/embed/', host), host).toEqual(["frame-ancestors 'self'"]);
      expect(frameAncestors('/tools/sizing/', host), host).toEqual(["frame-ancestors 'self'"]);
      expect(headersForPath(rules, '/embed/tools/sizing/', host).get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(headersForPath(rules, '/runner/worker-bootstrap-x.js', host).get('content-security-policy')).toBe("default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'");
    }
  });

  it('joins a header two rules send on Cloudflare, and detaches only where told', () => {
    const sample = parseHeadersFile('/*\n  X-A: 1\n  X-B: 1\n/x/*\n  X-A: 2\n  ! X-B\n');
    expect(Object.fromEntries(headersForPath(sample, '/x/y', 'cloudflare'))).toEqual({ 'x-a': '1, 2' });
    expect(Object.fromEntries(headersForPath(sample, '/x/y', 'netlify'))).toEqual({ 'x-a': '2', 'x-b': '1' });
    expect(Object.fromEntries(headersForPath(sample, '/z', 'cloudflare'))).toEqual({ 'x-a': '1', 'x-b': '1' });
  });
});
