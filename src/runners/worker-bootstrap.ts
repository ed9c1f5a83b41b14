/**
 * Entry point of the worker runner's Web Worker: one worker per run. Order matters, as in the
 * Node bootstrap: load SES, capture `postMessage`, close the network, lock the realm down (every
 * intrinsic frozen), then wait for the start message with the per-run secret and the modules.
 * Learner code runs in a compartment with no `postMessage`, `fetch`, `import()`, `importScripts`
 * or any other worker global. Where the host honours public/_headers, the worker script is also
 * served with a Content-Security-Policy of `connect-src 'none'`.
 */
import 'ses';
import { lockdownRealm } from './compartment';
import { executeTests, type ExecutionPlan } from './execute';
import type { ModuleFactory } from './module-loader';
import { sealMessage, type ExecutorMessage } from './protocol';

/** Host → worker: everything one run needs, sent once. */
export interface WorkerStartMessage {
  type: 'start';
  secret: string;
  defaultTestTimeoutMs: number;
  /** Virtual path → CommonJS code (harness, tests, submission). */
  modules: Record<string, string>;
  plan: Omit<ExecutionPlan, 'defaultTestTimeoutMs'>;
}

/**
 * Globals that reach the network or outlive the run. Learner code runs in a compartment and sees
 * none of the worker's globals anyway; deleting these too is an outer layer for the host realm.
 */
export const BLOCKED_GLOBALS = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts',
  'Worker', 'SharedWorker', 'caches', 'indexedDB', 'BroadcastChannel', 'RTCPeerConnection', 'Request', 'Response',
] as const;

type WorkerScope = typeof globalThis & {
  postMessage: (message: unknown) => void;
  addEventListener: (type: string, listener: (event: Event & { data?: unknown; error?: unknown; preventDefault: () => void }) => void, options?: { once?: boolean }) => void;
};

const scope = globalThis as WorkerScope;
const post = scope.postMessage.bind(scope);

/** Deletes each blocked global from the global object and its prototype chain. */
export function closeNetwork(root: object, names: readonly string[] = BLOCKED_GLOBALS): void {
  for (let target: object | null = root; target !== null && target !== Object.prototype; target = Object.getPrototypeOf(target) as object | null) {
    for (const name of names) {
      const descriptor = Object.getOwnPropertyDescriptor(target, name);
      if (descriptor?.configurable === true) Reflect.deleteProperty(target, name);
      else if (descriptor !== undefined && 'value' in descriptor && descriptor.writable === true) Reflect.set(target, name, undefined);
    }
  }
}

closeNetwork(scope);
const hostConsoleLog = console.log.bind(console);
let reportUncaught: ((error: unknown) => void) | undefined;
scope.addEventListener('error', (event) => {
  event.preventDefault();
  reportUncaught?.(event.error);
});
scope.addEventListener('unhandledrejection', (event) => event.preventDefault());
lockdownRealm();

scope.addEventListener(
  'message',
  (event) => {
    const start = event.data as Partial<WorkerStartMessage> | null;
    if (start?.type !== 'start' || typeof start.secret !== 'string' || start.modules === undefined || start.plan === undefined) return;
    const secret = start.secret;
    const send = (message: ExecutorMessage): void => post(sealMessage(message, secret));
    void run(start as WorkerStartMessage, send);
  },
  { once: true },
);

async function run(start: WorkerStartMessage, send: (message: ExecutorMessage) => void): Promise<void> {
  try {
    await executeTests(
      {
        modules: start.modules,
        // The CommonJS wrapper as a function; sourceURL names the file in stack traces.
        compile: (code, path) => new Function('exports', 'require', 'module', `${code}\n//# sourceURL=${path}`) as ModuleFactory,
        send,
        print: (text) => hostConsoleLog(text),
        onUncaught: (report) => {
          reportUncaught = report;
        },
      },
      { ...start.plan, defaultTestTimeoutMs: start.defaultTestTimeoutMs },
    );
  } catch (error) {
    send({ type: 'load-error', message: `The runner failed: ${error instanceof Error ? error.message : String(error)}` });
    send({ type: 'done' });
  }
}
