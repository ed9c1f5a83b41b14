import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attemptsPerCall, erlangB, retryLoad, timeoutRetryLoad } from '../../../src/queueing';
import { textbookErlangB, textbookErlangC } from './reference';

/** Every sign change of g on a fine grid over [from, to]: a brute-force second way to find fixed points. */
function crossings(g: (x: number) => number, from: number, to: number, steps = 20_000): number[] {
  const found: number[] = [];
  let previous = g(from);
  for (let i = 1; i <= steps; i++) {
    const x = from + ((to - from) * i) / steps;
    const value = g(x);
    if (Math.sign(value) !== Math.sign(previous) && value !== 0) found.push(x);
    previous = value;
  }
  return found;
}

describe('attemptsPerCall', () => {
  it('sums 1 + x + … + x^(r−1)', () => {
    expect(attemptsPerCall(0.5, 3)).toBe(1.75);
    expect(attemptsPerCall(0.2, 1)).toBe(1);
    expect(attemptsPerCall(1, 4)).toBe(4);
  });
});

describe('retryLoad (fail-fast pool, Erlang B)', () => {
  it('is plain Erlang B with one try', () => {
    const { lowest } = retryLoad({ offeredLoad: 8, servers: 10, tries: 1 });
    expect(lowest.attemptLoad).toBe(8);
    expect(lowest.blocking).toBeCloseTo(erlangB({ offeredLoad: 8, servers: 10 }), 15);
  });

  it('finds the root a grid search finds, with the textbook Erlang B', () => {
    const [a, c, r] = [8, 10, 4];
    const g = (load: number): number => a * attemptsPerCall(textbookErlangB(load, c), r) - load;
    const roots = crossings(g, a, a * r);
    expect(roots).toHaveLength(1);
    const { lowest, highest } = retryLoad({ offeredLoad: a, servers: c, tries: r });
    expect(Math.abs(lowest.attemptLoad - roots[0]!)).toBeLessThan((a * r) / 20_000);
    expect(highest.attemptLoad).toBeCloseTo(lowest.attemptLoad, 9);
    expect(lowest.failedShare).toBeCloseTo(lowest.blocking ** r, 15);
    expect(lowest.amplification).toBeCloseTo(lowest.attemptLoad / a, 15);
  });

  it('has one settled state for a fail-fast pool: from below and from above meet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.05, max: 4, noNaN: true }), fc.integer({ min: 1, max: 20 }), (c, rho, r) => {
        const { lowest, highest } = retryLoad({ offeredLoad: rho * c, servers: c, tries: r });
        expect(Math.abs(highest.attemptLoad - lowest.attemptLoad) / lowest.attemptLoad).toBeLessThan(1e-9);
        // The fixed-point equation holds.
        expect(rho * c * attemptsPerCall(lowest.blocking, r)).toBeCloseTo(lowest.attemptLoad, 8);
      }),
      { numRuns: 80 },
    );
  });

  it('names the field of bad input', () => {
    expect(() => retryLoad({ offeredLoad: 8, servers: 10, tries: 0 })).toThrow('tries must be a whole number of at least 1 (got 0)');
    expect(() => retryLoad({ offeredLoad: -1, servers: 10, tries: 2 })).toThrow('offeredLoad must be a finite number greater than 0 (got -1)');
  });
});

describe('timeoutRetryLoad (queue whose abandoned attempts are still served)', () => {
  const example = { arrivalRate: 80, serviceRate: 10, servers: 10, queueTimeout: 0.25, tries: 3 };

  /** P(Wq > τ) from the M/M/c distribution, independently: Σ over states n ≥ c of π_n·P(Erlang(n−c+1, cμ) > τ). */
  function waitTail(λ: number, μ: number, c: number, τ: number): number {
    const a = λ / μ;
    const waits = textbookErlangC(a, c);
    const ρ = a / c;
    // An arrival that waits finds c + j present with probability C·(1 − ρ)·ρ^j.
    // P(Erlang(j+1, cμ) > τ) = Σ_{k≤j} e^(−cμτ)(cμτ)^k/k!, built up as j grows.
    let tail = 0;
    let poisson = Math.exp(-c * μ * τ);
    let atMost = 0;
    for (let j = 0; j < 8_000; j++) {
      atMost += poisson;
      poisson *= (c * μ * τ) / (j + 1);
      tail += waits * (1 - ρ) * ρ ** j * atMost;
    }
    return tail;
  }

  it('uses the M/M/c wait tail C·e^(−(cμ−Λ)τ)', () => {
    const { settled } = timeoutRetryLoad({ ...example, tries: 1 });
    expect(settled?.timeoutShare).toBeCloseTo(waitTail(80, 10, 10, 0.25), 12);
  });

  it('is metastable when λ < cμ ≤ r·λ: a settled state, a tipping point and a self-sustaining overload', () => {
    const result = timeoutRetryLoad(example);
    expect(result.capacity).toBe(100);
    expect(result.overloadedAttemptRate).toBe(240);
    expect(result.metastable).toBe(true);
    // Brute force: the fixed points of Λ = λ·Σ p(Λ)^i below capacity, with p from the independent tail.
    const g = (rate: number): number => 80 * attemptsPerCall(waitTail(rate, 10, 10, 0.25), 3) - rate;
    const roots = crossings(g, 80, 99.5, 2_000);
    expect(roots).toHaveLength(2);
    expect(Math.abs((result.settled?.attemptRate ?? 0) - roots[0]!)).toBeLessThan(0.01);
    expect(Math.abs((result.tippingAttemptRate ?? 0) - roots[1]!)).toBeLessThan(0.01);
  });

  it('has no overloaded state to fall into without retries, or with few enough', () => {
    const once = timeoutRetryLoad({ ...example, tries: 1 });
    expect([once.metastable, once.overloadSustains, once.tippingAttemptRate]).toEqual([false, false, undefined]);
    expect(timeoutRetryLoad({ ...example, arrivalRate: 45, tries: 2 }).metastable).toBe(false);
  });

  it('has no settled state when even the first tries exceed capacity', () => {
    const result = timeoutRetryLoad({ ...example, arrivalRate: 120 });
    expect(result.settled).toBeUndefined();
    expect(result.metastable).toBe(false);
  });
});
