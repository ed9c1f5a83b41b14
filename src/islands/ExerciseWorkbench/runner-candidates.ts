/**
 * The runners a workbench tries, in order. Each is loaded with import() the first time it is
 * needed, so a page that never runs tests never downloads the transpiler or the runner.
 */
import type { RunnerCandidate } from '../../runners/choose';

export const workerCandidate: RunnerCandidate = {
  kind: 'worker',
  label: 'a sandboxed Web Worker in this page',
  timeoutMs: 10_000,
  start: async (bundle) => {
    if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers');
    const { WorkerRunner } = await import('../../runners/worker-runner');
    const runner = new WorkerRunner();
    await runner.prepare(bundle);
    return runner;
  },
};

export const defaultCandidates: readonly RunnerCandidate[] = [workerCandidate];
