import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BLAST_FORM, BLAST_PRESETS, computeBlastRadius, sampleShards, shardCountText, type BlastKey } from '../../../../src/islands/calculators/blast-radius-model';
import { defaultState } from '../../../../src/islands/calculators/url-state';
import { expectNoBrokenNumbers } from './no-broken-numbers';

const DEFAULTS = defaultState(BLAST_FORM).values;
const blast = (values: Partial<Record<BlastKey, string>>) => computeBlastRadius({ ...DEFAULTS, ...values });

describe('computeBlastRadius', () => {
  test("reproduces the Builders' Library example: 28 shards, 1 in 28, 7 times better than 4 cells", () => {
    const outcome = blast({ nodes: '8', k: '2' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.shardCount.exact).toBe('28');
    expect(outcome.figures[0]?.value).toBe('3.57% (1 in 28)');
    expect(outcome.figures[2]?.value).toBe('25% of customers, about 250 customers');
    expect(outcome.figures[5]?.value).toBe('7× smaller');
    expect(outcome.overlapTable?.map((row) => row.oneIn)).toEqual(['1 in 2.15', '1 in 28']);
  });

  test('counts Route 53 shuffle shards exactly: C(2048, 4) = 730,862,190,080', () => {
    const preset = BLAST_PRESETS.find((candidate) => candidate.id === 'route-53');
    const outcome = blast({ nodes: preset?.nodes ?? '', k: preset?.k ?? '' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.shardCount.short).toBe('730,862,190,080');
    expect(outcome.figures[0]?.value).toBe('1.37 × 10⁻¹² (1 in 730,862,190,080)');
  });

  test('shortens counts too long to read, keeping every digit for the details', () => {
    const outcome = blast({ nodes: '1000000', k: '100' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.shardCount.short).toBe('≈ 1.07 × 10⁴⁴² (443 digits)');
    expect(outcome.shardCount.exact.replaceAll(',', '')).toHaveLength(443);
    expect(outcome.overlapTable).toBeNull();
  });

  test('gives shares and ratios beyond double range in words, not as 0 or Infinity', () => {
    const outcome = blast({ nodes: '1000000', k: '100', customers: '10' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.figures[0]?.value).toBe('below 10⁻³⁰⁰ (1 in 1.07 × 10⁴⁴²)');
    expect(outcome.figures[3]?.value).toBe('below 10⁻³⁰⁰ of the others lose every node, far fewer than one customer on average');
    expect(outcome.figures[5]?.value).toBe('about 1.07 × 10⁴³⁸× smaller');
  });

  test('refuses shards above 100 nodes', () => {
    expect(blast({ nodes: '5000', k: '101' })).toMatchObject({ errors: { k: 'Shard size must be at most 100.' } });
  });

  test('refuses a shard larger than the fleet, beside the shard-size field', () => {
    expect(blast({ nodes: '8', k: '9' })).toEqual({ status: 'invalid', errors: { k: 'Shard size must be at most the number of nodes (8).' }, general: null });
  });

  test('keeps the results when only the sample number is bad, with a message for it', () => {
    const outcome = blast({ seed: '-1' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.sample).toBeNull();
    expect(outcome.seedError).toBe('Sample number must be at least 0.');
  });

  test('never shows NaN or Infinity', () => {
    const whole = fc.oneof(fc.constantFrom('', '0', '1', 'x', '2.5'), fc.integer({ min: 1, max: 3000 }).map(String));
    fc.assert(fc.property(fc.record({ nodes: whole, k: whole.filter((text) => text.length < 3), customers: whole, seed: whole }), (values) => expectNoBrokenNumbers(computeBlastRadius(values))), {
      numRuns: 100,
    });
  });
});

describe('sampleShards', () => {
  test('draws the same pair for the same seed, and lists the shared nodes', () => {
    const first = sampleShards(2048, 4, 7);
    expect(sampleShards(2048, 4, 7)).toEqual(first);
    expect(first.a).toHaveLength(4);
    expect(first.b).toHaveLength(4);
    expect(first.shared).toEqual(first.b.filter((node) => first.a.includes(node)));
  });
});

describe('shardCountText', () => {
  test('shows up to 40 digits in full', () => {
    expect(shardCountText(10n ** 39n).short).toBe(`1${',000'.repeat(13)}`);
    expect(shardCountText(10n ** 40n).short).toBe('≈ 1 × 10⁴⁰ (41 digits)');
  });
});
