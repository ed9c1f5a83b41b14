import { describe, expect, test } from 'vitest';
import type { PoolSnapshot } from '../../../../src/sim/index';
import type { ChartSeries, ServiceSetup } from '../../../../src/islands/simulator/protocol';
import {
  MAX_CELLS,
  appendSeries,
  chartLines,
  chartSummary,
  chartValue,
  largestValue,
  limitRange,
  limitText,
  linePath,
  niceAxis,
  poolView,
  queueRange,
  rateRange,
  slotRange,
} from '../../../../src/islands/simulator/view-model';

const service = (id: string, label: string, colour: number): ServiceSetup => ({
  id,
  label,
  mark: label[0] ?? '?',
  colour,
  arrivalRate: 1,
  baseArrivalRate: 1,
  timeout: null,
  baseTimeout: null,
  wait: null,
  baseWait: null,
  faults: [],
});
const SERVICES = [service('search', 'Search', 0), service('checkout', 'Checkout', 1)];

function pool(partial: Partial<PoolSnapshot>): PoolSnapshot {
  return {
    id: 'shared',
    kind: 'pool',
    services: ['search', 'checkout'],
    slots: 4,
    limit: 4,
    queueCapacity: 3,
    busy: 3,
    queued: 2,
    occupancy: [
      { service: 'search', tenant: null, since: 1, hung: true, draining: false },
      null,
      { service: 'checkout', tenant: null, since: 2, hung: false, draining: false },
      { service: 'search', tenant: null, since: 3, hung: false, draining: false },
    ],
    queue: ['search', 'checkout'],
    busyByService: { search: 2, checkout: 1 },
    queuedByService: { search: 1, checkout: 1 },
    meanBusy: 2,
    meanQueued: 1,
    busyTime: 10,
    adaptive: null,
    autoscale: null,
    serviceLimits: [],
    ...partial,
  };
}

describe('poolView', () => {
  test('draws a cell per slot with its service’s mark and colour, hung calls flagged', () => {
    const view = poolView(pool({}), 'Shared pool', SERVICES);
    expect(view.cells).toEqual([
      { free: false, service: 'search', mark: 'S', colour: 0, hung: true, draining: false },
      { free: true },
      { free: false, service: 'checkout', mark: 'C', colour: 1, hung: false, draining: false },
      { free: false, service: 'search', mark: 'S', colour: 0, hung: false, draining: false },
    ]);
    expect(view.queue.map((q) => q.mark)).toEqual(['S', 'C']);
    expect(view.hung).toBe(1);
  });

  test('describes the pool in words for screen readers', () => {
    expect(poolView(pool({}), 'Shared pool', SERVICES).description).toBe(
      'Shared pool: 3 of 4 slots busy (Search 2, Checkout 1), 1 of them hung; 2 of 3 queue places taken (Search 1, Checkout 1).',
    );
    expect(poolView(pool({ kind: 'semaphore', queueCapacity: 0, queued: 0, queue: [], limit: 2 }), 'Search permits', SERVICES).description).toBe(
      'Search permits: 3 of 4 permits busy (Search 2, Checkout 1), 1 of them hung; the adaptive limit admits 2; no queue.',
    );
  });

  test('draws a large pool as a bar and counts queued calls beyond those sent', () => {
    const view = poolView(pool({ slots: MAX_CELLS + 1, queued: 100 }), 'Big', SERVICES);
    expect(view.cells).toEqual([]);
    expect(view.moreQueued).toBe(98);
    expect(view.byService.map((s) => s.busy)).toEqual([2, 1]);
  });
});

const SERIES: ChartSeries = {
  time: [1, 2, 3],
  services: [
    { id: 'search', successRate: [1, null, 0.5], meanLatency: [0.05, 0.5, null], limit: [null, null, null] },
    { id: 'checkout', successRate: [1, 0.9, 0.2], meanLatency: [0.1, 0.1, 0.3], limit: [30, 20.5, 12] },
  ],
};

describe('appendSeries', () => {
  const tail: ChartSeries = {
    time: [2, 3, 4, 5],
    services: [
      { id: 'search', successRate: [null, 0.5, 0.4, 0.3], meanLatency: [0.5, null, 1, 2], limit: [null, null, null, null] },
      { id: 'checkout', successRate: [0.9, 0.2, 0.1, 0], meanLatency: [0.1, 0.3, 0.4, 0.5], limit: [20.5, 12, 10, 9] },
    ],
  };

  test('adds only the samples it does not have yet', () => {
    const joined = appendSeries(SERIES, tail, 100);
    expect(joined.time).toEqual([1, 2, 3, 4, 5]);
    expect(joined.services[0]?.successRate).toEqual([1, null, 0.5, 0.4, 0.3]);
    expect(joined.services[1]?.limit).toEqual([30, 20.5, 12, 10, 9]);
  });

  test('keeps at most the limit, dropping the oldest', () => {
    const joined = appendSeries(SERIES, tail, 3);
    expect(joined.time).toEqual([3, 4, 5]);
    expect(joined.services[1]?.meanLatency).toEqual([0.3, 0.4, 0.5]);
  });

  test('returns the same series when nothing is new', () => {
    expect(appendSeries(SERIES, { ...SERIES, time: [2, 3] }, 100)).toBe(SERIES);
  });
});

describe('chartLines', () => {
  test('takes the chosen column for each service, and limit lines only for capped services', () => {
    expect(chartLines('success', SERIES, SERVICES).map((l) => l.values)).toEqual([
      [1, null, 0.5],
      [1, 0.9, 0.2],
    ]);
    expect(chartLines('limit', SERIES, SERVICES).map((l) => l.id)).toEqual(['checkout']);
  });
});

describe('linePath', () => {
  test('breaks the line where a value is missing', () => {
    expect(linePath([1, 2, 3, 4], [0, null, 1, 2], (t) => t * 10, (v) => 100 - v * 10)).toBe('M10 100M30 90L40 80');
    expect(linePath([1], [0.123], (t) => t / 3, (v) => v)).toBe('M0.3 0.1');
  });
});

describe('niceAxis', () => {
  test('rounds the maximum up to a multiple of a nice step', () => {
    expect(niceAxis(60)).toEqual({ max: 60, step: 20 });
    expect(niceAxis(730)).toEqual({ max: 800, step: 200 });
    expect(niceAxis(90)).toEqual({ max: 100, step: 25 });
    expect(niceAxis(0)).toEqual({ max: 1, step: 0.25 });
  });
});

describe('largestValue', () => {
  test('ignores missing values', () => {
    expect(largestValue(chartLines('latency', SERIES, SERVICES))).toBe(0.5);
  });
});

describe('chartValue', () => {
  test('formats each kind of chart value', () => {
    expect(chartValue('success', 0.456)).toBe('46%');
    expect(chartValue('latency', 0.25)).toBe('250 ms');
    expect(chartValue('limit', 20.5)).toBe('20 calls');
    expect(chartValue('limit', null)).toBe('–');
  });
});

describe('chartSummary', () => {
  test('gives the span, the latest values and each line’s worst point', () => {
    expect(chartSummary('success', SERIES.time, chartLines('success', SERIES, SERVICES), 1)).toBe(
      'Share of calls that succeeded, per 1 s of simulated time, from 1.0 s to 3.0 s. Latest: Search 50%, Checkout 20%. Lowest: Search 50% at 3.0 s; Checkout 20% at 3.0 s.',
    );
    expect(chartSummary('latency', SERIES.time, chartLines('latency', SERIES, SERVICES), 1)).toContain('Highest: Search 500 ms at 2.0 s; Checkout 300 ms at 3.0 s.');
  });

  test('says when there are no samples yet', () => {
    expect(chartSummary('latency', [], [], 2)).toBe('Mean latency of successful calls, per 2 s of simulated time: no samples yet.');
  });
});

describe('slider ranges', () => {
  test('reach the scenario’s own value on their step grid', () => {
    for (const base of [10, 20, 200, 1000, 0.3]) {
      const range = rateRange(base, base);
      expect(Math.abs(base / range.step - Math.round(base / range.step))).toBeLessThan(1e-9);
      expect(range.max).toBeGreaterThanOrEqual(base * 5);
    }
  });

  test('always include the current value', () => {
    expect(rateRange(10, 5000).max).toBe(5000);
    expect(slotRange(6, 90).max).toBe(90);
    expect(queueRange(0, 3)).toEqual({ min: 0, max: 20, step: 1 });
    expect(limitRange(1, 20).max).toBe(20);
  });
});

describe('limitText', () => {
  test('reads zero or null as no limit', () => {
    expect(limitText(null, 'no timeout')).toBe('no timeout');
    expect(limitText(0)).toBe('none');
    expect(limitText(1.5)).toBe('1.5 s');
  });
});
