import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ISOLATION_FORM, computeIsolation, partitionCounts, type IsolationKey } from '../../../../src/islands/calculators/isolation-model';
import { defaultState } from '../../../../src/islands/calculators/url-state';
import { expectNoBrokenNumbers } from './no-broken-numbers';

const DEFAULTS = defaultState(ISOLATION_FORM).values;
const isolation = (values: Partial<Record<IsolationKey, string>>) => computeIsolation({ ...DEFAULTS, ...values });

describe('computeIsolation', () => {
  test('needs 25 slots shared, 30 split two ways and 40 four ways for 16 Erlangs at 1%', () => {
    const two = isolation({ parts: '2' });
    const four = isolation({ parts: '4' });
    if (two.status !== 'ok' || four.status !== 'ok') throw new Error('invalid');
    expect(two.price).toMatchObject({ pooledServers: 25, splitServers: 30, extraServers: 5 });
    expect(four.price).toMatchObject({ pooledServers: 25, serversPerPartition: 10, splitServers: 40, extraServers: 15 });
    expect(four.headline).toBe('Isolation costs 15 slots (+60%): 40 slots in 4 pools against 25 slots shared.');
  });

  test('links to the simulator with what it compared: one shared pool against the split pools', () => {
    const outcome = isolation({});
    if (outcome.status !== 'ok') throw new Error('invalid');
    // 25 slots shared against 4 × 10: the simulator's shared panel must not get the 40 of the split pools.
    expect(outcome.simulate).toBe('/simulator/?rate=160&mean=100&slots=40&queue=0&partitions=4&shared=25');
    const one = isolation({ parts: '1' });
    if (one.status !== 'ok') throw new Error('invalid');
    expect(one.simulate).toBe('/simulator/?rate=160&mean=100&slots=25&queue=0&partitions=1');
  });

  test('shows how blocking rises when the same slots are split without adding any', () => {
    const outcome = isolation({ parts: '2', rate: '160' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.steps.at(-1)?.text).toContain('2 pools of 12 slots');
  });

  test('charts total slots against N with the current N marked and the shared pool as a line', () => {
    const outcome = isolation({});
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.chart.series[0]?.points.slice(0, 4)).toEqual([
      [1, 25],
      [2, 30],
      [3, 36],
      [4, 40],
    ]);
    expect(outcome.chart.markers).toEqual([{ x: 4, label: 'N = 4' }]);
    expect(outcome.chart.guides).toEqual([{ y: 25, label: 'one shared pool: 25' }]);
  });

  test('puts messages beside bad fields', () => {
    expect(isolation({ parts: '0' })).toMatchObject({ status: 'invalid', errors: { parts: 'Partitions must be at least 1.' } });
    expect(isolation({ block: 'x' })).toMatchObject({ status: 'invalid', errors: { block: expect.stringMatching(/^Target blocking must be a number/) } });
    expect(isolation({ rate: '10000000', mean: '3600000' })).toMatchObject({ status: 'invalid', errors: { rate: expect.stringContaining('handles up to 100,000') } });
  });

  test('never shows NaN or Infinity', () => {
    const text = fc.oneof(fc.constantFrom('', '0', '1', 'abc', '1e-9', '50'), fc.integer({ min: 1, max: 5000 }).map(String));
    fc.assert(
      fc.property(fc.record({ rate: text, mean: text, block: text, parts: text }), (values) => expectNoBrokenNumbers(computeIsolation(values))),
      { numRuns: 100 },
    );
  });
});

describe('partitionCounts', () => {
  test('lists every count up to a little past the current one', () => {
    expect(partitionCounts(4)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(partitionCounts(20)).toHaveLength(24);
  });

  test('spreads at most 32 counts over a wide range, always including the current one', () => {
    const counts = partitionCounts(500);
    expect(counts.length).toBeLessThanOrEqual(33);
    expect(counts).toContain(500);
    expect(counts[0]).toBe(1);
  });
});
