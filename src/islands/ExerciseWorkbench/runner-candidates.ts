/**
 * The runners a workbench tries, in order. Each is loaded with import() the first time it is
 * needed, so a page that never runs tests never downloads the transpiler or the runner.
 */
import type { RunnerCandidate } from '../../runners/choose';

export const workerCandidate: RunnerCandidate = {
  kind: 'worker',
  label: 'a sandboxed Web Worker in this page',
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

/** How long a WebContainer boot may go unanswered before it counts as failed. */
const BOOT_LIMIT_MS = 8_000;

/**
 * Passes a boot on, rejecting when it has no answer within `ms`; a failure is noted in
 * sessionStorage so later exercise pages in this tab go straight to the worker.
 */
function bootWithin<T>(boot: Promise<T>, ms: number): Promise<T> {
  const note = (reason: string) => {
    try {
      sessionStorage.setItem(UNAVAILABLE_KEY, reason);
    } catch {
      // Without storage, each page simply tries again.
    }
  };
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const reason = `no answer from StackBlitz within ${Math.round(ms / 1000)} s`;
      note(reason);
      reject(new Error(reason));
    }, ms);
    boot.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        const reason = error instanceof Error ? error.message : String(error);
        note(reason);
        reject(new Error(reason));
      },
    );
  });
}

/**
 * Real Node.js in the browser. Its boot needs StackBlitz's servers and never settles without
 * them; it boots in the background while the worker serves the runs (runner-switch.ts), and a
 * boot with no answer within 8 s is remembered for the session, so later pages do not try again.
 */
export const webContainerCandidate: RunnerCandidate = {
  kind: 'webcontainer',
  label: 'an in-browser Node.js (WebContainer)',
  start: async (bundle, onStatus) => {
    // Once it has failed in this tab, later exercise pages go straight to the worker.
    const earlier = readSession(UNAVAILABLE_KEY);
    if (earlier) throw new Error(`it did not start earlier in this session (${earlier})`);
    if (typeof navigator !== 'undefined' && navigator.onLine === false) throw new Error('this browser is offline');
    const { bootWebContainer } = await import('../../runners/webcontainer-boot');
    onStatus('Starting an in-browser Node.js (WebContainer)… this can take a few seconds.');
    const container = await bootWithin(bootWebContainer(), BOOT_LIMIT_MS);
    const { WebContainerRunner } = await import('../../runners/webcontainer-runner');
    const runner = new WebContainerRunner(container);
    await runner.prepare(bundle);
    return runner;
  },
};

