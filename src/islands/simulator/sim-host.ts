/**
 * The worker's message handler, kept apart from the worker script so the same code can run in
 * Node tests, in the worker, and on the page as a fallback where workers are unavailable.
 */
import type { FromWorker, ToWorker } from './protocol';
import { buildRun } from './scenario-builder';
import { SimSession } from './sim-session';

/** Returns a handler for page messages that answers through `post`. */
export function createSimHost(post: (message: FromWorker) => void): (message: ToWorker) => void {
  let session: SimSession | null = null;
  let current = -1;
  return (message) => {
    try {
      if (message.type === 'start') {
        current = message.runId;
        session = null;
        const built = buildRun(message.state);
        const state = built.setup.state;
        session = new SimSession(
          built.scenario,
          built.setup.panels.map((panel) => panel.policy),
          state.seed,
          state.events,
        );
        post({ type: 'ready', runId: current, setup: built.setup });
        post({ type: 'frame', runId: current, frame: session.frame(true) });
        return;
      }
      if (message.runId !== current || session === null) return;
      if (message.type === 'advance') {
        session.advance(message.to);
        post({ type: 'frame', runId: current, frame: session.frame() });
      } else {
        session.addEvent(message.event);
      }
    } catch (error) {
      session = null;
      post({ type: 'failed', runId: message.runId, message: error instanceof Error ? error.message : 'the simulation stopped unexpectedly' });
    }
  };
}
