/**
 * `npm run bench:grade`: how long grading takes. Prints the time to grade every exercise's
 * solution in the worker runner (in Chromium, on the built site: a fresh worker each time, so SES
 * lockdown included) and in the Node runner; what SES costs at start-up; and, on a fresh exercise
 * page, the time from pressing Run to the first result and to the next ones. Targets: a worker run
 * after warm-up ≤ 350 ms; the first result ≤ 1 s after pressing Run. Requires a build.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server';
import { loadExercise } from '../../src/runners/exercise-files';
import { NodeRunner } from '../../src/runners/node-runner';
import { createRunSecret } from '../../src/runners/protocol';
import { assembleRun, prepareExercise } from '../../src/runners/run-core';

const folders = readdirSync('exercises').filter((name) => /^\d{2}-/.test(name)).sort();
const workerFile = readdirSync('dist/runner').find((name) => name.startsWith('worker-bootstrap-'));
if (!workerFile) throw new Error('No built worker in dist/runner: run `npm run build` first.');

const { server, url } = await serveStatic('dist', Number(process.env['BENCH_PORT'] ?? 4341));
const browser = await chromium.launch({ executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage();
await page.goto(`${url}/exercises/`);

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
let workerTotal = 0;
let nodeTotal = 0;
let slowest = { folder: '', ms: 0 };
let warmedUp = false;
try {
  // One unmeasured pass warms up the transpiler, the JIT and the browser's module cache.
  for (const folder of [folders[0] ?? '', ...folders]) {
    const warmUp = !warmedUp;
    warmedUp = true;
    const exercise = await loadExercise(join('exercises', folder));
    // Worker: what the page does on "Run tests" (transpile the submission, start a worker, run).
    const started = performance.now();
    const prepared = prepareExercise(exercise.bundle);
    const assembled = assembleRun(prepared, exercise.solution, false);
    if (!assembled.ok) throw new Error(assembled.error.message);
    const start = { type: 'start', secret: createRunSecret(), defaultTestTimeoutMs: 2000, modules: Object.fromEntries(assembled.run.modules), plan: assembled.run.plan };
    const passed = await page.evaluate(
      ({ workerUrl, message }) =>
        new Promise<number>((resolve) => {
          const worker = new Worker(workerUrl, { type: 'module' });
          let count = 0;
          worker.onmessage = (event) => {
            const data = event.data as { type: string; result?: { status: string } };
            if (data.type === 'test-result' && data.result?.status === 'passed') count += 1;
            if (data.type === 'done') {
              worker.terminate();
              resolve(count);
            }
          };
          worker.postMessage(message);
        }),
      { workerUrl: `/runner/${workerFile}`, message: start },
    );
    const workerMs = performance.now() - started;
    if (warmUp) {
      await new NodeRunner().prepare(exercise.bundle);
      continue;
    }
    workerTotal += workerMs;
    if (workerMs > slowest.ms) slowest = { folder, ms: workerMs };

    const node = new NodeRunner();
    const nodeStarted = performance.now();
    await node.prepare(exercise.bundle);
    const result = await node.run(exercise.solution);
    const nodeMs = performance.now() - nodeStarted;
    nodeTotal += nodeMs;
    await node.dispose();
    console.log(`${folder.padEnd(24)} worker (Chromium): ${ms(workerMs).padStart(8)}  node: ${ms(nodeMs).padStart(8)}  (${passed}/${result.summary.total} visible tests passed)`);
  }
  console.log(`all ${folders.length} solutions: worker ${ms(workerTotal)}, node ${ms(nodeTotal)}`);
  console.log(`slowest in the worker: ${slowest.folder} ${ms(slowest.ms)} (target: ≤ 350 ms per run after warm-up)`);

  // A learner's view: a fresh page (new browser context, empty cache), Run pressed as soon as the
  // editor is ready. StackBlitz is unreachable here, as offline.
  const firsts: number[] = [];
  const laters: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${url}/exercises/semaphore-bulkhead/`);
    await fresh.locator('.code-editor[data-ready="true"]').waitFor();
    // Count finished runs by watching the summary line change to a result.
    await fresh.evaluate(() => {
      const target = document.querySelector('[data-results-summary]');
      const state = { finished: 0 };
      (window as unknown as { benchRuns: typeof state }).benchRuns = state;
      if (target === null) return;
      new MutationObserver(() => {
        if (/tests passed|Run stopped/.test(target.textContent ?? '')) state.finished += 1;
      }).observe(target, { childList: true, characterData: true, subtree: true });
    });
    for (let run = 0; run < 3; run += 1) {
      const pressed = performance.now();
      await fresh.getByRole('button', { name: 'Run tests' }).click();
      await fresh.waitForFunction((count) => (window as unknown as { benchRuns: { finished: number } }).benchRuns.finished > count, run, { timeout: 30_000 });
      (run === 0 ? firsts : laters).push(performance.now() - pressed);
      await fresh.getByRole('button', { name: 'Run tests' }).waitFor({ state: 'visible' });
    }
    await context.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(`fresh exercise page, Run pressed once the editor is ready: first result ${firsts.map(ms).join(', ')} (median ${ms(median(firsts))}; target ≤ 1,000 ms)`);
  console.log(`later runs on the same page: median ${ms(median(laters))}`);
} finally {
  await browser.close();
  server.close();
}

// SES at start-up, in a Node process of its own: loading it, and lockdown() itself.
const sesCost = execFileSync(process.execPath, ['-e', "const t0 = performance.now(); require('ses'); const t1 = performance.now(); lockdown({ errorTaming: 'safe', evalTaming: 'unsafe-eval', overrideTaming: 'moderate', reporting: 'none' }); const t2 = performance.now(); console.log(`${(t1 - t0).toFixed(1)} ${(t2 - t1).toFixed(1)}`);"], { encoding: 'utf8' }).trim().split(' ');
console.log(`SES start-up in Node: load ${sesCost[0]} ms, lockdown() ${sesCost[1]} ms (paid once per grading process, and once per worker run in the browser)`);
