import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadExercise } from '../../../src/runners/exercise-files';
import { NodeRunner } from '../../../src/runners/node-runner';
import type { TestResult } from '../../../src/runners/types';
import { WebContainerRunner } from '../../../src/runners/webcontainer-runner';
import { bootWebContainer, discardWebContainer, webContainerUnsupportedReason } from '../../../src/runners/webcontainer-boot';
import { correctAnswer, fixtureBundle } from './fixture';
import { createFakeBoot, createNodeContainer } from './node-container';

const container = createNodeContainer();
afterAll(() => container.destroy());

const comparable = (tests: TestResult[]) => tests.map(({ name, suite, status, message, expected, actual }) => ({ name, suite, status, message, expected, actual }));
const folders = readdirSync('exercises').filter((name) => /^\d{2}-/.test(name)).sort();

describe('WebContainerRunner (its real code, with the container backed by Node)', () => {
  for (const folder of folders) {
    test(`${folder}: the solution and the start give the same results as the Node runner`, async () => {
      const exercise = await loadExercise(join('exercises', folder), { includeHidden: true });
      const node = new NodeRunner();
      const web = new WebContainerRunner(container);
      await Promise.all([node.prepare(exercise.bundle), web.prepare(exercise.bundle)]);
      try {
        for (const [files, hidden] of [[exercise.solution, true], [{}, false]] as const) {
          const [expected, actual] = await Promise.all([node.run(files, { includeHidden: hidden }), web.run(files, { includeHidden: hidden })]);
          expect(actual.runner).toBe('webcontainer');
          expect(actual.error).toEqual(expected.error);
          expect(comparable(actual.tests)).toEqual(comparable(expected.tests));
          expect(actual.ok).toBe(expected.ok);
        }
      } finally {
        await Promise.all([node.dispose(), web.dispose()]);
      }
    }, 60_000);
  }

  test('sends a transpiled file tree and runs `node runtime/container-bootstrap.js` in the run folder', async () => {
    const exercise = await loadExercise('exercises/02-semaphore-bulkhead');
    const web = new WebContainerRunner(container);
    await web.prepare(exercise.bundle);
    const before = container.spawned.length;
    await web.run({});
    const [command, args, cwd] = container.spawned[before] ?? [];
    expect(command).toBe('node');
    expect(args).toEqual(['runtime/container-bootstrap.js']);
    expect(cwd).toMatch(/^bulkhead-run-\d+-[0-9a-f]{8}$/);
    // The run folder, secret included, is removed afterwards.
    expect(readdirSync(container.workdir).filter((name) => name.startsWith('bulkhead-run-'))).toEqual([]);
  });

  describe('hostile submissions never pass', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['printing a forged result line', "console.log('\\n\\u001eBLR ' + JSON.stringify({ type: 'done', secret: 'guess' }));\nexport class Bulkhead {}\nexport class BulkheadRejectedError extends Error {}", /report results itself/],
      ['calling process.exit(0)', 'process.exit(0);\nexport class Bulkhead {}\nexport class BulkheadRejectedError extends Error {}', /reading 'exit'/],
      ['looping forever', 'while (true) {}\nexport class Bulkhead {}\nexport class BulkheadRejectedError extends Error {}', /did not finish within/],
      ['reading the secret file', "import { readFileSync } from 'fs';\nexport const stolen = readFileSync('secret.txt', 'utf8');\nexport class Bulkhead {}\nexport class BulkheadRejectedError extends Error {}", /can import only your own files|threw while loading/],
    ];
    for (const [label, code, message] of cases) {
      test(label, async () => {
        // A container of its own: an endless loop gets its container torn down.
        const own = createNodeContainer();
        try {
          const exercise = await loadExercise('exercises/02-semaphore-bulkhead');
          const web = new WebContainerRunner(own);
          await web.prepare(exercise.bundle);
          const result = await web.run({ 'bulkhead.ts': code }, { timeoutMs: 3000 });
          expect(result.ok).toBe(false);
          expect(result.summary.passed).toBe(0);
          expect(result.error?.message).toMatch(message);
          await web.dispose();
        } finally {
          own.destroy();
        }
      }, 30_000);
    }
  });
});

describe('WebContainerRunner against what the real API does that plain Node does not', () => {
  test('an endless loop that kill() cannot stop ends within the time limit plus 2 s, and the container is given up', async () => {
    const own = createNodeContainer();
    try {
      const exercise = await loadExercise('exercises/02-semaphore-bulkhead');
      const web = new WebContainerRunner(own);
      await web.prepare(exercise.bundle);
      const started = performance.now();
      const result = await web.run({ 'bulkhead.ts': 'while (true) {}\nexport class Bulkhead {}\nexport class BulkheadRejectedError extends Error {}' }, { timeoutMs: 3000 });
      const took = performance.now() - started;
      expect(took).toBeLessThan(3000 + 2000);
      expect(result.ok).toBe(false);
      expect(result.error?.kind).toBe('timeout');
      expect(result.error?.message).toMatch(/could not stop it, so it was shut down/);
      expect(own.calls.kill).toBeGreaterThanOrEqual(1);
      expect(own.calls.teardown).toBe(1);
      expect(web.healthy).toBe(false);
      const after = await web.run({});
      expect(after.error?.message).toMatch(/Reload the page/);
      await web.dispose();
    } finally {
      own.destroy();
    }
  }, 20_000);

  test('a killed run that does exit leaves the container in use', async () => {
    const own = createNodeContainer();
    try {
      const bundle = await fixtureBundle({ timeLimitMs: 1500 });
      const web = new WebContainerRunner(own);
      await web.prepare(bundle);
      // Waits on a promise that never settles: the event loop is free, so kill() works.
      const result = await web.run({ 'answer.ts': 'export const wait = new Promise(() => undefined);\nawait0();\nfunction await0() {}\nexport function answer(): number { return 42; }' }, { timeoutMs: 1500, testTimeoutMs: 5000 });
      expect(result.ok).toBe(true);
      const pending = await web.run({ 'answer.ts': "setInterval(() => undefined, 1000);\nexport function answer(): number { return 42; }" }, { timeoutMs: 1500 });
      expect(pending.ok).toBe(true);
      expect(web.healthy).toBe(true);
      expect(own.calls.teardown).toBe(0);
      await web.dispose();
    } finally {
      own.destroy();
    }
  }, 20_000);

  test('test names and results with characters of several bytes survive per-chunk decoding, and output arrives without \\r or escapes', async () => {
    const bundle = await fixtureBundle({
      tests: {
        visible: [
          "import { describe, expect, test } from '../../_harness';",
          "import { answer } from '../start/answer';",
          "describe('déjà vu — ünïcödé 🚀', () => {",
          "  test('returns 42 — “quoted” › nested', () => { expect(answer(), 'the answer ✓').toBe(42); });",
          "  test('fails with a message in 日本語', () => { expect(answer(), '答え').toBe(41); });",
          '});',
        ].join('\n'),
      },
    });
    const web = new WebContainerRunner(container);
    const node = new NodeRunner();
    await Promise.all([web.prepare(bundle), node.prepare(bundle)]);
    const source = "console.log('plain line one');\nconsole.log('plain line two');\n" + correctAnswer;
    const [actual, expected] = await Promise.all([web.run({ 'answer.ts': source }), node.run({ 'answer.ts': source })]);
    expect(comparable(actual.tests)).toEqual(comparable(expected.tests));
    expect(actual.tests.map((entry) => entry.status)).toEqual(['passed', 'failed']);
    expect(actual.tests[1]?.message).toContain('答え');
    expect(actual.output).toBe('plain line one\nplain line two\n');
    await Promise.all([web.dispose(), node.dispose()]);
  }, 30_000);

  test('a mount that never answers is cut off by the same deadline as the run', async () => {
    const hanging = { ...createNodeContainer(), mount: () => new Promise<void>(() => undefined) };
    try {
      const web = new WebContainerRunner(hanging);
      await web.prepare(await fixtureBundle());
      const started = performance.now();
      const result = await web.run({}, { timeoutMs: 800 });
      expect(performance.now() - started).toBeLessThan(800 + 1000);
      expect(result.error?.kind).toBe('timeout');
      await web.dispose();
    } finally {
      hanging.destroy();
    }
  });
});

describe('bootWebContainer', () => {
  const isolated = { crossOriginIsolated: true, SharedArrayBuffer, navigator: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', platform: 'Linux x86_64', maxTouchPoints: 0 } };

  test('boots once per page: a second call shares the first container', async () => {
    const fake = createFakeBoot('boots');
    const first = await bootWebContainer(fake.boot, isolated);
    const second = await bootWebContainer(fake.boot, isolated);
    expect(second).toBe(first);
    expect(fake.booted).toHaveLength(1);
    await discardWebContainer();
    expect(fake.booted[0]?.tornDown).toBe(true);
    // After a discard, a new container boots.
    await bootWebContainer(fake.boot, isolated);
    expect(fake.booted).toHaveLength(2);
    await discardWebContainer();
    for (const container of fake.booted) container.destroy();
  });

  test('a boot that fails says so, and the next call tries again', async () => {
    await expect(bootWebContainer(createFakeBoot('fails').boot, isolated)).rejects.toThrow(/it failed to start \(Unable to create more instances/);
    const fake = createFakeBoot('boots');
    await expect(bootWebContainer(fake.boot, isolated)).resolves.toBeDefined();
    await discardWebContainer();
    for (const container of fake.booted) container.destroy();
  });

  test('a boot refused because another instance is alive is named in words', async () => {
    const fake = createFakeBoot('boots');
    const other = await fake.boot();
    await expect(bootWebContainer(fake.boot, isolated)).rejects.toThrow('another WebContainer is already running in this tab');
    other.destroy();
  });

  test('a boot that never settles stays pending (callers never wait on it for a first result)', async () => {
    const pending = bootWebContainer(createFakeBoot('never-settles').boot, isolated);
    const outcome = await Promise.race([pending.then(() => 'settled', () => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 300))]);
    expect(outcome).toBe('pending');
  });
});

describe('webContainerUnsupportedReason', () => {
  test('holds the boot on iOS and iPadOS, as TutorialKit does', () => {
    const ios = { crossOriginIsolated: true, SharedArrayBuffer, navigator: { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)', platform: 'iPhone', maxTouchPoints: 5 } };
    const ipad = { crossOriginIsolated: true, SharedArrayBuffer, navigator: { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 5 } };
    expect(webContainerUnsupportedReason(ios)).toMatch(/iOS and iPadOS/);
    expect(webContainerUnsupportedReason(ipad)).toMatch(/iOS and iPadOS/);
  });

  test('names a missing cross-origin isolation', () => {
    expect(webContainerUnsupportedReason({ crossOriginIsolated: false, SharedArrayBuffer })).toMatch(/not cross-origin isolated/);
  });
  test('names a missing SharedArrayBuffer', () => {
    expect(webContainerUnsupportedReason({ crossOriginIsolated: true })).toMatch(/SharedArrayBuffer/);
  });
  test('accepts an isolated page with SharedArrayBuffer', () => {
    expect(webContainerUnsupportedReason({ crossOriginIsolated: true, SharedArrayBuffer })).toBeUndefined();
  });
});
