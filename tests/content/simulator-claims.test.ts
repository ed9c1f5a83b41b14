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

/** A service's values of a per-sample series over (from, to]. */
function during(run: SimulationSnapshot | undefined, values: readonly number[], from: number, to: number): number[] {
  const times = run?.series.time ?? [];
  return values.filter((_, i) => (times[i] ?? 0) > from && (times[i] ?? 0) <= to);
}

describe('03-01 adaptive limits: a limit that regrows too fast', () => {
  const text = readFileSync('content/lessons/03-deep-dive/01-adaptive-limits.mdx', 'utf8').replace(/\s+/g, ' ');

  test('aimd-overshoot: the inputs the lesson states; adding 1 per success swings between 2 and 60, adding 0.05 gets more through', () => {
    const scenario = presets['aimd-overshoot'];
    expect(text).toContain('<PoolSimulator preset="aimd-overshoot"');
    expect(scenario.dependencies).toEqual([{ id: 'pricing-api', capacity: 20 }]);
    const [pricing] = scenario.services;
    expect(pricing?.serviceTime).toMatchObject({ mean: 0.1 });
    expect(pricing?.arrival).toMatchObject({ rate: 100, burst: { start: 20, end: 40, extraRate: 200 } });
    const limit = { backoffRatio: 0.9, rule: 'when-busy', dropLatency: 0.2, max: 60 };
    expect(scenario.policies['shared']).toMatchObject({ slots: 60, serviceLimits: [{ service: 'pricing', adaptive: { ...limit, increase: 1 } }] });
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 60, serviceLimits: [{ service: 'pricing', adaptive: { ...limit, increase: 0.05 } }] }] });
    expect(text).toContain('a success adds 1 in the first panel, 0.05 in the second');

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['shared', 'partitioned'] });
    const fast = runs['shared'];
    const gentle = runs['partitioned'];
    const limits = (run: SimulationSnapshot | undefined) => during(run, (run?.series.services[0]?.limit ?? []).map((value) => value ?? NaN), 20, 40);
    const throughput = (run: SimulationSnapshot | undefined) => during(run, run?.series.services[0]?.completed ?? [], 20, 40).reduce((a, b) => a + b, 0) / 20;
    const p99 = (run: SimulationSnapshot | undefined) => (run?.services[0]?.latency.p99 ?? 0) * 1000;

    // "swings between 2 and 60 twice during the surge … then climbs back to 60 within two seconds"
    const swing = limits(fast);
    expect([Math.min(...swing), Math.max(...swing)]).toEqual([2, 60]);
    const climbs = swing.flatMap((value, i) => (value === 2 && (swing[i + 1] ?? 2) > 2 ? [i] : []));
    expect(climbs).toHaveLength(2);
    for (const i of climbs) expect(Math.max(...swing.slice(i + 1, i + 3))).toBe(60);
    expect(text).toContain('swings between 2 and 60 twice during the surge');
    // "about 140 calls a second through"; "Adding 0.05 keeps the limit between 10 and 36 and gets about 188 through"
    expect(Math.round(throughput(fast) / 10) * 10).toBe(140);
    expect(text).toContain('It gets about 140 calls a second through of the 200 pricing can finish.');
    const steady = limits(gentle);
    expect([Math.min(...steady), Math.max(...steady)]).toEqual([10, 36]);
    expect(Math.round(throughput(gentle))).toBe(188);
    expect(text).toContain('Adding 0.05 keeps the limit between 10 and 36 and gets about 188 through');
    // "with a p99 of 200 ms against 290"
    expect(Math.round(p99(gentle) / 10) * 10).toBe(200);
    expect(Math.round(p99(fast) / 10) * 10).toBe(290);
    expect(text).toContain('with a p99 of 200 ms against 290');
  });
});

describe('02-07 client pools: replicas × pool above the database’s limit', () => {
  const text = readFileSync('content/lessons/02-foundation/07-client-pools.mdx', 'utf8').replace(/\s+/g, ' ');

  test('connection-budget: the inputs the lesson states; pools of 10 are refused at the peak, pools of 8 wait and give up, a shared pool serves all', () => {
    const scenario = presets['connection-budget'];
    expect(text).toContain('<PoolSimulator preset="connection-budget"');
    expect(scenario.dependencies).toEqual([{ id: 'database', capacity: 97, queue: 0 }]);
    expect(scenario.services).toHaveLength(12);
    for (const replica of scenario.services) {
      expect(replica.dependency).toBe('database');
      expect(replica.serviceTime).toEqual({ kind: 'exponential', mean: 0.1 });
      expect(replica.client.maxQueueWait).toBe(0.25);
      expect(replica.arrival).toMatchObject({ rate: 37.5, burst: { start: 20, end: scenario.duration, extraRate: 37.5 } });
    }
    const slotsOf = (policy: string) => {
      const found = scenario.policies[policy];
      return found?.kind === 'partitioned' ? found.pools.map((pool) => pool.slots) : [];
    };
    expect(slotsOf('partitioned')).toEqual(Array(12).fill(10));
    expect(slotsOf('max-8')).toEqual(Array(12).fill(8));
    expect(scenario.policies['shared']).toMatchObject({ kind: 'shared', slots: 97 });
    expect(text).toContain('Each replica sends 37.5 queries a second of 100 ms, and twice that from 20 s: 7.5 Erlangs at the peak');
    expect(text).toContain('pools of 8 (12 × 8 = 96, inside the budget)');

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['partitioned', 'max-8', 'shared'] });
    const total = (run: SimulationSnapshot | undefined, pick: (s: SimulationSnapshot['services'][number]) => number) => (run?.services ?? []).reduce((sum, s) => sum + pick(s), 0);
    const lost = (run: SimulationSnapshot | undefined) => total(run, (s) => s.counts.failed + s.counts.timedOut + s.counts.rejected);
    const meanMs = (run: SimulationSnapshot | undefined) => (1000 * total(run, (s) => (s.latency.mean ?? 0) * s.latency.count)) / total(run, (s) => s.latency.count);
    const tens = runs['partitioned'];
    const eights = runs['max-8'];
    const pooler = runs['shared'];

    // "Nothing fails in the quiet part: the pools hold about 45 connections between them."
    for (const run of [tens, eights, pooler]) {
      for (const series of run?.series.services ?? []) {
        expect(during(run, series.failed, 0, 20).concat(during(run, series.timedOut, 0, 20), during(run, series.rejected, 0, 20)).every((n) => n === 0)).toBe(true);
      }
    }
    const busy = (tens?.series.pools ?? []).map((pool) => during(tens, pool.meanBusy, 5, 20));
    const quiet = (busy[0] ?? []).map((_, i) => busy.reduce((sum, pool) => sum + (pool[i] ?? 0), 0));
    expect(Math.abs(quiet.reduce((a, b) => a + b, 0) / quiet.length - 45)).toBeLessThan(3);
    expect(text).toContain('Nothing fails in the quiet part: the pools hold about 45 connections between them. At the peak they may hold 120');
    // "the database refuses 1.9% of all queries (828 in this run), on every replica"
    const refused = total(tens, (s) => s.counts.failed);
    expect(tens?.dependencies[0]?.refused).toBe(refused);
    expect(refused).toBe(828);
    expect(((100 * refused) / total(tens, (s) => s.counts.offered)).toFixed(1)).toBe('1.9');
    expect(tens?.services.every((s) => s.counts.failed > 0)).toBe(true);
    expect(text).toContain('the database refuses 1.9% of all queries (828 in this run), on every replica');
    // "Pools of 8 end the refusals, not the failures: … 653 give up after the 250 ms acquire timeout,
    // and the mean latency rises from 108 ms to 159 ms"
    expect(total(eights, (s) => s.counts.failed)).toBe(0);
    expect(total(eights, (s) => s.counts.timedOutInQueue)).toBe(653);
    expect(Math.round(meanMs(tens))).toBe(108);
    expect(Math.round(meanMs(eights))).toBe(159);
    expect(text).toContain('653 give up after the 250 ms acquire timeout, and the mean latency rises from 108 ms to 159 ms');
    // "One pool of 97 shared by every replica … loses no query and averages 103 ms"
    expect(lost(pooler)).toBe(0);
    expect(Math.round(meanMs(pooler))).toBe(103);
    expect(text).toContain('loses no query and averages 103 ms');
  });
});
