import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueingInputError, engset, erlangB, finiteSourceQueue, mvaSingleServer } from '../../../src/queueing';

/** C(n, k) as a plain product (small n only). */
function binomial(n: number, k: number): number {
  let value = 1;
  for (let i = 1; i <= k; i++) value = (value * (n - k + i)) / i;
  return value;
}

/** Engset's formula as printed: C(N−1, c)·aᶜ / Σₖ C(N−1, k)·aᵏ. */
function textbookEngset(sources: number, servers: number, a: number): number {
  let total = 0;
  for (let k = 0; k <= servers; k++) total += binomial(sources - 1, k) * a ** k;
  return (binomial(sources - 1, servers) * a ** servers) / total;
}

/** The machine-repair model M/M/1//N: p₀ = 1 / Σₖ N!/(N−k)!·ρᵏ, X = μ(1 − p₀), R = N/X − Z. */
function textbookMachineRepair(clients: number, serviceTime: number, thinkTime: number) {
  const rho = serviceTime / thinkTime;
  let term = 1;
  let total = 1;
  for (let k = 1; k <= clients; k++) {
    term *= (clients - k + 1) * rho;
    total += term;
  }
  const throughput = (1 - 1 / total) / serviceTime;
  return { throughput, responseTime: clients / throughput - thinkTime };
}

describe('engset', () => {
  it('matches the printed formula on small cases', () => {
    expect(engset({ sources: 10, servers: 3, loadPerIdleSource: 0.2 })).toBeCloseTo(textbookEngset(10, 3, 0.2), 12);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 39 }), fc.double({ min: 0.01, max: 5, noNaN: true }), (sources, servers, a) => {
        fc.pre(servers < sources);
        expect(engset({ sources, servers, loadPerIdleSource: a })).toBeCloseTo(textbookEngset(sources, servers, a), 10);
      }),
    );
  });

  it('approaches Erlang B as the population grows with the total load fixed', () => {
    const total = 8;
    const far = engset({ sources: 200_000, servers: 10, loadPerIdleSource: total / 200_000 });
    expect(far).toBeCloseTo(erlangB({ offeredLoad: total, servers: 10 }), 4);
    expect(engset({ sources: 20, servers: 10, loadPerIdleSource: total / 20 })).toBeLessThan(far);
  });

  it('blocks nobody when there are at least as many servers as clients', () => {
    expect(engset({ sources: 5, servers: 5, loadPerIdleSource: 3 })).toBe(0);
  });

  it('is the loss case of the finite-source queue', () => {
    const chain = finiteSourceQueue({ sources: 12, thinkingRate: 0.5, serviceRate: 1, servers: 4, capacity: 4 });
    expect(chain.blocking).toBeCloseTo(engset({ sources: 12, servers: 4, loadPerIdleSource: 0.5 }), 12);
  });

  it('names bad inputs', () => {
    expect(() => engset({ sources: 0, servers: 1, loadPerIdleSource: 1 })).toThrow(QueueingInputError);
    expect(() => engset({ sources: 3, servers: 1, loadPerIdleSource: -1 })).toThrow('loadPerIdleSource must be a finite number greater than 0 (got -1)');
  });
});

describe('finiteSourceQueue and mvaSingleServer', () => {
  it('agree with the machine-repair formulas for one server', () => {
    for (const [clients, s, z] of [[1, 1, 1], [5, 0.2, 1], [30, 0.1, 2], [200, 0.05, 3]] as const) {
      const book = textbookMachineRepair(clients, s, z);
      const chain = finiteSourceQueue({ sources: clients, thinkingRate: 1 / z, serviceRate: 1 / s, servers: 1 });
      const mva = mvaSingleServer({ clients, serviceTime: s, thinkTime: z });
      expect(chain.throughput).toBeCloseTo(book.throughput, 9);
      expect(chain.meanTimeInSystem).toBeCloseTo(book.responseTime, 9);
      expect(mva.responseTime).toBeCloseTo(book.responseTime, 9);
      expect(mva.throughput).toBeCloseTo(book.throughput, 9);
    }
  });

  it('obeys the response-time law R = N/X − Z with several servers', () => {
    const result = finiteSourceQueue({ sources: 40, thinkingRate: 0.5, serviceRate: 1, servers: 8 });
    expect(result.meanTimeInSystem).toBeCloseTo(40 / result.throughput - 2, 9);
    expect(result.blocking).toBe(0);
    expect(result.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(result.probabilityOfWaiting).toBeGreaterThan(0);
    expect(result.probabilityOfWaiting).toBeLessThan(1);
  });

  it('stays finite for a large population', () => {
    const result = finiteSourceQueue({ sources: 100_000, thinkingRate: 0.01, serviceRate: 1, servers: 900 });
    expect(Number.isFinite(result.meanTimeInSystem)).toBe(true);
    expect(result.throughput).toBeLessThanOrEqual(900);
  });

  it('names bad inputs', () => {
    expect(() => finiteSourceQueue({ sources: 4, thinkingRate: 1, serviceRate: 1, servers: 2, capacity: 1 })).toThrow('capacity must be a whole number of at least 2 (got 1)');
    expect(() => mvaSingleServer({ clients: 2, serviceTime: 0, thinkTime: 1 })).toThrow('serviceTime must be a finite number greater than 0 (got 0)');
  });
});
