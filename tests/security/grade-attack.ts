/**
 * Shared by the runner red-team files: a local TCP server that counts connections (nothing may
 * connect to it), and grading one submission with the real Node runner, the one `npm run grade`
 * and `npm run grade:batch` use, visible and hidden tests included.
 */
import { createServer, type Server } from 'node:net';
import { expect } from 'vitest';
import { loadExercise } from '../../src/runners/exercise-files';
import { NodeRunner } from '../../src/runners/node-runner';
import type { ExerciseBundle, RunResult } from '../../src/runners/types';
import { WRONG_BULKHEAD } from './attacks';

/** Grades `source` as the learner file `file` of `bundle`, with generous limits. */
export async function grade(bundle: ExerciseBundle, file: string, source: string): Promise<RunResult> {
  const runner = new NodeRunner({ testTimeoutMs: 1000 });
  try {
    await runner.prepare(bundle);
    return await runner.run({ [file]: source }, { includeHidden: bundle.tests.hidden !== undefined, timeoutMs: 8000, cpuLimitMs: 4000 });
  } finally {
    await runner.dispose();
  }
}

/** A real exercise with its hidden tests. */
export async function exercise(folder: string): Promise<ExerciseBundle> {
  return (await loadExercise(`exercises/${folder}`, { includeHidden: true })).bundle;
}

let bulkheadBundle: Promise<ExerciseBundle> | undefined;
let bulkheadBaseline: Promise<RunResult> | undefined;

/** Grades `source` as exercise 02's bulkhead.ts (the exercise most runner attacks target). */
export async function gradeBulkhead(source: string): Promise<RunResult> {
  bulkheadBundle ??= exercise('02-semaphore-bulkhead');
  return grade(await bulkheadBundle, 'bulkhead.ts', source);
}

/** Exercise 02 graded with `WRONG_BULKHEAD` alone: the score every attack on it is held to. */
export function wrongBulkheadBaseline(): Promise<RunResult> {
  bulkheadBaseline ??= gradeBulkhead(WRONG_BULKHEAD);
  return bulkheadBaseline;
}

/** What a failed attack looks like: not ok, and no more tests passed than the wrong answer alone. */
export function expectFailed(result: RunResult, baseline: RunResult): void {
  expect(result.ok, JSON.stringify(result.error)).toBe(false);
  expect(result.summary.passed).toBeLessThanOrEqual(baseline.summary.passed);
}

/** A server on 127.0.0.1 that records every connection. */
export async function listen(): Promise<{ port: number; connections: string[]; close(): Promise<void> }> {
  const connections: string[] = [];
  const server: Server = createServer((socket) => {
    connections.push(socket.remoteAddress ?? 'unknown');
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
