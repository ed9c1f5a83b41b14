/**
 * The worker runner in real Chromium: it gives the same results as the Node runner for every
 * exercise's solution and start, and learner code in it has no network. These tests drive the
 * built worker script directly on a server that applies public/_headers, as a static host would.
 */
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveStatic } from '../../scripts/static-server';
import { loadExercise, readHarness } from '../../src/runners/exercise-files';
import { NodeRunner } from '../../src/runners/node-runner';
import { createRunSecret } from '../../src/runners/protocol';
import { assembleRun, prepareExercise, RunCollector, type RunOutcome } from '../../src/runners/run-core';
import type { ExerciseBundle, RunResult, TestResult } from '../../src/runners/types';
import { launchBrowser } from './browser';

const STATIC_PORT = 4331;
const BEACON_PORT = 4332;
let browser: Browser;
let page: Page;
let server: Server;
let beacon: Server;
let beaconHits = 0;
let siteUrl = '';
const workerPath = `/runner/${readdirSync('dist/runner').find((name) => name.startsWith('worker-bootstrap-')) ?? 'missing'}`;

beforeAll(async () => {
  ({ server, url: siteUrl } = await serveStatic('dist', STATIC_PORT));
  beacon = createServer((_request, response) => {
    beaconHits += 1;
    response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'Content-Type': 'text/javascript' }).end('export const reached = true;');
  });
  await new Promise<void>((resolve) => beacon.listen(BEACON_PORT, '127.0.0.1', resolve));
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${siteUrl}/exercises/`);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  beacon?.close();
});

/** Runs one assembled submission in a fresh copy of the built worker and collects its result. */
async function runInWorker(bundle: ExerciseBundle, files: Record<string, string>, includeHidden: boolean): Promise<RunOutcome> {
  const assembled = assembleRun(prepareExercise(bundle), files, includeHidden);
  if (!assembled.ok) throw new Error(assembled.error.message);
  const secret = createRunSecret();
  const start = {
    type: 'start',
    secret,
    defaultTestTimeoutMs: 2000,
    modules: Object.fromEntries(assembled.run.modules),
    plan: assembled.run.plan,
  };
  const messages = await page.evaluate(
    ({ url, start, limit }) =>
      new Promise<unknown[]>((resolve) => {
        const received: unknown[] = [];
        const worker = new Worker(url, { type: 'module' });
        const finish = () => {
          worker.terminate();
          resolve(received);
        };
        const timer = setTimeout(finish, limit);
        worker.onmessage = (event) => {
          received.push(event.data);
          if ((event.data as { type?: string }).type === 'done') {
            clearTimeout(timer);
            finish();
          }
        };
        worker.onerror = (event) => {
          received.push({ workerError: event.message });
          clearTimeout(timer);
          finish();
        };
        worker.postMessage(start);
      }),
    { url: workerPath, start, limit: bundle.timeLimitMs },
  );
  const collector = new RunCollector(1, secret, () => undefined);
  for (const message of messages) collector.accept(message);
  return collector.finish({ text: '', truncated: false }, () => ({ kind: 'exit', message: `worker ended early: ${JSON.stringify(messages.at(-1))}` }));
}

const comparable = (tests: TestResult[]) => tests.map(({ name, suite, status, message, expected, actual }) => ({ name, suite, status, message, expected, actual }));

const folders = readdirSync('exercises').filter((name) => /^\d{2}-/.test(name)).sort();

describe('the worker runner in Chromium', () => {
  test('the built worker script is served with a policy that closes the network', async () => {
    const response = await fetch(`${siteUrl}${workerPath}`);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'");
  });

  for (const folder of folders) {
    test(`${folder}: the solution and the start give the same results as in the Node runner`, async () => {
      const exercise = await loadExercise(join('exercises', folder), { includeHidden: true });
      const node = new NodeRunner();
      await node.prepare(exercise.bundle);
      try {
        for (const [label, files, hidden] of [['solution', exercise.solution, true], ['start', {}, false]] as const) {
          const expected: RunResult = await node.run(files, { includeHidden: hidden });
          const actual = await runInWorker(exercise.bundle, files, hidden);
          expect(actual.error, `${label}: run error in the worker`).toEqual(expected.error);
          expect(comparable(actual.tests), `${label}: per-test results`).toEqual(comparable(expected.tests));
        }
        expect((await node.run(exercise.solution, { includeHidden: true })).ok).toBe(true);
      } finally {
        await node.dispose();
      }
    });
  }

  test('learner code has no network: fetch, XMLHttpRequest, WebSocket and import() all fail', async () => {
    const harness = await readHarness('exercises/_harness');
    const probe = `
      import { describe, test, expect } from '../../_harness';
      const target = 'http://127.0.0.1:${BEACON_PORT}/beacon.js';
      describe('network', () => {
        test('fetch is gone', () => { expect(typeof (globalThis as any).fetch).toBe('undefined'); });
        test('XMLHttpRequest is gone', () => { expect(typeof (globalThis as any).XMLHttpRequest).toBe('undefined'); });
        test('WebSocket is gone', () => { expect(typeof (globalThis as any).WebSocket).toBe('undefined'); });
        test('import() of another origin is refused', async () => {
          let outcome = 'loaded';
          try { await import(/* @vite-ignore */ target); } catch { outcome = 'refused'; }
          expect(outcome).toBe('refused');
        });
      });`;
    const bundle: ExerciseBundle = { id: 'network-probe', timeLimitMs: 10_000, files: ['probe.ts'], start: { 'probe.ts': 'export {};' }, tests: { visible: probe }, harness };
    const outcome = await runInWorker(bundle, {}, false);
    expect(outcome.error).toBeUndefined();
    expect(outcome.tests.map((result) => `${result.status}: ${result.name}`)).toEqual([
      'passed: network › fetch is gone',
      'passed: network › XMLHttpRequest is gone',
      'passed: network › WebSocket is gone',
      'passed: network › import() of another origin is refused',
    ]);
    expect(beaconHits).toBe(0);
  });
});
