/**
 * The pool simulator's worker: it owns the engine, steps it to the times the page asks for and
 * posts back immutable snapshots, so the page never blocks on simulation work.
 */
import type { FromWorker, ToWorker } from './protocol';
import { createSimHost } from './sim-host';

interface WorkerScope {
  postMessage: (message: FromWorker) => void;
  addEventListener: (type: 'message', listener: (event: MessageEvent<ToWorker>) => void) => void;
}

const scope = self as unknown as WorkerScope;
const handle = createSimHost((message) => scope.postMessage(message));
scope.addEventListener('message', (event) => handle(event.data));
