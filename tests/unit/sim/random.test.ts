import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, Rng } from '../../../src/sim/index';
import { exponential, lognormal, lognormalFromP99, lognormalFromSigma, MAX_LOGNORMAL_P99_RATIO, Z_99 } from '../../../src/sim/random/distributions';
import { mix32 } from '../../../src/sim/random/prng';

/** sfc32 written out plainly, one output per call, as an independent reference. */
function referenceSfc32(seed: number): () => number {
  let s = seed >>> 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    words.push(mix32(s));
    s = (s + 0x9e3779b9) | 0;
  }
  let [a, b, c, d] = words as [number, number, number, number];
  d |= 1;
  const raw = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) raw();
  return () => raw() / 4294967296;
}

describe('Rng', () => {
  it('gives the same sequence for the same seed', () => {
    const x = createRng(42);
    const y = createRng(42);
    for (let i = 0; i < 1000; i++) expect(x.next()).toBe(y.next());
  });

  it('matches a plain one-at-a-time sfc32 across buffer refills', () => {
    const rng = new Rng(7);
    const reference = referenceSfc32(7);
    for (let i = 0; i < 500; i++) expect(rng.next()).toBe(reference());
  });

  it('gives different sequences for different seeds', () => {
    const x = createRng(1);
    const y = createRng(2);
    const same = Array.from({ length: 100 }, () => x.next() === y.next()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(123);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      squares += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // Standard error of the mean is √(1/12 / n) ≈ 0.00065; allow 5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('rejects seeds that are not 32-bit unsigned integers', () => {
    expect(() => createRng(-1)).toThrow(RangeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(2 ** 32)).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of the seed and the stream name', () => {
    expect(deriveSeed(9, 'search/arrivals')).toBe(deriveSeed(9, 'search/arrivals'));
  });

  it('gives distinct seeds to distinct names and run seeds', () => {
    const names = ['search/arrivals', 'search/service-times', 'checkout/arrivals', 'checkout/service-times'];
    const seeds = new Set<number>();
    for (const seed of [0, 1, 2, 3]) for (const name of names) seeds.add(deriveSeed(seed, name));
    expect(seeds.size).toBe(16);
  });
});

describe('exponential', () => {
  it('has the requested mean', () => {
    const rng = createRng(5);
    const n = 100_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += exponential(rng, 0.2);
    // The exponential's standard deviation equals its mean: SE = 0.2/√n.
    expect(Math.abs(sum / n - 0.2)).toBeLessThan(5 * (0.2 / Math.sqrt(n)));
  });
});

describe('lognormalFromP99', () => {
  it('puts the 99th percentile and the mean where asked', () => {
    const parameters = lognormalFromP99(0.05, 0.25);
    expect(parameters).not.toBeNull();
    if (!parameters) return;
    expect(Math.exp(parameters.mu + Z_99 * parameters.sigma)).toBeCloseTo(0.25, 12);
    expect(Math.exp(parameters.mu + parameters.sigma ** 2 / 2)).toBeCloseTo(0.05, 12);
  });

  it('returns null when no lognormal fits', () => {
    expect(lognormalFromP99(1, 1)).toBeNull();
    expect(lognormalFromP99(1, 0.5)).toBeNull();
    expect(lognormalFromP99(1, MAX_LOGNORMAL_P99_RATIO * 1.01)).toBeNull();
  });

  it('draws samples whose mean and 99th percentile match', () => {
    const parameters = lognormalFromSigma(0.1, 0.6);
    const rng = createRng(11);
    const n = 100_000;
    const samples = Array.from({ length: n }, () => lognormal(rng, parameters)).sort((x, y) => x - y);
    const mean = samples.reduce((s, x) => s + x, 0) / n;
    const sd = 0.1 * Math.sqrt(Math.exp(0.36) - 1);
    expect(Math.abs(mean - 0.1)).toBeLessThan(5 * (sd / Math.sqrt(n)));
    const p99 = samples[Math.ceil(0.99 * n) - 1] as number;
    expect(p99 / Math.exp(parameters.mu + Z_99 * 0.6)).toBeCloseTo(1, 1);
  });
});
