import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultState } from '../../../../src/islands/calculators/url-state';
import { SIZING_FORM, chartRange, computeSizing, queuePhrase, type SizingKey } from '../../../../src/islands/calculators/sizing-model';
import { expectNoBrokenNumbers } from './no-broken-numbers';

const DEFAULTS = defaultState(SIZING_FORM).values;
const sizing = (values: Partial<Record<SizingKey, string>>) => computeSizing({ ...DEFAULTS, ...values });

describe('computeSizing with queueing targets', () => {
  test('sizes 160 req/s × 100 ms at 1% blocking with no queue to 25 slots, showing 24 misses', () => {
    const outcome = sizing({});
    expect(outcome.status).toBe('model');
    if (outcome.status !== 'model') return;
    expect(outcome.sizing.servers).toBe(25);
    expect(outcome.headline).toBe('Recommended: 25 slots with no queue.');
    expect(outcome.steps.map((step) => step.title)).toEqual(["Offered load, by Little's law", 'The recommended size', 'One slot fewer']);
    expect(outcome.steps[0]?.text).toContain('= 16 Erlangs');
    expect(outcome.steps[2]?.text).toContain('blocking 1.47% is above the 1% target');
    expect(outcome.simulate).toBe('/simulator/?rate=160&mean=100&slots=25&queue=0');
  });

  test('draws blocking against pool size with the recommendation and the target marked', () => {
    const outcome = sizing({});
    if (outcome.status !== 'model') throw new Error(outcome.status);
    expect(outcome.charts).toHaveLength(1);
    const [chart] = outcome.charts;
    expect(chart?.markers).toEqual([{ x: 25, label: 'Recommended: 25' }]);
    expect(chart?.guides).toEqual([{ y: 0.01, label: 'target 1%' }]);
    const highlighted = chart?.table.rows[chart.table.highlight ?? -1];
    expect(highlighted?.[0]).toBe('25');
    expect(chart?.summary).toContain('Recommended: 25 slots, blocking 0.932%');
  });

  test('chooses the queue too when asked, with a blocking and a wait chart', () => {
    const outcome = sizing({ queue: 'auto', wait: '20' });
    if (outcome.status !== 'model') throw new Error(outcome.status);
    expect(outcome.sizing.model).toBe('mmck');
    expect(outcome.sizing.meetsBlocking).toBe(true);
    expect(outcome.sizing.meetsWait).toBe(true);
    expect(outcome.steps.map((step) => step.title)).toContain('One queue place fewer');
    expect(outcome.charts.map((chart) => chart.title)).toEqual(['Blocking versus pool size', 'Mean wait versus pool size']);
    expect(outcome.simulate).toBe(`/simulator/?rate=160&mean=100&slots=${outcome.sizing.servers}&queue=${String(outcome.sizing.queueCapacity)}`);
  });

  test('uses Erlang C for an unlimited queue and marks sizes that never settle', () => {
    const outcome = sizing({ queue: 'unbounded', block: '', wait: '10' });
    if (outcome.status !== 'model') throw new Error(outcome.status);
    expect(outcome.sizing.model).toBe('erlang-c');
    expect(outcome.steps[1]?.title).toBe('Lower bound');
    expect(outcome.charts.map((chart) => chart.title)).toEqual(['Mean wait versus pool size']);
    expect(outcome.charts[0]?.table.rows.some((row) => row[2] === 'never settles')).toBe(true);
    expect(outcome.simulate).toContain('queue=unbounded');
  });

  test('sizes a fixed queue', () => {
    const outcome = sizing({ queue: 'fixed', qsize: '5' });
    if (outcome.status !== 'model') throw new Error(outcome.status);
    expect(outcome.sizing.queueCapacity).toBe(5);
    expect(outcome.headline).toContain('a queue of 5 places');
  });

  test('puts a message beside a field that is not a number, and shows no result', () => {
    expect(sizing({ rate: 'abc' })).toEqual({ status: 'invalid', errors: { rate: 'Arrival rate must be a number, for example 2.5.' }, general: null });
    expect(sizing({ mean: '' })).toEqual({ status: 'invalid', errors: { mean: 'Mean service time needs a value.' }, general: null });
    expect(sizing({ block: '100' })).toMatchObject({ status: 'invalid', errors: { block: 'Target blocking must be less than 100.' } });
  });

  test('asks for the targets each queue choice needs', () => {
    expect(sizing({ block: '' })).toMatchObject({ errors: { block: 'With no queue nobody waits, so set a target blocking.' } });
    expect(sizing({ queue: 'unbounded', wait: '' })).toMatchObject({ errors: { wait: expect.stringContaining('set a target mean wait') } });
    expect(sizing({ queue: 'auto', wait: '' })).toMatchObject({ errors: { wait: expect.stringContaining('needs both targets') } });
    expect(sizing({ queue: 'fixed', block: '', wait: '' })).toMatchObject({ errors: { block: 'Set a target blocking, a target mean wait, or both.' } });
    expect(sizing({ queue: 'fixed', qsize: '2.5' })).toMatchObject({ errors: { qsize: 'Queue places must be a whole number.' } });
  });

  test('says so when no pool within the search limit is big enough', () => {
    const outcome = sizing({ rate: '1e6', mean: '1000' });
    expect(outcome.status).toBe('invalid');
    if (outcome.status === 'invalid') expect(outcome.general).toMatch(/^No pool of up to 100,000 slots meets these targets/);
  });

  test('handles about 10,000 slots', () => {
    const outcome = sizing({ rate: '100000', mean: '100', block: '0.1' });
    if (outcome.status !== 'model') throw new Error(outcome.status);
    expect(outcome.sizing.servers).toBeGreaterThan(10_000);
    expect(outcome.charts[0]?.series[0]?.points.length).toBeLessThanOrEqual(101);
  });
});

describe('computeSizing with the quick rule', () => {
  test('follows the Hystrix example: 30 req/s × 200 ms + 4 slots = 10', () => {
    const outcome = sizing({ method: 'quick', rate: '30', p99: '200', headroom: '4', mean: '' });
    if (outcome.status !== 'quick') throw new Error(outcome.status);
    expect(outcome.quick.size).toBe(10);
    expect(outcome.steps[1]?.text).toBe('6 + 4 slots of headroom = 10 slots.');
    expect(outcome.charts).toEqual([]);
    expect(outcome.simulate).toBeNull();
  });

  test('checks the rule with Erlang B when a mean service time is given', () => {
    const outcome = sizing({ method: 'quick', rate: '30', p99: '200', headroom: '4', mean: '100' });
    if (outcome.status !== 'quick') throw new Error(outcome.status);
    expect(outcome.steps.at(-1)?.title).toBe('Check with Erlang B (no queue)');
    expect(outcome.charts[0]?.markers[0]).toEqual({ x: 10, label: 'Quick rule: 10' });
    expect(outcome.simulate).toBe('/simulator/?rate=30&mean=100&slots=10&queue=0');
  });

  test('needs a p99 latency', () => {
    expect(sizing({ method: 'quick', p99: '' })).toMatchObject({ status: 'invalid', errors: { p99: 'p99 latency needs a value.' } });
  });
});

describe('computeSizing on any input', () => {
  test('never shows NaN or Infinity, and every failure names a field or says why', () => {
    const text = fc.oneof(
      fc.constantFrom('', '0', '-1', 'abc', '1e308', '1e-300', '0.0001', '99.999'),
      fc.double({ min: 1e-6, max: 1e7, noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(
        fc.record({
          method: fc.constantFrom('model', 'quick'),
          rate: text,
          mean: text,
          block: text,
          wait: text,
          queue: fc.constantFrom('none', 'fixed', 'auto', 'unbounded'),
          qsize: fc.constantFrom('0', '3', '50', 'x'),
          p99: text,
          headroom: fc.constantFrom('0', '4', '-2'),
        }),
        (values) => {
          const outcome = computeSizing(values);
          expectNoBrokenNumbers(outcome);
          if (outcome.status === 'invalid') expect(Object.keys(outcome.errors).length > 0 || outcome.general !== null).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('chartRange', () => {
  test('centres on the chosen size, stays at or above 1 and within the point budget', () => {
    expect(chartRange(25)).toEqual({ from: 12, to: 38, step: 1 });
    expect(chartRange(3)).toEqual({ from: 1, to: 13, step: 1 });
    const wide = chartRange(10_000);
    expect((wide.to - wide.from) / wide.step + 1).toBeLessThanOrEqual(101);
    expect((10_000 - wide.from) % wide.step).toBe(0);
  });
});

describe('queuePhrase', () => {
  test('names the queue in words', () => {
    expect(queuePhrase(0)).toBe('no queue');
    expect(queuePhrase(1)).toBe('a queue of 1 place');
    expect(queuePhrase('unbounded')).toBe('an unlimited queue');
  });
});
