import { useEffect, useRef, useState } from 'react';
import type { ComputationInput, ComputationKind, ComputationOutput, ComputeReply, ComputeRequest } from '../compute-registry';

/** A channel to the calculators' worker, shared by every calculator on the page. */
interface ComputeClient {
  request: (kind: ComputationKind, input: unknown) => Promise<unknown>;
}

/** The page's client: undefined until first needed, null where no worker can start. */
let shared: ComputeClient | null | undefined;

function startClient(): ComputeClient | null {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker;
  try {
    worker = new Worker(new URL('../compute.worker.ts', import.meta.url), { type: 'module', name: 'calculators' });
  } catch {
    return null;
  }
  let next = 0;
  const waiting = new Map<number, { resolve: (outcome: unknown) => void; reject: () => void }>();
  const failAll = () => {
    for (const entry of waiting.values()) entry.reject();
    waiting.clear();
  };
  worker.addEventListener('message', (event: MessageEvent<ComputeReply>) => {
    const entry = waiting.get(event.data.id);
    if (!entry) return;
    waiting.delete(event.data.id);
    if ('failed' in event.data) entry.reject();
    else entry.resolve(event.data.outcome);
  });
  worker.addEventListener('error', (event) => {
    // The worker script could not load or crashed: every calculator computes on the page from now on.
    event.preventDefault();
    shared = null;
    worker.terminate();
    failAll();
  });
  return {
    request: (kind, input) =>
      new Promise((resolve, reject) => {
        next += 1;
        waiting.set(next, { resolve, reject });
        const message: ComputeRequest = { id: next, kind, input };
        worker.postMessage(message);
      }),
  };
}

function client(): ComputeClient | null {
  if (shared === undefined) shared = startClient();
  return shared;
}

/** A calculation's outcome as the island shows it. */
export interface Computed<T> {
  outcome: T;
  /** The inputs changed and their outcome is still being worked out; `outcome` is for earlier inputs. */
  pending: boolean;
  /** Where the outcome shown was worked out: on the page (the first render, or a fallback) or in the worker. */
  where: 'page' | 'worker';
}

/**
 * The outcome of a calculation for `input`. The first render computes on the page, so the server
 * render and hydration agree; every later input goes to the calculators' worker, so even the
 * largest calculation never holds up the page. One request per calculator is in flight at a
 * time: inputs typed meanwhile are coalesced into one request for the latest. Where workers are
 * unavailable (or the worker fails), the page computes it itself.
 */
export function useComputed<K extends ComputationKind>(kind: K, input: ComputationInput<K>, compute: (input: ComputationInput<K>) => ComputationOutput<K>): Computed<ComputationOutput<K>> {
  const key = JSON.stringify(input);
  const [shown, setShown] = useState(() => ({ key, outcome: compute(input), where: 'page' as Computed<unknown>['where'] }));
  const latest = useRef({ key, input });
  latest.current = { key, input };
  const computeRef = useRef(compute);
  computeRef.current = compute;
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (shown.key === key || inFlight.current) return;
    const send = (sentKey: string, sentInput: ComputationInput<K>) => {
      const worker = client();
      const onPage = () => {
        if (mounted.current && latest.current.key === sentKey) setShown({ key: sentKey, outcome: computeRef.current(sentInput), where: 'page' });
      };
      if (worker === null) {
        onPage();
        return;
      }
      inFlight.current = true;
      const settle = (apply: () => void) => {
        inFlight.current = false;
        if (!mounted.current) return;
        const now = latest.current;
        // Inputs changed while this one was worked out: ask for the latest only.
        if (now.key !== sentKey) send(now.key, now.input);
        else apply();
      };
      worker.request(kind, sentInput).then(
        (outcome) => settle(() => setShown({ key: sentKey, outcome: outcome as ComputationOutput<K>, where: 'worker' })),
        () => settle(onPage),
      );
    };
    send(key, latest.current.input);
  }, [key, kind, shown.key]);

  return { outcome: shown.outcome as ComputationOutput<K>, pending: shown.key !== key, where: shown.where };
}
