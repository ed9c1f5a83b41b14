import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueingInputError, erlangA, erlangB, erlangC, mmcWait } from '../../../src/queueing';

/**
 * Second method: the M/M/c+M chain truncated at `states` and its balance equations πQ = 0,
 * Σπ = 1 solved by Gaussian elimination on the generator, with no product form and no ratios.
 */
function chainByElimination(λ: number, μ: number, c: number, θ: number, states: number): number[] {
  const size = states + 1;
  const death = (n: number): number => Math.min(n, c) * μ + Math.max(0, n - c) * θ;
  // Rows are equations: column j of πQ = 0 for j = 0…size−2, then Σπ = 1.
  const rows: number[][] = [];
  for (let j = 0; j < size - 1; j++) {
    const row = new Array<number>(size + 1).fill(0);
    row[j] = -((j < states ? λ : 0) + death(j));
    if (j > 0) row[j - 1] = λ;
    if (j + 1 < size) row[j + 1] = death(j + 1);
    rows.push(row);
  }
  rows.push([...new Array<number>(size).fill(1), 1]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const factor = rows[r]![col]! / rows[col]![col]!;
      if (factor !== 0) for (let k = col; k <= size; k++) rows[r]![k]! -= factor * rows[col]![k]!;
    }
  }
  return rows.map((row, i) => row[size]! / row[i]!);
}

function figuresFromChain(λ: number, μ: number, c: number, θ: number, states = 160) {
  const π = chainByElimination(λ, μ, c, θ, states);
  const sum = (f: (n: number) => number) => π.reduce((total, p, n) => total + p * f(n), 0);
  const busy = sum((n) => Math.min(n, c));
  return {
    tail: π[states]!,
    probabilityOfWait: sum((n) => (n >= c ? 1 : 0)),
    meanInQueue: sum((n) => Math.max(0, n - c)),
    // Flow balance, not θ·E[Q]/λ: whoever is not served abandoned.
    probabilityOfAbandon: 1 - (μ * busy) / λ,
  };
}

/** A seeded M/M/c+M FIFO simulation: mean wait of the served and the share abandoning. */
function simulate(λ: number, μ: number, c: number, θ: number, arrivals: number, seed: number) {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const exp = (rate: number): number => -Math.log(1 - uniform()) / rate;
  const freeAt = new Array<number>(c).fill(0);
  const queue: Array<{ arrived: number; leaves: number; counted: boolean }> = [];
  let head = 0;
  let now = 0;
  let served = 0;
  let waited = 0;
  let abandoned = 0;
  const warmup = Math.floor(arrivals / 10);
  const startNext = (server: number, at: number): void => {
    while (head < queue.length && queue[head]!.leaves < at) {
      if (queue[head]!.counted) abandoned++;
      head++;
    }
    if (head < queue.length) {
      const call = queue[head++]!;
      if (call.counted) {
        served++;
        waited += at - call.arrived;
      }
      freeAt[server] = at + exp(μ);
    } else freeAt[server] = Number.POSITIVE_INFINITY;
  };
  for (let i = 0; i < arrivals; i++) {
    now += exp(λ);
    const counted = i >= warmup;
    // Hand freed servers to waiting calls, in time order, up to this arrival.
    for (;;) {
      let server = 0;
      for (let s = 1; s < c; s++) if (freeAt[s]! < freeAt[server]!) server = s;
      if (!(freeAt[server]! <= now) || freeAt[server] === Number.POSITIVE_INFINITY) break;
      startNext(server, freeAt[server]!);
    }
    const idle = freeAt.findIndex((t) => t === Number.POSITIVE_INFINITY || t <= now);
    if (idle >= 0 && head === queue.length) {
      if (counted) served++;
      freeAt[idle] = now + exp(μ);
    } else {
      if (idle >= 0) throw new Error('a server idles while calls wait');
      queue.push({ arrived: now, leaves: now + exp(θ), counted });
    }
  }
  return { meanWaitOfServed: waited / served, probabilityOfAbandon: abandoned / (served + abandoned) };
}

describe('erlangA (M/M/c+M)', () => {
  it('agrees with the truncated chain solved by elimination', () => {
    const cases: Array<[number, number, number, number]> = [
      [8, 1, 10, 1],
      [12, 1, 10, 0.5],
      [3, 1, 3, 0.5],
      [0.5, 2, 1, 3],
      [40, 1, 30, 2],
    ];
    for (const [λ, μ, c, θ] of cases) {
      const chain = figuresFromChain(λ, μ, c, θ);
      expect(chain.tail).toBeLessThan(1e-15);
      const mine = erlangA({ arrivalRate: λ, serviceRate: μ, servers: c, abandonmentRate: θ });
      expect(mine.probabilityOfWait).toBeCloseTo(chain.probabilityOfWait, 10);
      expect(mine.meanInQueue).toBeCloseTo(chain.meanInQueue, 9);
      expect(mine.probabilityOfAbandon).toBeCloseTo(chain.probabilityOfAbandon, 9);
    }
  });

  it('agrees with the chain on random small systems', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.2, max: 10, noNaN: true }),
        (load, c, patienceRatio) => {
          const chain = figuresFromChain(load, 1, c, patienceRatio, 220);
          const mine = erlangA({ arrivalRate: load, serviceRate: 1, servers: c, abandonmentRate: patienceRatio });
          expect(mine.probabilityOfWait).toBeCloseTo(chain.probabilityOfWait, 8);
          expect(mine.probabilityOfAbandon).toBeCloseTo(chain.probabilityOfAbandon, 8);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives the mean wait of served calls that a seeded simulation measures', () => {
    const λ = 3;
    const μ = 1;
    const c = 3;
    const θ = 0.5;
    const simulated = simulate(λ, μ, c, θ, 400_000, 7);
    const mine = erlangA({ arrivalRate: λ, serviceRate: μ, servers: c, abandonmentRate: θ });
    expect(Math.abs(simulated.meanWaitOfServed / mine.meanWaitOfServed - 1)).toBeLessThan(0.01);
    expect(Math.abs(simulated.probabilityOfAbandon / mine.probabilityOfAbandon - 1)).toBeLessThan(0.01);
    // The served calls' wait is its own figure, not the queue time over all arrivals.
    expect(Math.abs(simulated.meanWaitOfServed / mine.meanTimeInQueue - 1)).toBeGreaterThan(0.05);
  });

  it('tends to Erlang C as patience grows without limit (a < c)', () => {
    const mine = erlangA({ arrivalRate: 8, serviceRate: 1, servers: 10, abandonmentRate: 1e-9 });
    expect(mine.probabilityOfWait).toBeCloseTo(erlangC({ offeredLoad: 8, servers: 10 }), 7);
    expect(mine.meanWaitOfServed).toBeCloseTo(mmcWait({ arrivalRate: 8, serviceRate: 1, servers: 10 }).meanTimeInQueue, 6);
    expect(mine.probabilityOfAbandon).toBeLessThan(1e-8);
  });

  it('tends to Erlang B as patience goes to zero', () => {
    const b = erlangB({ offeredLoad: 8, servers: 10 });
    const mine = erlangA({ arrivalRate: 8, serviceRate: 1, servers: 10, abandonmentRate: 1e9 });
    expect(mine.probabilityOfWait).toBeCloseTo(b, 7);
    expect(mine.probabilityOfAbandon).toBeCloseTo(b, 7);
    expect(mine.meanWaitOfServed).toBeLessThan(1e-9);
  });

  it('is stable above capacity: abandonment takes the excess', () => {
    const mine = erlangA({ arrivalRate: 20, serviceRate: 1, servers: 10, abandonmentRate: 0.01 });
    expect(mine.probabilityOfAbandon).toBeCloseTo(0.5, 3);
    expect(mine.utilization).toBeCloseTo(1, 3);
    expect(mine.meanInQueue).toBeCloseTo(1000, -1);
  });

  it('keeps figures finite and consistent on random inputs, large pools included', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 5_000, noNaN: true }),
        fc.integer({ min: 1, max: 3_000 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (load, c, θ) => {
          const mine = erlangA({ arrivalRate: load, serviceRate: 1, servers: c, abandonmentRate: θ });
          for (const value of Object.values(mine)) expect(Number.isFinite(value)).toBe(true);
          expect(mine.probabilityOfAbandon).toBeLessThanOrEqual(mine.probabilityOfWait + 1e-12);
          // Little's law on the queue: E[Q] = λ·E[time in queue].
          expect(mine.meanInQueue).toBeCloseTo(load * mine.meanTimeInQueue, 6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('explains bad input and patience too long for the load', () => {
    expect(() => erlangA({ arrivalRate: 8, serviceRate: 1, servers: 10, abandonmentRate: 0 })).toThrow(
      'abandonmentRate must be a finite number greater than 0 (got 0)',
    );
    expect(() => erlangA({ arrivalRate: 20, serviceRate: 1, servers: 10, abandonmentRate: 1e-9 })).toThrow(QueueingInputError);
    expect(() => erlangA({ arrivalRate: 20, serviceRate: 1, servers: 10, abandonmentRate: 1e-9 })).toThrow(/too small for this load/);
  });
});
