import { createClock, describe, during, expect, test, type VirtualClock } from '../../_harness';
import { BulkheadMetrics, type CallOutcome } from '../start/metrics';

/** The metrics API, each call named if it throws: "Threw while calling callStarted("b"): …". */
type MetricsApi = Pick<BulkheadMetrics, 'callQueued' | 'callStarted' | 'callRejected' | 'callTimedOut' | 'callFinished' | 'snapshot' | 'waitPercentile'>;

function createMetrics(clock: VirtualClock): MetricsApi {
  const metrics = during('creating new BulkheadMetrics({ clock })', () => new BulkheadMetrics({ clock }));
  const quote = (value: unknown): string => JSON.stringify(value) ?? String(value);
  return {
    callQueued: (id: string) => during(`calling callQueued(${quote(id)})`, () => metrics.callQueued(id)),
    callStarted: (id: string) => during(`calling callStarted(${quote(id)})`, () => metrics.callStarted(id)),
    callRejected: () => during('calling callRejected()', () => metrics.callRejected()),
    callTimedOut: (id: string) => during(`calling callTimedOut(${quote(id)})`, () => metrics.callTimedOut(id)),
    callFinished: (id: string, outcome: CallOutcome) => during(`calling callFinished(${quote(id)}, ${quote(outcome)})`, () => metrics.callFinished(id, outcome)),
    snapshot: () => during('calling snapshot()', () => metrics.snapshot()),
    waitPercentile: (p: number) => during(`calling waitPercentile(${p})`, () => metrics.waitPercentile(p)),
  };
}

describe('BulkheadMetrics', () => {
  test('starts with every count at zero and no percentile', () => {
    const metrics = createMetrics(createClock());
    expect(metrics.snapshot(), 'the first snapshot').toEqual({ active: 0, queued: 0, rejected: 0, timedOut: 0, completed: 0, failed: 0 });
    expect(metrics.waitPercentile(50), 'p50 with no calls').toBeUndefined();
  });

  test('counts running and waiting calls as they move through', () => {
    const metrics = createMetrics(createClock());
    metrics.callStarted('a');
    metrics.callQueued('b');
    metrics.callQueued('c');
    expect(metrics.snapshot(), 'after a started and b, c queued').toEqual({ active: 1, queued: 2, rejected: 0, timedOut: 0, completed: 0, failed: 0 });
    metrics.callFinished('a', 'success');
    metrics.callStarted('b');
    expect(metrics.snapshot(), 'after a finished and b started').toEqual({ active: 1, queued: 1, rejected: 0, timedOut: 0, completed: 1, failed: 0 });
  });

  test('counts successes and failures apart, and both free a permit', () => {
    const metrics = createMetrics(createClock());
    metrics.callStarted('ok');
    metrics.callStarted('bad');
    metrics.callFinished('ok', 'success');
    metrics.callFinished('bad', 'failure');
    const snapshot = metrics.snapshot();
    expect(snapshot.completed, 'completed').toBe(1);
    expect(snapshot.failed, 'failed').toBe(1);
    expect(snapshot.active, 'active').toBe(0);
  });

  test('counts rejected calls without touching the other counts', () => {
    const metrics = createMetrics(createClock());
    metrics.callStarted('a');
    metrics.callRejected();
    metrics.callRejected();
    expect(metrics.snapshot(), 'after one start and two rejections').toEqual({ active: 1, queued: 0, rejected: 2, timedOut: 0, completed: 0, failed: 0 });
  });

  test('counts a waiter that times out and removes it from the queue', () => {
    const metrics = createMetrics(createClock());
    metrics.callQueued('w');
    metrics.callTimedOut('w');
    expect(metrics.snapshot(), 'after w queued and timed out').toEqual({ active: 0, queued: 0, rejected: 0, timedOut: 1, completed: 0, failed: 0 });
  });

  test('measures the wait from joining the queue to getting a permit, in virtual time', async () => {
    const clock = createClock();
    const metrics = createMetrics(clock);
    metrics.callStarted('direct');
    metrics.callQueued('patient');
    await clock.advance(30);
    metrics.callStarted('patient');
    expect(metrics.waitPercentile(100), 'longest wait').toBe(30);
    expect(metrics.waitPercentile(50), 'median wait (the direct call waited 0)').toBe(0);
  });

  test('reports nearest-rank percentiles', async () => {
    const clock = createClock();
    const metrics = createMetrics(clock);
    for (const id of ['a', 'b', 'c', 'd']) metrics.callQueued(id);
    for (const id of ['a', 'b', 'c', 'd']) {
      await clock.advance(10);
      metrics.callStarted(id);
    }
    // Waits are 10, 20, 30 and 40 ms.
    expect(metrics.waitPercentile(25), 'p25 of 10, 20, 30, 40').toBe(10);
    expect(metrics.waitPercentile(50), 'p50 of 10, 20, 30, 40').toBe(20);
    expect(metrics.waitPercentile(75), 'p75 of 10, 20, 30, 40').toBe(30);
    expect(metrics.waitPercentile(90), 'p90 of 10, 20, 30, 40').toBe(40);
    expect(metrics.waitPercentile(100), 'p100 of 10, 20, 30, 40').toBe(40);
  });

  test('sorts waits as numbers, not as strings', async () => {
    const clock = createClock();
    const metrics = createMetrics(clock);
    for (const id of ['x', 'y', 'z']) metrics.callQueued(id);
    // Waits of 9, 10 and 80 ms: as strings, "10" < "80" < "9".
    for (const [id, at] of [['x', 9], ['y', 10], ['z', 80]] as const) {
      await clock.advance(at - clock.now());
      metrics.callStarted(id);
    }
    expect(metrics.waitPercentile(100), 'p100 of 9, 10, 80').toBe(80);
    expect(metrics.waitPercentile(50), 'p50 of 9, 10, 80').toBe(10);
    expect(metrics.waitPercentile(1), 'p1 of 9, 10, 80').toBe(9);
  });
});
