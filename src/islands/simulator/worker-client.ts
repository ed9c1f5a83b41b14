/**
 * Where the simulation runs: a module worker, or, where workers cannot start, the same handler
 * on the page (loaded only then, so the engine never weighs on the page's own bundle).
 */
import type { FromWorker, ToWorker } from './protocol';

/** A channel to the simulation. */
export interface SimChannel {
  send: (message: ToWorker) => void;
  close: () => void;
}

/** Starts the simulation worker; throws where module workers are unavailable. */
export function startWorker(receive: (message: FromWorker) => void, onFailure: () => void): SimChannel {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'pool-simulator' });
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => receive(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onFailure();
  });
  return { send: (message) => worker.postMessage(message), close: () => worker.terminate() };
}

/** Runs the simulation on the page instead; replies arrive asynchronously, like a worker's. */
export async function startInline(receive: (message: FromWorker) => void): Promise<SimChannel> {
  const { createSimHost } = await import('./sim-host');
  let open = true;
  const handle = createSimHost((message) => {
    queueMicrotask(() => {
      if (open) receive(message);
    });
  });
  return {
    send: (message) => {
      if (open) handle(message);
    },
    close: () => {
      open = false;
    },
  };
}
