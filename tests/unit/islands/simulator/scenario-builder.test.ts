import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PRESET_NAMES, presets } from '../../../../src/sim/index';
import { MAX_LIVE_RATE, UNBOUNDED_QUEUE, applyOverrides, buildRun, niceCeil, queueingScenario, splitEvenly } from '../../../../src/islands/simulator/scenario-builder';
import { FIELD_LABELS, problemText, runNames } from '../../../../src/islands/simulator/link-problems';
import { presetState, type QueueingSource, type SimulatorState } from '../../../../src/islands/simulator/simulator-state';

const pool = (partial: Partial<QueueingSource>): SimulatorState => ({
  ...presetState('healthy'),
  source: { kind: 'queueing', rate: 160, meanMs: 100, slots: 25, queue: 0, partitions: 1, ...partial },
});

describe('buildRun', () => {
  test('builds every preset with all its policies as panels and no problems', () => {
    for (const name of PRESET_NAMES) {
      const { scenario, setup } = buildRun(presetState(name));
      expect(scenario).toEqual(presets[name]);
      expect(setup.panels.map((p) => p.policy)).toEqual(Object.keys(presets[name].policies));
      expect(setup.problems).toEqual([]);
    }
  });

  test('settings that break a rule of the scenario keep its own, and say which rule in the schema\'s words', () => {
    const scenario = JSON.parse(readFileSync('scenarios/hedged-requests.json', 'utf8')) as { services: { id: string; client?: { hedge?: unknown } }[] };
    const hedged = scenario.services.find((s) => s.client?.hedge);
    const { setup } = buildRun({ ...presetState('healthy'), source: { kind: 'custom', scenario }, overrides: [{ kind: 'timeout', service: hedged?.id ?? '', value: 0.05 }] });
    const text = setup.problems.map((problem) => problemText(problem, runNames(setup))).join(' ');
    expect(text).toMatch(/do not make a run the simulator can start, so it kept the scenario’s own settings: services\[1\]\.client\.hedge\.delay must be less than timeout/);
  });

  test('labels the panels of the slow-search preset as the lesson reads them', () => {
    const { setup } = buildRun(presetState('slow-search'));
    expect(setup.panels.map((p) => p.label)).toEqual(['Shared pool', 'Partitioned pools']);
    expect(setup.panels[1]?.pools.map((p) => `${p.label} ${p.slots}/${p.queue}`)).toEqual(['Search pool 18/10', 'Checkout pool 6/6', 'Analytics pool 6/6']);
    expect(setup.services.map((s) => s.mark)).toEqual(['S', 'C', 'A']);
  });

  test('applies settings and shows only the chosen panels', () => {
    const { scenario, setup } = buildRun({
      ...presetState('slow-search'),
      policies: ['partitioned'],
      overrides: [
        { kind: 'rate', service: 'checkout', value: 40 },
        { kind: 'timeout', service: 'analytics', value: null },
        { kind: 'slots', policy: 'partitioned', pool: 'search-pool', value: 24 },
        { kind: 'queue', policy: 'shared', pool: 'shared', value: 0 },
      ],
    });
    expect(setup.problems).toEqual([]);
    expect(setup.panels.map((p) => p.policy)).toEqual(['partitioned']);
    expect(scenario.services[1]?.arrival.rate).toBe(40);
    expect(scenario.services[2]?.client.timeout).toBeUndefined();
    expect(setup.panels[0]?.pools[0]).toMatchObject({ slots: 24, baseSlots: 18 });
    expect(scenario.policies['shared']).toMatchObject({ queue: 0 });
    expect(setup.services[1]).toMatchObject({ arrivalRate: 40, baseArrivalRate: 20 });
  });

  test('drops settings, panels and faults the scenario has no place for, and says so', () => {
    const { setup } = buildRun({
      ...presetState('queue-vs-no-queue'),
      policies: ['nope'],
      overrides: [
        { kind: 'rate', service: 'billing', value: 3 },
        { kind: 'queue', policy: 'partitioned', pool: 'search-permits', value: 5 },
        { kind: 'slots', policy: 'shared', pool: 'elsewhere', value: 5 },
      ],
      events: [
        { at: 10, service: 'billing', kind: 'hang' },
        { at: 99, service: 'search', kind: 'hang' },
      ],
    });
    expect(setup.problems.map((problem) => problemText(problem, runNames(setup)))).toEqual([
      'The link (it sets the arrival rate for a service this page has no setting for, so that was left out)',
      'Semaphores, no queue (semaphores have no queue, so a queue size for them was left out)',
      'The link (it sets the slots of a pool this page has no setting for, so that was left out)',
      'Panels (this scenario has no panel “nope”)',
      'Fault (the fault at 10 s is for a dependency this scenario does not have)',
      'Fault (the fault at 99 s comes after the run ends at 60 s)',
    ]);
    expect(setup.state.overrides).toEqual([]);
    expect(setup.state.events).toEqual([]);
    expect(setup.state.policies).toBeNull();
    expect(setup.panels).toHaveLength(3);
  });

  test('opens the default preset for an unknown one', () => {
    const { setup } = buildRun(presetState('no-such-preset'));
    expect(setup.title).toBe(presets['slow-search'].name);
    expect(setup.state.source).toEqual({ kind: 'preset', preset: 'slow-search' });
    expect(setup.problems).toEqual([{ subject: { kind: 'field', label: FIELD_LABELS.preset }, rule: 'not one of the scenarios in the list' }]);
  });

  test('gives the shared pool its own slots when the calculator compared different totals', () => {
    const { scenario, setup } = buildRun(pool({ partitions: 4, slots: 40, sharedSlots: 25 }));
    expect(scenario.policies['shared']).toMatchObject({ kind: 'shared', slots: 25 });
    expect(setup.panels[1]?.pools.map((p) => p.slots)).toEqual([10, 10, 10, 10]);
    expect(setup.panels[0]?.theory[0]).toMatchObject({ applies: true, model: { servers: 25 } });
    expect(setup.notes.join(' ')).toContain('one pool of 25 slots; the partitioned panel gives each stream its own pool of 10 slots (40 slots in all)');
  });

  test('refuses a pool whose derived rates are not finite instead of failing inside the engine', () => {
    const { setup } = buildRun(pool({ meanMs: 1e-308 }));
    expect(setup.problems.map((problem) => problemText(problem))).toEqual(['Mean service time (too short: calls served per second would not be a finite number)']);
    expect(JSON.stringify(setup)).not.toMatch(/Infinity|NaN/);
  });

  test('turns a calculator pool into an M/M/c/K scenario the theory covers', () => {
    const { setup } = buildRun(pool({ partitions: 4, slots: 40 }));
    expect(setup.panels.map((p) => p.label)).toEqual(['Shared pool', 'Partitioned pools']);
    expect(setup.panels.flatMap((p) => p.theory.map((t) => t.applies))).toEqual([true, true, true, true, true]);
    expect(setup.notes.join(' ')).toContain('M/M/c/K');
  });
});

describe('queueingScenario', () => {
  test('splits traffic into equal streams and slots into near-equal pools', () => {
    const { input } = queueingScenario({ kind: 'queueing', rate: 90, meanMs: 50, slots: 10, queue: 5, partitions: 3 });
    expect(input.services.map((s) => s.arrival.rate)).toEqual([30, 30, 30]);
    const partitioned = input.policies['partitioned'];
    expect(partitioned?.kind === 'partitioned' && partitioned.pools.map((p) => [p.slots, p.queue])).toEqual([
      [4, 2],
      [3, 2],
      [3, 1],
    ]);
    expect(input.policies['shared']).toEqual({ kind: 'shared', slots: 10, queue: 5 });
  });

  test('has a single pool with one partition', () => {
    const { input } = queueingScenario({ kind: 'queueing', rate: 10, meanMs: 100, slots: 2, queue: 0, partitions: 1 });
    expect(Object.keys(input.policies)).toEqual(['shared']);
    expect(input.services).toHaveLength(1);
  });

  test('keeps the load but slows time for rates too fast to animate', () => {
    const { input, notes } = queueingScenario({ kind: 'queueing', rate: MAX_LIVE_RATE * 4, meanMs: 10, slots: 250, queue: 0, partitions: 1 });
    const service = input.services[0];
    expect(service?.arrival.rate).toBe(MAX_LIVE_RATE);
    expect(service?.serviceTime.mean).toBeCloseTo(0.04, 12);
    expect(notes.join(' ')).toContain('same 200 Erlangs');
  });

  test('runs an unbounded queue as a large bounded one and says so', () => {
    const { input, notes } = queueingScenario({ kind: 'queueing', rate: 10, meanMs: 100, slots: 2, queue: 'unbounded', partitions: 2 });
    const partitioned = input.policies['partitioned'];
    expect(partitioned?.kind === 'partitioned' && partitioned.pools.map((p) => p.queue)).toEqual([UNBOUNDED_QUEUE, UNBOUNDED_QUEUE]);
    expect(notes.join(' ')).toContain('unbounded queue runs as 10,000 places');
  });

  test('gives each partition at least one slot', () => {
    const { input, notes } = queueingScenario({ kind: 'queueing', rate: 10, meanMs: 100, slots: 2, queue: 0, partitions: 3 });
    expect(input.policies['shared']).toMatchObject({ slots: 3 });
    expect(notes.join(' ')).toContain('at least one slot');
  });

  test('lengthens the run for slow services, up to an hour', () => {
    expect(queueingScenario({ kind: 'queueing', rate: 1, meanMs: 100, slots: 1, queue: 0, partitions: 1 }).input.duration).toBe(300);
    expect(queueingScenario({ kind: 'queueing', rate: 1, meanMs: 5000, slots: 1, queue: 0, partitions: 1 }).input.duration).toBe(2000);
    expect(queueingScenario({ kind: 'queueing', rate: 1, meanMs: 600_000, slots: 1, queue: 0, partitions: 1 }).input.duration).toBe(3600);
  });
});

describe('applyOverrides', () => {
  test('leaves the preset itself unchanged', () => {
    const before = JSON.stringify(presets.healthy);
    applyOverrides(presets.healthy, [{ kind: 'rate', service: 'search', value: 1 }]);
    expect(JSON.stringify(presets.healthy)).toBe(before);
  });

  test('sets permits on a semaphore pool', () => {
    const { scenario, used } = applyOverrides(presets['queue-vs-no-queue'], [{ kind: 'slots', policy: 'partitioned', pool: 'search-permits', value: 9 }]);
    expect(used).toHaveLength(1);
    const policy = scenario.policies['partitioned'];
    expect(policy?.kind === 'semaphore' && policy.pools[0]?.permits).toBe(9);
  });
});

describe('niceCeil', () => {
  test('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.3, 1, 1.5, 3, 7, 40, 400].map(niceCeil)).toEqual([0.5, 1, 2, 5, 10, 50, 500]);
  });
});

describe('splitEvenly', () => {
  test('adds up to the total with shares that differ by at most one', () => {
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
    expect(splitEvenly(0, 2)).toEqual([0, 0]);
  });
});
