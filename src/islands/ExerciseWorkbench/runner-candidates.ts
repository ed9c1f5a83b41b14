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

const UNAVAILABLE_KEY = 'bulkhead-lab:webcontainer-unavailable';

function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Notes in sessionStorage when a boot fails or is still pending after `ms`, then passes the result on. */
function rememberFailure<T>(boot: Promise<T>, ms: number): Promise<T> {
  const note = (reason: string) => {
    try {
      sessionStorage.setItem(UNAVAILABLE_KEY, reason);
    } catch {
      // Without storage, each page simply tries again.
    }
  };
  const timer = setTimeout(() => note(`no answer within ${Math.round(ms / 1000)} s`), ms);
  return boot.then(
    (value) => {
      clearTimeout(timer);
      return value;
    },
    (error: unknown) => {
      clearTimeout(timer);
      note(error instanceof Error ? error.message : String(error));
      throw error;
    },
  );
}

/**
 * Real Node.js in the browser. Its boot needs StackBlitz's servers and never settles without
 * them, so it gets 8 s: with the worker's start, a learner offline can run tests within 10 s.
 */
export const webContainerCandidate: RunnerCandidate = {
  kind: 'webcontainer',
  label: 'an in-browser Node.js (WebContainer)',
  timeoutMs: 8_000,
  start: async (bundle, onStatus) => {
    // Once it has failed in this tab, later exercise pages go straight to the worker.
    const earlier = readSession(UNAVAILABLE_KEY);
    if (earlier) throw new Error(`it did not start earlier in this session (${earlier})`);
    const { bootWebContainer } = await import('../../runners/webcontainer-boot');
    onStatus('Starting an in-browser Node.js (WebContainer)… this can take a few seconds.');
    const container = await rememberFailure(bootWebContainer(), 8_000);
    const { WebContainerRunner } = await import('../../runners/webcontainer-runner');
    const runner = new WebContainerRunner(container);
    await runner.prepare(bundle);
    return runner;
  },
};

export const defaultCandidates: readonly RunnerCandidate[] = [webContainerCandidate, workerCandidate];
