import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { inject } from 'vitest';
import { builtPagesList } from '../../scripts/built-pages';

/** Debian's Chromium, or the one named by CHROME_PATH; Playwright's own browsers cannot be downloaded here. */
export function chromePath(): string {
  const path = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}. Install it (apt-get install -y chromium) or set CHROME_PATH.`);
  return path;
}

export function baseUrl(): string {
  return inject('baseUrl');
}

/**
 * Chromium for the browser tests. Its contexts block the course's service worker unless a test
 * asks for it (`serviceWorkers: 'allow'`, as the offline tests do): each fresh context would
 * otherwise download the whole offline copy (7 MB) in the background, which on two busy cores
 * made the exercise pages' checks in pages.e2e.ts take 106 s instead of 62 s, one timing out.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromePath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options) => newContext({ serviceWorkers: 'block', ...options });
  return browser;
}

export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
}

/** Whether a request was made by a worker (Playwright gives it no frame) or loads a runner worker's script. */
function fromWorker(request: Request): boolean {
  try {
    request.frame();
  } catch {
    return true;
  }
  return /\/runner\/worker-[\w-]+\.js$/.test(new URL(request.url()).pathname);
}

/** Opens a page and records console errors, uncaught exceptions and failed same-origin requests. */
export async function openPage(context: BrowserContext, path: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.url().startsWith(baseUrl()) && response.status() >= 400) problems.failedRequests.push(`${response.status()} ${response.url()}`);
  });
  // A request the browser abandons because the page it belonged to was left (e.g. the spare runner
  // worker still loading when the test navigates away) is not a failure of the site: it is dropped
  // only when it was aborted and the main frame has navigated since the request started.
  let navigations = 0;
  const startedAt = new WeakMap<object, number>();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  page.on('request', (request) => startedAt.set(request, navigations));
  page.on('requestfailed', (request) => {
    if (!request.url().startsWith(baseUrl())) return;
    // A worker's own requests come through another channel than the page's navigations, so their
    // order against a navigation is not reliable: an aborted worker script (a spare runner worker
    // dropped with its page) is also the browser's choice, never a failure of the site. A worker
    // that fails to start for a real reason shows up as a console error or a failed run instead.
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED';
    const abandoned = aborted && ((startedAt.get(request) ?? navigations) < navigations || fromWorker(request));
    if (!abandoned) problems.failedRequests.push(`failed ${request.url()} (${request.failure()?.errorText ?? 'no reason'})`);
  });
  await page.goto(`${baseUrl()}${path}`, { waitUntil: 'load' });
  return { page, problems };
}

/** Every page the build wrote, as a URL path. */
export const builtPages = builtPagesList;

/** Replaces the whole text of a workbench editor, as a learner pasting code would. */
export async function replaceCode(page: Page, code: string, file = 'bulkhead.ts'): Promise<void> {
  await page.getByRole('textbox', { name: `Code editor: ${file}` }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
}

/** Presses the workbench's "Run tests" and returns the results summary once the run has ended. */
export async function runAndWait(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run tests' }).click();
  await page.waitForFunction(() => /tests passed|Run stopped/.test(document.querySelector('[data-results-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
  return (await page.locator('[data-results-summary]').textContent()) ?? '';
}

/**
 * What the workbench's summary line should say for `files` (default: the start files) on an
 * exercise, from the Node runner: the e2e checks the page against the grader, not a count typed in.
 */
export async function expectedSummary(folder: string, files: Record<string, string> = {}): Promise<string> {
  const { loadExercise } = await import('../../src/runners/exercise-files');
  const { NodeRunner } = await import('../../src/runners/node-runner');
  const exercise = await loadExercise(`exercises/${folder}`);
  const runner = new NodeRunner();
  try {
    await runner.prepare(exercise.bundle);
    const result = await runner.run(files);
    return `${result.summary.passed} of ${result.summary.total} tests passed${result.ok ? '. All tests pass!' : '.'}`;
  } finally {
    await runner.dispose();
  }
}

/** Records every layout shift from the first paint on (read with {@link layoutShift}). */
export async function recordLayoutShifts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const shifts: number[] = [];
    Object.defineProperty(window, '__layoutShifts', { value: shifts });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The page's cumulative layout shift so far, after two frames have settled. */
export async function layoutShift(page: Page): Promise<number> {
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return ((window as unknown as { __layoutShifts: number[] }).__layoutShifts ?? []).reduce((sum, value) => sum + value, 0);
  });
}
