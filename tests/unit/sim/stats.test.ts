import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, HISTOGRAM_RELATIVE_ERROR, LatencyHistogram } from '../../../src/sim/index';
import { SeriesBuffer } from '../../../src/sim/stats/series-buffer';

function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
}

describe('LatencyHistogram', () => {
  it('reports null quantiles and mean while empty', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.quantile(0.5)).toBeNull();
    expect(histogram.mean()).toBeNull();
  });

  it('reports quantiles within its documented relative error of the exact nearest-rank value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-5, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 400 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, q) => {
        const histogram = new LatencyHistogram();
        for (const v of values) histogram.record(v);
        const exact = exactQuantile([...values].sort((x, y) => x - y), q);
        const reported = histogram.quantile(q) as number;
        expect(Math.abs(reported - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 1e-12);
      }),
    );
  });

  it('is exact for a constant latency', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 100; i++) histogram.record(0.123);
    expect(histogram.quantile(0.99)).toBe(0.123);
    expect(histogram.mean()).toBeCloseTo(0.123, 12);
  });

  it('keeps the exact mean, minimum and maximum of many values in fixed memory', () => {
    const histogram = new LatencyHistogram();
    const rng = createRng(3);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < 50_000; i++) {
      const v = rng.next() * 2;
      sum += v;
      max = Math.max(max, v);
      histogram.record(v);
    }
    expect(histogram.count).toBe(50_000);
    expect(histogram.mean()).toBeCloseTo(sum / 50_000, 9);
    expect(histogram.max).toBe(max);
    histogram.reset();
    expect(histogram.count).toBe(0);
  });
});

describe('SeriesBuffer', () => {
  it('returns columns oldest first and keeps only the most recent rows', () => {
    const buffer = new SeriesBuffer(2, 3);
    for (let i = 1; i <= 5; i++) buffer.append([i, i * 10]);
    expect(buffer.size).toBe(3);
    expect(buffer.appended).toBe(5);
    expect(buffer.column(0)).toEqual([3, 4, 5]);
    expect(buffer.column(1, 2)).toEqual([40, 50]);
    expect(buffer.column(1, 0)).toEqual([]);
  });
});

describe('LatencyHistogram.quantiles', () => {
  it('agrees with quantile for each requested level', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-4, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const histogram = new LatencyHistogram();
        for (const v of values) histogram.record(v);
        const levels = [0.1, 0.5, 0.5, 0.95, 0.99, 1];
        expect(histogram.quantiles(levels)).toEqual(levels.map((q) => histogram.quantile(q)));
      }),
    );
  });
});
