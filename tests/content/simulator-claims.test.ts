/**
 * What lessons say a simulator preset shows, checked on the run a learner sees first (the default
 * seed). The queueing lesson's embeds are checked in queueing-figures-mastery.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compare, presets, type SimulationSnapshot } from '../../src/sim/index';
import { DEFAULT_SEED } from '../../src/islands/simulator/simulator-state';

/** The mean of a service's per-second mean latency over (from, to]. */
function meanLatency(run: SimulationSnapshot | undefined, service: string, from: number, to: number): number {
  const series = run?.series.services.find((s) => s.id === service)?.meanLatency ?? [];
  const values = (run?.series.time ?? []).flatMap((t, i) => (t > from && t <= to && (series[i] ?? 0) > 0 ? [series[i] ?? 0] : []));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

describe('02-07 client pools: separate pools, one database', () => {
  const text = readFileSync('content/lessons/02-foundation/07-client-pools.mdx', 'utf8');

  test('shared-downstream: the inputs the lesson states; search slows through the database unless checkout is capped', () => {
    const scenario = presets['shared-downstream'];
    expect(text).toContain('<PoolSimulator preset="shared-downstream"');
    expect(scenario.dependencies).toEqual([{ id: 'database', capacity: 16 }]);
    const [search, checkout] = scenario.services;
    expect(search?.dependency).toBe('database');
    expect(checkout?.dependency).toBe('database');
    expect(checkout?.arrival.burst).toMatchObject({ start: 20, end: 40, extraRate: 80 });
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 24 }, { slots: 10 }] });
    expect(scenario.policies['shared']).toMatchObject({ slots: 34 });
    expect(scenario.policies['capped']).toMatchObject({ pools: [{ slots: 24 }, { slots: 5 }] });

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['partitioned', 'capped'] });
    const separate = runs['partitioned'];
    const capped = runs['capped'];
    // "its latency more than doubles and its pool fills"
    expect(meanLatency(separate, 'search', 22, 40)).toBeGreaterThan(2 * meanLatency(separate, 'search', 5, 20));
    expect(separate?.services.find((s) => s.id === 'search')?.counts.rejected ?? 0).toBeGreaterThan(0);
    // "keeps search within about a quarter of its usual latency, at the price of refusing more checkout calls"
    expect(meanLatency(capped, 'search', 22, 40)).toBeLessThan(1.3 * meanLatency(capped, 'search', 5, 20));
    const refused = (run: SimulationSnapshot | undefined) => run?.services.find((s) => s.id === 'checkout')?.counts.rejected ?? 0;
    expect(refused(capped)).toBeGreaterThan(refused(separate));
  });
});

/** A service's series over (from, to]: the mean of its per-second success rates, and sums of per-second counts. */
function window(run: SimulationSnapshot | undefined, service: string, from: number, to: number) {
  const series = run?.series.services.find((s) => s.id === service);
  const times = run?.series.time ?? [];
  const inside = (i: number) => (times[i] ?? 0) > from && (times[i] ?? 0) <= to;
  const sum = (values: readonly number[] | undefined) => (values ?? []).reduce((total, value, i) => total + (inside(i) ? value : 0), 0);
  const rates = (series?.successRate ?? []).flatMap((rate, i) => (inside(i) && rate !== null ? [rate] : []));
  return {
    success: rates.reduce((total, rate) => total + rate, 0) / rates.length,
    offered: sum(series?.offered),
    rejected: sum(series?.rejected),
    shortCircuited: sum(series?.shortCircuited),
  };
}

describe('03-06 overload and admission: shedding on queue delay', () => {
  const text = readFileSync('content/lessons/03-deep-dive/06-overload-admission.mdx', 'utf8');

  test('queue-delay-shedding: the inputs the lesson states; without shedding almost nothing succeeds in the burst, with it about 65% in under 0.2 s', () => {
    const scenario = presets['queue-delay-shedding'];
    expect(text).toContain('<PoolSimulator preset="queue-delay-shedding"');
    // The figures below, as the lesson words them (line breaks aside).
    const prose = text.replace(/\s+/g, ' ');
    for (const claim of ['from 25 s to 40 s almost none succeeds', 'about 5 s after the burst', 'about 65% succeed throughout the burst', 'in under 0.2 s on average']) {
      expect(prose).toContain(claim);
    }
    const [api] = scenario.services;
    expect(scenario.services).toHaveLength(1);
    // "10 workers for requests of 100 ms on average … 70 a second, and 150 from 20 s to 40 s"
    expect(api?.serviceTime).toEqual({ kind: 'exponential', mean: 0.1 });
    expect(api?.arrival).toMatchObject({ rate: 70, burst: { start: 20, end: 40, extraRate: 80 } });
    // "Callers give up after 1 s, but the server never hears of it"
    expect(api?.client).toMatchObject({ timeout: 1, timeoutFreesSlot: false });
    expect(api?.client.retries).toBeUndefined();
    // "Both panels let 200 requests wait; the second sheds … over 0.1 s once the queue has not been empty for 1 s"
    expect(scenario.policies['shared']).toEqual({ kind: 'shared', slots: 10, queue: 200 });
    expect(scenario.policies['partitioned']).toEqual({ kind: 'shared', slots: 10, queue: 200, shedOnQueueDelay: { target: 0.1, interval: 1 } });

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['shared', 'partitioned'] });
    const queued = runs['shared'];
    const shedding = runs['partitioned'];
    // "the queue soon holds two seconds of work": its 200 places fill (10 workers finish 100 a second)
    const queuedSeries = queued?.series.pools[0]?.queued ?? [];
    expect(Math.max(...queuedSeries.filter((_, i) => (queued?.series.time[i] ?? 0) > 25 && (queued?.series.time[i] ?? 0) <= 40))).toBe(200);
    // "from 25 s to 40 s almost none succeeds, and success returns only about 5 s after the burst"
    expect(window(queued, 'api', 25, 40).success).toBeLessThan(0.01);
    expect(window(queued, 'api', 40, 43).success).toBeLessThan(0.5);
    expect(window(queued, 'api', 46, 50).success).toBeGreaterThan(0.9);
    expect(queued?.services[0]?.counts.orphansServed ?? 0).toBeGreaterThan(1000);
    // "about 65% succeed throughout the burst … in under 0.2 s on average"
    for (const [from, to] of [[22, 30], [30, 40]] as const) {
      expect(window(shedding, 'api', from, to).success).toBeGreaterThan(0.6);
      expect(window(shedding, 'api', from, to).success).toBeLessThan(0.7);
    }
    expect(meanLatency(shedding, 'api', 22, 40)).toBeLessThan(0.2);
    expect(shedding?.services[0]?.counts.shed ?? 0).toBeGreaterThan(500);
    // "The workers are as busy in both panels"
    const busy = (run: SimulationSnapshot | undefined) => run?.pools[0]?.meanBusy ?? 0;
    expect(Math.abs(busy(shedding) - busy(queued))).toBeLessThan(0.05 * busy(queued));
  });
});

describe('02-05 composing policies: a breaker that counts bulkhead rejections', () => {
  const text = readFileSync('content/lessons/02-foundation/05-composing-policies.mdx', 'utf8');

  test('breaker-rejections: the inputs the lesson states; the counting breaker shuts a healthy service out, the other still opens on real failures', () => {
    const scenario = presets['breaker-rejections'];
    expect(text).toContain('<PoolSimulator preset="breaker-rejections"');
    const prose = text.replace(/\s+/g, ' ');
    for (const claim of ['refuses more than half of the calls that reach it', 'under 5% of its calls succeed during the burst', 'open for up to 5 s after', 'keeps about 36% (40% is the most 8 permits allow)', 'both breakers open']) {
      expect(prose).toContain(claim);
    }
    const [counting, ignoring] = scenario.services;
    for (const service of [counting, ignoring]) {
      // "a breaker that opens when half of the last 50 calls failed … 200 calls a second instead of 40 … fails 80% of calls from 40 s"
      expect(service?.client.circuitBreaker).toMatchObject({ failureRateThreshold: 0.5, window: 50 });
      expect(service?.arrival).toMatchObject({ rate: 40, burst: { start: 20, end: 30, extraRate: 160 } });
      expect(service?.degradations).toEqual([{ kind: 'fail', at: 40, until: 50, fraction: 0.8 }]);
    }
    expect(counting?.client.circuitBreaker?.countRejections).toBe(true);
    expect(ignoring?.client.circuitBreaker?.countRejections).toBe(false);
    // "a bulkhead of 8 permits"
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 8, queue: 0 }, { slots: 8, queue: 0 }] });
    expect(scenario.policies['shared']).toMatchObject({ slots: 16, queue: 0 });

    const run = compare(scenario, DEFAULT_SEED, { policies: ['partitioned'] }).runs['partitioned'];
    const burst = { counting: window(run, 'counting', 20, 30), ignoring: window(run, 'ignoring', 20, 30) };
    // "a bulkhead refuses more than half of the calls that reach it"
    expect(burst.ignoring.rejected).toBeGreaterThan(0.5 * burst.ignoring.offered);
    // "under 5% of its calls succeed during the burst, and it stays open for up to 5 s after"
    expect(burst.counting.success).toBeLessThan(0.05);
    expect(burst.counting.shortCircuited).toBeGreaterThan(0.5 * burst.counting.offered);
    expect(window(run, 'counting', 30, 35).shortCircuited).toBeGreaterThan(0);
    expect(window(run, 'counting', 35, 40).shortCircuited).toBe(0);
    // "The other caller keeps about 36% (40% is the most 8 permits allow)"
    expect(burst.ignoring.success).toBeGreaterThan(0.31);
    expect(burst.ignoring.success).toBeLessThan(0.4);
    expect(burst.ignoring.shortCircuited).toBe(0);
    // "When search really fails, both breakers open"
    expect(window(run, 'ignoring', 40, 55).shortCircuited).toBeGreaterThan(0);
    expect(window(run, 'counting', 40, 55).shortCircuited).toBeGreaterThan(0);
  });
});
