/**
 * What the panels draw of capacity: a dependency's servers and waiting calls, a pool's size over
 * time beside its busy slots, and a dependency's utilisation over time; and the series fields in
 * the snapshot they read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseScenario, presets, type DependencySnapshot, type PoolSnapshot, type Scenario } from '../../../../src/sim/index';
import { buildRun } from '../../../../src/islands/simulator/scenario-builder';
import { SimSession } from '../../../../src/islands/simulator/sim-session';
import type { ChartSeries, DependencySetup, PoolSetup, ServiceSetup } from '../../../../src/islands/simulator/protocol';
import { NEUTRAL_COLOUR, SIZE_DASH, appendSeries, chartSummary, dependencyLines, dependencyView, linePath, poolView, slotLines } from '../../../../src/islands/simulator/view-model';
import { presetState, type SimulatorState } from '../../../../src/islands/simulator/simulator-state';

const customState = (scenario: unknown): SimulatorState => ({ ...presetState('healthy'), source: { kind: 'custom', scenario } });

const scenarioFile = (name: string): Scenario => {
  const parsed = parseScenario(JSON.parse(readFileSync(`scenarios/${name}.json`, 'utf8')) as unknown);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
};

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
const DATABASE: DependencySetup = { id: 'database', capacity: 6, services: ['search', 'checkout'] };

const dependency = (busy: number, waiting: number, capacity = 6): DependencySnapshot => ({
  id: 'database',
  capacity,
  busy,
  waiting,
  services: ['search', 'checkout'],
  meanBusy: 4.2,
  utilisation: 0.7,
  meanWaiting: 1,
  started: 100,
  probabilityOfWaiting: 0.3,
  meanWait: 0.01,
  queueCapacity: null,
  refused: 0,
});

describe('dependencyView', () => {
  test('draws a cell per call served at once, busy first, and says it in words', () => {
    const view = dependencyView(dependency(4, 3), DATABASE, SERVICES);
    expect(view.cells).toEqual([true, true, true, true, false, false]);
    expect(view).toMatchObject({ busy: 4, capacity: 6, waiting: 3, waitingDrawn: 3, moreWaiting: 0 });
    expect(view.description).toBe(
      "Dependency database, called by Search and Checkout: 4 of the 6 calls it serves at once in progress; 3 calls waiting there, each holding its caller's slot. Busy 70% of the time since the warm-up.",
    );
  });

  test('says when nothing waits, and counts waiting calls beyond those drawn', () => {
    expect(dependencyView(dependency(0, 0), DATABASE, SERVICES).description).toContain('0 of the 6 calls it serves at once in progress; no call waiting.');
    const crowded = dependencyView(dependency(6, 75), DATABASE, SERVICES);
    expect(crowded.waitingDrawn + crowded.moreWaiting).toBe(75);
    expect(crowded.moreWaiting).toBeGreaterThan(0);
  });

  test('a dependency that refuses beyond its queue says how many it refused', () => {
    const refusing = dependencyView({ ...dependency(6, 0), queueCapacity: 0, refused: 1234 }, DATABASE, SERVICES);
    expect(refusing.refused).toBe(1234);
    expect(refusing.description).toContain('It lets no call wait and refuses the rest: 1,234 calls refused since the warm-up.');
    expect(dependencyView({ ...dependency(6, 2), queueCapacity: 3, refused: 1 }, DATABASE, SERVICES).description).toContain('It lets at most 3 calls wait and refuses the rest: 1 call refused');
    expect(dependencyView(dependency(6, 2), DATABASE, SERVICES).description).not.toContain('refuse');
  });

  test('draws a large dependency as a bar (no cells)', () => {
    expect(dependencyView(dependency(100, 0, 1000), { ...DATABASE, capacity: 1000 }, SERVICES).cells).toEqual([]);
  });
});

describe('poolView of an autoscaled pool', () => {
  test('names the autoscaler’s bounds and target in words and in the head', () => {
    const pool: PoolSnapshot = {
      id: 'shared',
      kind: 'pool',
      services: ['search'],
      slots: 3,
      limit: 3,
      queueCapacity: 0,
      busy: 1,
      queued: 0,
      occupancy: [{ service: 'search', tenant: null, since: 1, hung: false, draining: false }, null, null],
      queue: [],
      busyByService: { search: 1 },
      queuedByService: {},
      meanBusy: 1,
      meanQueued: 0,
      busyTime: 1,
      adaptive: null,
      autoscale: { min: 2, max: 30, targetUtilisation: 0.7, history: [{ at: 0, slots: 3 }] },
      serviceLimits: [],
    };
    const view = poolView(pool, 'Shared pool', SERVICES);
    expect(view.autoscale).toEqual({ min: 2, max: 30 });
    expect(view.description).toBe('Shared pool: 1 of 3 slots busy; an autoscaler keeps it between 2 and 30 slots, aiming at 70% busy; no queue places.');
    expect(poolView({ ...pool, autoscale: null }, 'Shared pool', SERVICES).autoscale).toBeNull();
  });
});

const POOLS: PoolSetup[] = [
  { id: 'shared', label: 'Shared pool', services: ['search', 'checkout'], kind: 'pool', slots: 6, queue: 10, baseSlots: 6, baseQueue: 10, resizes: true },
  { id: 'search-pool', label: 'Search pool', services: ['search'], kind: 'pool', slots: 4, queue: 0, baseSlots: 4, baseQueue: 0, resizes: false },
];
const LABELS = new Map(POOLS.map((p) => [p.id, p.label] as const));
const SERIES: ChartSeries = {
  time: [5, 10, 15, 20],
  services: [],
  pools: [
    { id: 'shared', meanBusy: [3, 4.25, 8, 9], slots: [6, 6, 10, 14] },
    { id: 'search-pool', meanBusy: [1, 1, 2, 2], slots: [4, 4, 4, 4] },
  ],
  dependencies: [{ id: 'database', meanBusy: [3, 6, 4.5, 0] }],
};

describe('slotLines', () => {
  test('gives each pool a busy line and a stepped, dashed size line, in its one service’s colour or the text colour', () => {
    const lines = slotLines(SERIES, POOLS, LABELS, SERVICES);
    expect(lines.map((l) => l.label)).toEqual(['Shared pool busy slots', 'Shared pool size', 'Search pool busy slots', 'Search pool size']);
    expect(lines[1]).toMatchObject({ values: [6, 6, 10, 14], step: true, dash: SIZE_DASH, colour: NEUTRAL_COLOUR });
    expect(lines[2]).toMatchObject({ values: [1, 1, 2, 2], colour: 0 });
  });

  test('says how each size changed in the chart’s text alternative', () => {
    const summary = chartSummary('slots', SERIES.time, slotLines(SERIES, POOLS, LABELS, SERVICES), 5);
    expect(summary).toContain('Latest: Shared pool busy slots 9, Shared pool size 14, Search pool busy slots 2, Search pool size 4.');
    expect(summary).toContain('Shared pool size went from 6 to 14, between 6 and 14');
    expect(summary).toContain('Search pool size stayed at 4');
    expect(summary).toContain('Highest: Shared pool busy slots 9 at');
  });
});

describe('dependencyLines', () => {
  test('plots mean calls in service ÷ capacity, and the summary names the highest', () => {
    const lines = dependencyLines(SERIES, [DATABASE]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.values).toEqual([0.5, 1, 0.75, 0]);
    const summary = chartSummary('dependency', SERIES.time, lines, 5);
    expect(summary).toContain('Latest: database 0%.');
    expect(summary).toContain('Highest: database 100% at');
  });
});

describe('linePath with steps', () => {
  test('holds each value until the next sample, then jumps', () => {
    const x = (t: number) => t;
    const y = (v: number) => 100 - v;
    expect(linePath([0, 10, 20], [5, 5, 8], x, y, true)).toBe('M0 95L10 95L20 95L20 92');
    expect(linePath([0, 10, 20], [5, 5, 8], x, y)).toBe('M0 95L10 95L20 92');
  });
});

describe('appendSeries', () => {
  test('appends pool and dependency samples too', () => {
    const tail: ChartSeries = {
      time: [20, 25],
      services: [],
      pools: [
        { id: 'shared', meanBusy: [9, 10], slots: [14, 18] },
        { id: 'search-pool', meanBusy: [2, 3], slots: [4, 4] },
      ],
      dependencies: [{ id: 'database', meanBusy: [0, 6] }],
    };
    const joined = appendSeries(SERIES, tail, 100);
    expect(joined.pools?.[0]?.slots).toEqual([6, 6, 10, 14, 18]);
    expect(joined.dependencies?.[0]?.meanBusy).toEqual([3, 6, 4.5, 0, 6]);
  });
});

describe('the runs behind the charts', () => {
  test('the autoscaling scenario: the shared pool’s size series follows its autoscaler, and the setup says it resizes', () => {
    const scenario = scenarioFile('autoscaling');
    const { setup } = buildRun(customState(scenario));
    expect(setup.panels.find((p) => p.policy === 'shared')?.pools[0]?.resizes).toBe(true);
    expect(setup.panels.find((p) => p.policy === 'partitioned')?.pools[0]?.resizes).toBe(false);
    const session = new SimSession(scenario, ['shared'], 1, []);
    session.advance(600);
    const frame = session.frame(true);
    const sizes = frame.series?.[0]?.pools?.[0]?.slots ?? [];
    const times = frame.series?.[0]?.time ?? [];
    expect(new Set(sizes).size).toBeGreaterThan(2);
    const history = session.frame().snapshots[0]?.pools[0]?.autoscale?.history ?? [];
    times.forEach((time, i) => {
      // A sample at time t is taken before the events at t, so a change at t shows from the next sample.
      const expected = [...history].reverse().find((h) => h.at < time)?.slots;
      expect(sizes[i], `size at ${time} s`).toBe(expected);
    });
  });

  test('the scheduled resize: the size series steps to 24 after 100 s and back to 12 after 200 s', () => {
    const scenario = scenarioFile('scheduled-resize');
    const session = new SimSession(scenario, ['partitioned'], 1, []);
    session.advance(300);
    const series = session.frame(true).series?.[0];
    const at = (t: number) => series?.pools?.[0]?.slots[series.time.indexOf(t)];
    expect([at(100), at(102), at(200), at(202)]).toEqual([12, 24, 24, 12]);
  });

  test('shared-downstream: the dependency’s series averages to its snapshot mean, with no dip at the warm-up', () => {
    const scenario = presets['shared-downstream'];
    const { setup } = buildRun(customState(scenario));
    expect(setup.dependencies).toEqual([{ id: 'database', capacity: scenario.dependencies?.[0]?.capacity, services: ['search', 'checkout'] }]);
    const session = new SimSession(scenario, ['partitioned'], 2, []);
    session.advance(scenario.duration);
    const frame = session.frame(true);
    const series = frame.series?.[0];
    const live = frame.snapshots[0]?.dependencies[0];
    const busy = series?.dependencies?.[0]?.meanBusy ?? [];
    const after = busy.filter((_, i) => (series?.time[i] ?? 0) > scenario.warmup);
    const mean = after.reduce((a, b) => a + b, 0) / after.length;
    expect(mean).toBeCloseTo(live?.meanBusy ?? Number.NaN, 1);
    const atWarmup = busy[series?.time.findIndex((t) => t >= scenario.warmup) ?? -1] ?? 0;
    expect(atWarmup).toBeGreaterThan(0.5 * (live?.meanBusy ?? 0));
    expect(Math.max(...busy)).toBeLessThanOrEqual(live?.capacity ?? 0);
  });
});

describe('the run export', () => {
  test('the CSV has each resizing pool’s busy slots and size, and each dependency’s utilisation', async () => {
    const { seriesCsv } = await import('../../../../src/islands/simulator/run-export');
    const scenario = presets['shared-downstream'];
    const withResize = { ...scenario, schedule: [{ at: 10, pool: 'search-pool', slots: 30 }] };
    const { setup, scenario: built } = buildRun(customState(withResize));
    const session = new SimSession(built, setup.panels.map((p) => p.policy), 1, []);
    session.advance(20);
    const frame = session.frame(true);
    const csv = seriesCsv({ setup, snapshots: frame.snapshots, series: frame.series, time: frame.time, done: frame.done });
    const [header = '', ...rows] = csv.split('\r\n').filter((line) => line !== '');
    const columns = header.split(',');
    const size = columns.indexOf('partitioned: search-pool size (slots)');
    const utilisation = columns.indexOf('partitioned: dependency database utilisation (share 0-1)');
    expect(size).toBeGreaterThan(0);
    expect(columns).toContain('partitioned: search-pool busy slots (mean over the sample)');
    expect(utilisation).toBeGreaterThan(0);
    expect(columns.filter((c) => c.endsWith('size (slots)'))).toHaveLength(setup.panels.filter((p) => p.pools.some((pool) => pool.id === 'search-pool')).length);
    expect(rows.map((row) => row.split(',')[size])).toEqual([...Array(10).fill('24'), ...Array(10).fill('30')]);
    for (const row of rows) {
      const share = Number(row.split(',')[utilisation]);
      expect(share >= 0 && share <= 1).toBe(true);
    }
  });
});
