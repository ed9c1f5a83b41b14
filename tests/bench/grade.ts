/**
 * `npm run bench:grade`: how long grading takes. Prints the time to grade one solution in the
 * worker runner (in Chromium, on the built site) and in the Node runner, then every exercise's
 * solution in each. Target: under 1 s per exercise in the worker. Requires a build.
 */
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
} finally {
  await browser.close();
  server.close();
}
console.log(`all ${folders.length} solutions: worker ${ms(workerTotal)}, node ${ms(nodeTotal)}`);
console.log(`slowest in the worker: ${slowest.folder} ${ms(slowest.ms)} (target: under 1,000 ms per exercise)`);
