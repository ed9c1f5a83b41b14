import { describe, expect, test } from 'vitest';
import { createSimulation, presets, type SimulationSnapshot } from '../../../../src/sim/index';
import { buildRun } from '../../../../src/islands/simulator/scenario-builder';
import { createSimHost } from '../../../../src/islands/simulator/sim-host';
import { MAX_DRAWN_QUEUE, MAX_DRAWN_SLOTS, SimSession } from '../../../../src/islands/simulator/sim-session';
import type { FromWorker } from '../../../../src/islands/simulator/protocol';
import { presetState, type TimedEvent } from '../../../../src/islands/simulator/simulator-state';

const healthy = presets.healthy;
const hang: TimedEvent = { at: 20, service: 'search', kind: 'hang' };
const checkoutOf = (snapshot: SimulationSnapshot | undefined) => snapshot?.services.find((s) => s.id === 'checkout');

describe('SimSession', () => {
  test('steps every policy to the same time and reports the run’s end', () => {
    const session = new SimSession(healthy, ['shared', 'partitioned'], 1, []);
    session.advance(12.34);
    const frame = session.frame();
    expect(frame.time).toBe(12.34);
    expect(frame.snapshots.map((s) => s.time)).toEqual([12.34, 12.34]);
    expect(frame.done).toBe(false);
    session.advance(1e9);
    expect(session.frame().done).toBe(true);
  });

  test('gives every policy the same calls (common random numbers)', () => {
    const session = new SimSession(healthy, ['shared', 'partitioned'], 7, []);
    session.advance(30);
    const [shared, partitioned] = session.frame().snapshots;
    expect(shared?.services.map((s) => s.calls.started)).toEqual(partitioned?.services.map((s) => s.calls.started));
  });

  test('matches a run made straight from the engine, frame by frame', () => {
    const session = new SimSession(healthy, ['partitioned'], 3, []);
    const direct = createSimulation({ scenario: healthy, policy: 'partitioned', seed: 3 });
    for (const time of [0.5, 7, 7.05, 33]) {
      session.advance(time);
      direct.runUntil(time);
      expect(checkoutOf(session.frame().snapshots[0])).toEqual(checkoutOf(direct.snapshot({ seriesLimit: 0 })));
    }
  });

  test('replays a fault injected live exactly as one read from a link', () => {
    const live = new SimSession(healthy, ['shared', 'partitioned'], 1, []);
    live.advance(20);
    live.addEvent(hang);
    live.advance(45);
    const fromLink = new SimSession(healthy, ['shared', 'partitioned'], 1, [hang]);
    fromLink.advance(33);
    fromLink.advance(45);
    expect(live.frame(true)).toEqual(fromLink.frame(true));
  });

  test('a fault in search leaves checkout untouched behind its own partition', () => {
    const calm = new SimSession(healthy, ['partitioned', 'shared'], 1, []);
    const broken = new SimSession(healthy, ['partitioned', 'shared'], 1, [hang]);
    calm.advance(60);
    broken.advance(60);
    const [calmPartitioned, calmShared] = calm.frame().snapshots;
    const [brokenPartitioned, brokenShared] = broken.frame().snapshots;
    // Same calls, same outcomes, same latencies; only the float sums of time integrals may round differently.
    const outcome = (snapshot: SimulationSnapshot | undefined) => {
      const checkout = checkoutOf(snapshot);
      return { counts: checkout?.counts, calls: checkout?.calls, latency: checkout?.latency, successRate: checkout?.successRate };
    };
    expect(outcome(brokenPartitioned)).toEqual(outcome(calmPartitioned));
    expect(checkoutOf(brokenShared)?.successRate ?? 1).toBeLessThan((checkoutOf(calmShared)?.successRate ?? 0) - 0.3);
  });

  test('moves a fault dated in the past to now', () => {
    const session = new SimSession(healthy, ['shared'], 1, []);
    session.advance(10);
    expect(session.addEvent({ at: 2, service: 'search', kind: 'hang' }).at).toBe(10);
    expect(session.faults).toEqual([{ at: 10, service: 'search', kind: 'hang' }]);
  });

  test('sends time series only when a sample was added, or when asked', () => {
    const session = new SimSession(healthy, ['shared'], 1, []);
    expect(session.frame(true).series?.[0]?.time).toEqual([]);
    session.advance(2.5);
    expect(session.frame().series?.[0]?.time).toEqual([1, 2]);
    session.advance(2.7);
    expect(session.frame().series).toBeNull();
    expect(session.frame(true).series?.[0]?.time).toEqual([1, 2]);
    expect(session.frame().snapshots[0]?.series.time).toEqual([]);
  });

  test('trims slots and queues that are too long to draw', () => {
    const built = buildRun({ ...presetState('healthy'), source: { kind: 'queueing', rate: 4000, meanMs: 100, slots: 300, queue: 500, partitions: 1 } });
    const session = new SimSession(built.scenario, ['shared'], 1, [{ at: 11, service: 'calls', kind: 'hang' }]);
    session.advance(14);
    const pool = session.frame().snapshots[0]?.pools[0];
    expect(pool?.busy).toBe(300);
    expect(pool?.occupancy).toHaveLength(MAX_DRAWN_SLOTS);
    expect(pool?.queued).toBeGreaterThan(MAX_DRAWN_QUEUE);
    expect(pool?.queue).toHaveLength(MAX_DRAWN_QUEUE);
  });
});

describe('createSimHost', () => {
  test('answers a start with the run description and a first frame, then frames for advances', () => {
    const messages: FromWorker[] = [];
    const host = createSimHost((message) => messages.push(message));
    host({ type: 'start', runId: 4, state: presetState('slow-search') });
    host({ type: 'advance', runId: 4, to: 1 });
    expect(messages.map((m) => `${m.type}:${m.runId}`)).toEqual(['ready:4', 'frame:4', 'frame:4']);
  });

  test('ignores messages for an older run', () => {
    const messages: FromWorker[] = [];
    const host = createSimHost((message) => messages.push(message));
    host({ type: 'start', runId: 1, state: presetState('healthy') });
    host({ type: 'start', runId: 2, state: presetState('healthy') });
    host({ type: 'advance', runId: 1, to: 5 });
    host({ type: 'event', runId: 1, event: hang });
    expect(messages.map((m) => `${m.type}:${m.runId}`)).toEqual(['ready:1', 'frame:1', 'ready:2', 'frame:2']);
  });

  test('reports a failure instead of throwing', () => {
    const messages: FromWorker[] = [];
    const host = createSimHost((message) => messages.push(message));
    host({ type: 'start', runId: 1, state: { ...presetState('healthy'), seed: -1 } });
    expect(messages).toEqual([{ type: 'failed', runId: 1, message: expect.stringMatching(/seed/) }]);
  });
});
