import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadExercise } from '../../../src/runners/exercise-files';
import { NodeRunner } from '../../../src/runners/node-runner';
import type { TestResult } from '../../../src/runners/types';
import { WebContainerRunner } from '../../../src/runners/webcontainer-runner';
import { webContainerUnsupportedReason } from '../../../src/runners/webcontainer-boot';
import { createNodeContainer } from './node-container';

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
        const exercise = await loadExercise('exercises/02-semaphore-bulkhead');
        const web = new WebContainerRunner(container);
        await web.prepare(exercise.bundle);
        const result = await web.run({ 'bulkhead.ts': code }, { timeoutMs: 3000 });
        expect(result.ok).toBe(false);
        expect(result.summary.passed).toBe(0);
        expect(result.error?.message).toMatch(message);
        await web.dispose();
      }, 30_000);
    }
  });
});

describe('webContainerUnsupportedReason', () => {
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
