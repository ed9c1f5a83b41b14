import { createClock, describe, expect, test } from '../../_harness';
import { BulkheadMetrics } from '../start/metrics';

describe('BulkheadMetrics', () => {
  test('starts with every count at zero and no percentile', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
    expect(metrics.snapshot()).toEqual({ active: 0, queued: 0, rejected: 0, timedOut: 0, completed: 0, failed: 0 });
    expect(metrics.waitPercentile(50), 'p50 with no calls').toBeUndefined();
  });

  test('counts running and waiting calls as they move through', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
    metrics.callStarted('a');
    metrics.callQueued('b');
    metrics.callQueued('c');
    expect(metrics.snapshot(), 'after a started and b, c queued').toEqual({ active: 1, queued: 2, rejected: 0, timedOut: 0, completed: 0, failed: 0 });
    metrics.callFinished('a', 'success');
    metrics.callStarted('b');
    expect(metrics.snapshot(), 'after a finished and b started').toEqual({ active: 1, queued: 1, rejected: 0, timedOut: 0, completed: 1, failed: 0 });
  });

  test('counts successes and failures apart, and both free a permit', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
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
    const metrics = new BulkheadMetrics({ clock: createClock() });
    metrics.callStarted('a');
    metrics.callRejected();
    metrics.callRejected();
    expect(metrics.snapshot()).toEqual({ active: 1, queued: 0, rejected: 2, timedOut: 0, completed: 0, failed: 0 });
  });

  test('counts a waiter that times out and removes it from the queue', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
    metrics.callQueued('w');
    metrics.callTimedOut('w');
    expect(metrics.snapshot()).toEqual({ active: 0, queued: 0, rejected: 0, timedOut: 1, completed: 0, failed: 0 });
  });

  test('measures the wait from joining the queue to getting a permit, in virtual time', async () => {
    const clock = createClock();
    const metrics = new BulkheadMetrics({ clock });
    metrics.callStarted('direct');
    metrics.callQueued('patient');
    await clock.advance(30);
    metrics.callStarted('patient');
    expect(metrics.waitPercentile(100), 'longest wait').toBe(30);
    expect(metrics.waitPercentile(50), 'median wait (the direct call waited 0)').toBe(0);
  });

  test('reports nearest-rank percentiles', async () => {
    const clock = createClock();
    const metrics = new BulkheadMetrics({ clock });
    for (const id of ['a', 'b', 'c', 'd']) metrics.callQueued(id);
    for (const id of ['a', 'b', 'c', 'd']) {
      await clock.advance(10);
      metrics.callStarted(id);
    }
    // Waits are 10, 20, 30 and 40 ms.
    expect(metrics.waitPercentile(25), 'p25').toBe(10);
    expect(metrics.waitPercentile(50), 'p50').toBe(20);
    expect(metrics.waitPercentile(75), 'p75').toBe(30);
    expect(metrics.waitPercentile(90), 'p90').toBe(40);
    expect(metrics.waitPercentile(100), 'p100').toBe(40);
  });
});
