import { createClock, describe, expect, forEachSeed, test, type SeededRandom } from '../../_harness';
import { BulkheadMetrics, type MetricsSnapshot } from '../start/metrics';

async function metricsWithWaits(waits: number[]): Promise<BulkheadMetrics> {
  const clock = createClock();
  const metrics = new BulkheadMetrics({ clock });
  // Queue every call at time 0 and start them in order of their wait.
  const order = waits.map((wait, index) => ({ wait, id: `c${index}` })).sort((left, right) => left.wait - right.wait);
  for (const { id } of order) metrics.callQueued(id);
  for (const { id, wait } of order) {
    await clock.advance(wait - clock.now());
    metrics.callStarted(id);
  }
  return metrics;
}

describe('BulkheadMetrics (percentiles)', () => {
  test('sorts waits as numbers, not as strings', async () => {
    const metrics = await metricsWithWaits([9, 10, 80]);
    expect(metrics.waitPercentile(100), 'p100 of 9, 10, 80').toBe(80);
    expect(metrics.waitPercentile(50), 'p50 of 9, 10, 80').toBe(10);
    expect(metrics.waitPercentile(1), 'p1 of 9, 10, 80').toBe(9);
  });

  test('uses the nearest rank, never an interpolated value', async () => {
    const metrics = await metricsWithWaits([100, 200]);
    expect(metrics.waitPercentile(50), 'p50 of 100, 200').toBe(100);
    expect(metrics.waitPercentile(51), 'p51 of 100, 200').toBe(200);
  });

  test('lands on the exact rank where p / 100 × n in floating point would overshoot', async () => {
    const waits25 = await metricsWithWaits(Array.from({ length: 25 }, (_, index) => (index + 1) * 10));
    expect(waits25.waitPercentile(28), 'p28 of 25 waits is rank 7 (28 × 25 / 100 = 7)').toBe(70);
    const waits100 = await metricsWithWaits(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(waits100.waitPercentile(7), 'p7 of 100 waits is rank 7').toBe(7);
  });

  test('throws a RangeError for a percentile outside (0, 100]', async () => {
    const metrics = await metricsWithWaits([5]);
    for (const p of [0, -1, 101, Number.NaN]) {
      expect(() => metrics.waitPercentile(p), `waitPercentile(${String(p)})`).toThrow(RangeError);
    }
  });

  test('leaves timed-out waits out of the percentiles', async () => {
    const clock = createClock();
    const metrics = new BulkheadMetrics({ clock });
    metrics.callQueued('gave-up');
    metrics.callQueued('served');
    await clock.advance(500);
    metrics.callTimedOut('gave-up');
    metrics.callStarted('served');
    await clock.advance(10_000);
    metrics.callFinished('served', 'success');
    expect(metrics.waitPercentile(100), 'the only wait is the served call').toBe(500);
  });

  test('does not count running time as waiting time', async () => {
    const clock = createClock();
    const metrics = new BulkheadMetrics({ clock });
    metrics.callQueued('x');
    await clock.advance(40);
    metrics.callStarted('x');
    await clock.advance(1000);
    metrics.callFinished('x', 'failure');
    expect(metrics.waitPercentile(100), 'wait of x').toBe(40);
  });
});

describe('BulkheadMetrics (misuse)', () => {
  test('throws when a call that is not running finishes', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
    expect(() => metrics.callFinished('ghost', 'success')).toThrow();
  });

  test('throws when the same call joins the queue twice', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
    metrics.callQueued('twice');
    expect(() => metrics.callQueued('twice')).toThrow();
  });

  test('throws when a call that is not waiting times out', () => {
    const metrics = new BulkheadMetrics({ clock: createClock() });
    expect(() => metrics.callTimedOut('nobody')).toThrow();
  });
});

/** A small bulkhead (limit, queue, max wait) driven step by step, reporting to the metrics. */
async function simulate(random: SeededRandom): Promise<void> {
  const clock = createClock();
  const metrics = new BulkheadMetrics({ clock });
  const limit = random.int(1, 3);
  const queueSize = random.int(0, 3);
  const maxWaitMs = random.int(1, 6) * 10;
  const running: string[] = [];
  const waiting: Array<{ id: string; since: number }> = [];
  const expected: MetricsSnapshot = { active: 0, queued: 0, rejected: 0, timedOut: 0, completed: 0, failed: 0 };
  const waits: number[] = [];
  let arrivals = 0;
  const startNext = (): void => {
    const next = waiting.shift();
    if (next === undefined) return;
    metrics.callStarted(next.id);
    waits.push(clock.now() - next.since);
    running.push(next.id);
  };
  for (let step = 0; step < 60; step += 1) {
    const action = random.int(0, 9);
    if (action < 5) {
      arrivals += 1;
      const id = `call-${arrivals}`;
      if (running.length < limit && waiting.length === 0) {
        metrics.callStarted(id);
        waits.push(0);
        running.push(id);
      } else if (waiting.length < queueSize) {
        metrics.callQueued(id);
        waiting.push({ id, since: clock.now() });
      } else {
        metrics.callRejected();
        expected.rejected += 1;
      }
    } else if (action < 8 && running.length > 0) {
      const [id] = running.splice(random.int(0, running.length - 1), 1);
      if (id === undefined) continue;
      const success = random.chance(0.7);
      metrics.callFinished(id, success ? 'success' : 'failure');
      if (success) expected.completed += 1;
      else expected.failed += 1;
      startNext();
    } else {
      await clock.advance(random.int(1, 25));
      while (waiting.length > 0 && clock.now() - (waiting[0]?.since ?? 0) >= maxWaitMs) {
        const expired = waiting.shift();
        if (expired === undefined) break;
        metrics.callTimedOut(expired.id);
        expected.timedOut += 1;
      }
    }
    expected.active = running.length;
    expected.queued = waiting.length;
    const snapshot = metrics.snapshot();
    expect(snapshot, `counts after step ${step}`).toEqual(expected);
    expect(
      snapshot.active + snapshot.queued + snapshot.rejected + snapshot.timedOut + snapshot.completed + snapshot.failed,
      'every arrival is counted exactly once',
    ).toBe(arrivals);
  }
  const sorted = [...waits].sort((left, right) => left - right);
  for (const p of [1, 10, 25, 50, 75, 90, 95, 99, 100]) {
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    expect(metrics.waitPercentile(p), `p${p} of ${sorted.length} waits`).toBe(sorted.length === 0 ? undefined : sorted[rank - 1]);
  }
}

describe('BulkheadMetrics (random schedules)', () => {
  test('matches a reference count and nearest-rank percentiles over a simulated bulkhead', async () => {
    await forEachSeed(40, simulate);
  });
});
