import { describe, expect, test } from 'vitest';
import { precacheEntries, shouldPrecache } from '../../../src/sw/precache';
import { shouldReloadForIsolation } from '../../../src/lib/pwa/isolation';

describe('what the offline copy holds', () => {
  test.each([
    'index.html',
    'learn/expert/shuffle-sharding/index.html',
    '404.html',
    '_astro/ExerciseWorkbench.BX6_xKyY.js',
    '_astro/client.BXx7h2pV.css',
    'runner/worker-bootstrap-C6LNFgvp.js',
    'pagefind/pagefind.js',
    'pagefind/pagefind-worker.js',
    'pagefind/pagefind-entry.json',
    'pagefind/wasm.en.pagefind',
    'pagefind/fragment/en_0a1b2c3.pf_fragment',
    'pagefind/index/en_9f8e7d6.pf_index',
    'assignment/start/02-semaphore-bulkhead.json',
    'manifest.webmanifest',
    'icons/icon-192.png',
    'favicon.svg',
  ])('keeps %s', (path) => expect(shouldPrecache(path)).toBe(true));

  test.each([
    '_astro/client.BXx7h2pV.js.map',
    'sitemap.xml',
    'sitemap-index.xml',
    'robots.txt',
    '_headers',
    'og-image.png',
    'sw.js',
    'pagefind/pagefind-ui.js',
    'pagefind/pagefind-ui.css',
    'pagefind/pagefind-component-ui.js',
    'pagefind/pagefind-modular-ui.css',
    'pagefind/pagefind-highlight.js',
    'pagefind/wasm.unknown.pagefind',
    '_astro/webcontainer-runner.DQzb3sUH.js',
  ])('leaves out %s', (path) => expect(shouldPrecache(path)).toBe(false));

  test('URLs go under the base; hashed names carry no revision, others keep theirs', () => {
    const files = [
      { url: 'learn/index.html', revision: 'r1', size: 10 },
      { url: '_astro/client.BXx7h2pV.js', revision: 'r2', size: 20 },
      { url: 'runner/worker-bootstrap-C6LNFgvp.js', revision: 'r3', size: 30 },
      { url: 'pagefind/fragment/en_0a1b2c3.pf_fragment', revision: 'r4', size: 40 },
      { url: 'pagefind/pagefind-entry.json', revision: 'r5', size: 50 },
      { url: 'robots.txt', revision: 'r6', size: 60 },
    ];
    expect(precacheEntries(files, '/bulkhead-lab/').map(({ url, revision }) => [url, revision])).toEqual([
      ['/bulkhead-lab/learn/index.html', 'r1'],
      ['/bulkhead-lab/_astro/client.BXx7h2pV.js', null],
      ['/bulkhead-lab/runner/worker-bootstrap-C6LNFgvp.js', null],
      ['/bulkhead-lab/pagefind/fragment/en_0a1b2c3.pf_fragment', null],
      ['/bulkhead-lab/pagefind/pagefind-entry.json', 'r5'],
    ]);
    expect(precacheEntries(files.slice(0, 1), '/')[0]?.url).toBe('/learn/index.html');
  });
});

describe('reloading an exercise page into isolation', () => {
  const state = { sitePath: '/exercises/semaphore-bulkhead/', isolated: false, controlled: true, alreadyReloaded: false, touched: false };

  test('an exercise page the service worker now controls, not yet isolated, reloads', () => {
    expect(shouldReloadForIsolation(state)).toBe(true);
    expect(shouldReloadForIsolation({ ...state, sitePath: '/exercises/' })).toBe(true);
  });

  test('never twice, never when isolated or uncontrolled, never on other pages', () => {
    expect(shouldReloadForIsolation({ ...state, alreadyReloaded: true })).toBe(false);
    expect(shouldReloadForIsolation({ ...state, isolated: true })).toBe(false);
    expect(shouldReloadForIsolation({ ...state, controlled: false })).toBe(false);
    expect(shouldReloadForIsolation({ ...state, sitePath: '/learn/' })).toBe(false);
    expect(shouldReloadForIsolation({ ...state, sitePath: '/exercises-old/' })).toBe(false);
  });

  test('never under the hands of a learner who has started typing or clicking', () => {
    expect(shouldReloadForIsolation({ ...state, touched: true })).toBe(false);
  });
});
