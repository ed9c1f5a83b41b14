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

/**
 * Real Node.js in the browser. Its boot needs StackBlitz's servers and never settles without
 * them, so it gets 8 s: with the worker's start, a learner offline can run tests within 10 s.
 */
export const webContainerCandidate: RunnerCandidate = {
  kind: 'webcontainer',
  label: 'an in-browser Node.js (WebContainer)',
  timeoutMs: 8_000,
  start: async (bundle, onStatus) => {
    const { bootWebContainer } = await import('../../runners/webcontainer-boot');
    onStatus('Starting an in-browser Node.js (WebContainer)… this can take a few seconds.');
    const container = await bootWebContainer();
    const { WebContainerRunner } = await import('../../runners/webcontainer-runner');
    const runner = new WebContainerRunner(container);
    await runner.prepare(bundle);
    return runner;
  },
};

export const defaultCandidates: readonly RunnerCandidate[] = [webContainerCandidate, workerCandidate];
