import { createClock, describe, during, expect, forEachSeed, test, type SeededRandom, type VirtualClock } from '../../_harness';
import { BulkheadMetrics, type CallOutcome, type MetricsSnapshot } from '../start/metrics';

/** The metrics API, each call named if it throws: "Threw while calling callStarted("b"): …". */
type MetricsApi = Pick<BulkheadMetrics, 'callQueued' | 'callStarted' | 'callRejected' | 'callTimedOut' | 'callFinished' | 'snapshot' | 'waitPercentile'>;

function named(metrics: BulkheadMetrics): MetricsApi {
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

/** A new BulkheadMetrics (unwrapped, for the tests that expect a throw). */
function createRaw(clock: VirtualClock): BulkheadMetrics {
  return during('creating new BulkheadMetrics({ clock })', () => new BulkheadMetrics({ clock }));
}

function createMetrics(clock: VirtualClock): MetricsApi {
  return named(createRaw(clock));
}

async function metricsWithWaits(waits: number[]): Promise<MetricsApi> {
  const clock = createClock();
  const metrics = createMetrics(clock);
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

  test('throws a RangeError for a percentile outside (0, 100]', () => {
    const clock = createClock();
    const raw = createRaw(clock);
    named(raw).callStarted('only');
    for (const p of [0, -1, 101, 100.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => raw.waitPercentile(p), `waitPercentile(${String(p)})`).toThrow(RangeError);
    }
    expect(() => raw.waitPercentile(101), 'the message for waitPercentile(101) (it should show 101)').toThrow('101');
  });

  test('checks p first: a bad percentile throws a RangeError even before any call started', () => {
    const raw = createRaw(createClock());
    for (const p of [0, 101, Number.NaN]) {
      expect(() => raw.waitPercentile(p), `waitPercentile(${String(p)}) with no waits yet`).toThrow(RangeError);
    }
  });

  test('accepts p = 100 and tiny p: the largest and the smallest wait', async () => {
    const metrics = await metricsWithWaits([5, 7, 12]);
    expect(metrics.waitPercentile(100), 'p100 of 5, 7, 12 (100 is allowed)').toBe(12);
    expect(metrics.waitPercentile(0.001), 'p0.001 of 5, 7, 12 (rank 1)').toBe(5);
  });

  test('leaves timed-out waits out of the percentiles', async () => {
    const clock = createClock();
    const metrics = createMetrics(clock);
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
    const metrics = createMetrics(clock);
    metrics.callQueued('x');
    await clock.advance(40);
    metrics.callStarted('x');
    await clock.advance(1000);
    metrics.callFinished('x', 'failure');
    expect(metrics.waitPercentile(100), 'wait of x').toBe(40);
  });
});

describe('BulkheadMetrics (without a clock)', () => {
  test('works with no clock given, on real time', async () => {
    const metrics = named(during('creating new BulkheadMetrics() with no options', () => new BulkheadMetrics()));
    metrics.callStarted('a');
    metrics.callFinished('a', 'success');
    expect(metrics.snapshot(), 'after one call').toEqual({ active: 0, queued: 0, rejected: 0, timedOut: 0, completed: 1, failed: 0 });
    expect(metrics.waitPercentile(100), 'the wait of a call that never queued').toBe(0);
    metrics.callQueued('b');
    await new Promise((resolve) => setTimeout(resolve, 30));
    metrics.callStarted('b');
    const wait = metrics.waitPercentile(100);
    expect(
      typeof wait === 'number' && wait >= 20 && wait < 5000,
      `the wait of a call queued for 30 real ms (got ${String(wait)}; without a clock, use real time such as Date.now())`,
    ).toBe(true);
  });
});

describe('BulkheadMetrics (misuse)', () => {
  test('throws when a call that is not running finishes', () => {
    const raw = createRaw(createClock());
    expect(() => raw.callFinished('ghost', 'success'), 'callFinished("ghost") for a call never seen (the message should name "ghost")').toThrow('ghost');
    named(raw).callQueued('waiting');
    expect(() => raw.callFinished('waiting', 'success'), 'callFinished("waiting") for a call that only waits').toThrow();
  });

  test('throws when a call finishes with an outcome other than success or failure', () => {
    const raw = createRaw(createClock());
    named(raw).callStarted('job-7');
    expect(() => raw.callFinished('job-7', 'timeout' as unknown as CallOutcome), 'callFinished("job-7", "timeout") (the message should name "job-7")').toThrow('job-7');
    expect(raw.snapshot().failed, 'failed after the bad outcome (it is not a failure)').toBe(0);
    expect(raw.snapshot().completed, 'completed after the bad outcome').toBe(0);
  });

  test('throws when the same call joins the queue twice', () => {
    const raw = createRaw(createClock());
    named(raw).callQueued('twice');
    expect(() => raw.callQueued('twice'), 'callQueued("twice") while it waits (the message should name "twice")').toThrow('twice');
  });

  test('throws when a running call joins the queue', () => {
    const raw = createRaw(createClock());
    named(raw).callStarted('busy');
    expect(() => raw.callQueued('busy'), 'callQueued("busy") while it runs').toThrow();
  });

  test('throws when a running call starts again', () => {
    const raw = createRaw(createClock());
    named(raw).callStarted('busy');
    expect(() => raw.callStarted('busy'), 'callStarted("busy") while it runs (the message should name "busy")').toThrow('busy');
  });

  test('throws when a call that is not waiting times out', () => {
    const raw = createRaw(createClock());
    expect(() => raw.callTimedOut('nobody'), 'callTimedOut("nobody") for a call never seen (the message should name "nobody")').toThrow('nobody');
    named(raw).callStarted('runner');
    expect(() => raw.callTimedOut('runner'), 'callTimedOut("runner") for a running call').toThrow();
  });

  test('lets an id be used again once its call has finished or timed out', async () => {
    const clock = createClock();
    const metrics = createMetrics(clock);
    metrics.callStarted('job');
    metrics.callFinished('job', 'success');
    metrics.callQueued('job');
    await clock.advance(20);
    metrics.callTimedOut('job');
    metrics.callQueued('job');
    await clock.advance(5);
    metrics.callStarted('job');
    metrics.callFinished('job', 'failure');
    expect(metrics.snapshot(), 'after job ran, timed out, and ran again').toEqual({ active: 0, queued: 0, rejected: 0, timedOut: 1, completed: 1, failed: 1 });
    expect(metrics.waitPercentile(100), 'waits 0 and 5 (the timed-out wait is left out)').toBe(5);
  });
});

/** A small bulkhead (limit, queue, max wait) driven step by step, reporting to the metrics. */
async function simulate(random: SeededRandom): Promise<void> {
  const clock = createClock();
  const metrics = createMetrics(clock);
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
    const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
    expect(metrics.waitPercentile(p), `p${p} of ${sorted.length} waits`).toBe(sorted.length === 0 ? undefined : sorted[rank - 1]);
  }
}

describe('BulkheadMetrics (random schedules)', () => {
  test('matches a reference count and nearest-rank percentiles over a simulated bulkhead', async () => {
    await forEachSeed(40, simulate);
  });
});
