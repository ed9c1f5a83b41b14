/**
 * The calculators' worker: runs the queueing math for every calculator on the page, so a
 * calculation at the largest sizes (a sizing search over 100,000 slots with a 10,000-place queue)
 * never blocks typing, scrolling or clicks on the page.
 */
import { runRequest, type ComputeReply, type ComputeRequest } from './compute-registry';

interface WorkerScope {
  postMessage: (message: ComputeReply) => void;
  addEventListener: (type: 'message', listener: (event: MessageEvent<ComputeRequest>) => void) => void;
}

const scope = self as unknown as WorkerScope;
scope.addEventListener('message', (event) => scope.postMessage(runRequest(event.data)));
