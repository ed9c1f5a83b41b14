/**
 * Dependencies with their own capacity and scheduled resizes: schema messages and the engine's
 * bookkeeping (timeouts while waiting at a dependency, hung calls, resizes at set times).
 */
import { describe, expect, it } from 'vitest';
import { formatRun } from '../../../src/cli/simulate';
import { createSimulation, parseScenario, runScenario, type ScenarioInput } from '../../../src/sim/index';

const base = (): ScenarioInput => ({
  name: 'dependency unit',
  duration: 200,
  sampleInterval: 10,
  dependencies: [{ id: 'db', capacity: 2 }],
  services: [{ id: 'calls', arrival: { rate: 3 }, serviceTime: { kind: 'exponential', mean: 1 }, dependency: 'db', client: { timeout: 1.5 } }],
  policies: { shared: { kind: 'shared', slots: 20, queue: 0 } },
});

describe('scenario schema: dependencies and schedule', () => {
  it('names an unknown dependency and lists the declared ones', () => {
    const scenario = base();
    scenario.services[0] = { ...scenario.services[0]!, dependency: 'cache' };
    const result = parseScenario(scenario);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain('services[0].dependency "cache" is not a declared dependency; the dependencies are "db"');
  });

  it('names an unknown pool in the schedule, a duplicate dependency and an empty change', () => {
    const scenario = { ...base(), dependencies: [{ id: 'db', capacity: 2 }, { id: 'db', capacity: 3 }], schedule: [{ at: 10, pool: 'search' }] };
    const result = parseScenario(scenario);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContain('dependencies[1].id "db" is used by another dependency');
    expect(result.errors).toContain('schedule[0].pool "search" is not a pool of any policy; the pools are "shared"');
    expect(result.errors).toContain('schedule[0] must give slots, queue or both');
  });

  it('refuses a capacity of 0 with a plain message', () => {
    const result = parseScenario({ ...base(), dependencies: [{ id: 'db', capacity: 0 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain('dependencies[0].capacity must be a whole number of at least 1');
  });
});

describe('scenario schema: a dependency that refuses beyond its queue', () => {
  it('accepts queue 0 and leaves it out by default (no limit)', () => {
    const bounded = parseScenario({ ...base(), dependencies: [{ id: 'db', capacity: 2, queue: 0 }] });
    expect(bounded.ok && bounded.value.dependencies?.[0]).toEqual({ id: 'db', capacity: 2, queue: 0 });
    const open = parseScenario(base());
    expect(open.ok && open.value.dependencies?.[0]).toEqual({ id: 'db', capacity: 2 });
  });

  it.each([
    [-1, 'dependencies[0].queue must be a whole number of at least 0'],
    [1.5, 'dependencies[0].queue must be a whole number of at least 0'],
    ['none', 'dependencies[0].queue must be a whole number of at least 0'],
    [2_000_000, 'dependencies[0].queue must be a whole number from 0 to 1,000,000 (leave it out for no limit)'],
  ])('refuses queue %j with a plain message', (queue, message) => {
    const result = parseScenario({ ...base(), dependencies: [{ id: 'db', capacity: 2, queue }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(message);
  });

  it('names a misspelt field instead of ignoring it', () => {
    const result = parseScenario({ ...base(), dependencies: [{ id: 'db', capacity: 2, maxWaiting: 0 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/dependencies\[0\].*maxWaiting/);
  });
});

describe('engine bookkeeping', () => {
  it('a timeout while waiting at the dependency takes the call out of its line', () => {
    const sim = createSimulation({ scenario: base(), policy: 'shared', seed: 3 });
    let timedOut = 0;
    while (sim.step()) {
      const snap = sim.snapshot({ seriesLimit: 0 });
      const db = snap.dependencies[0]!;
      expect(db.busy).toBeLessThanOrEqual(2);
      expect(db.waiting).toBeGreaterThanOrEqual(0);
      // Every call in a slot is being served at the dependency or waiting there.
      expect(db.busy + db.waiting).toBeGreaterThanOrEqual(snap.pools[0]!.busy - 2);
      expect(db.waiting).toBeLessThanOrEqual(snap.pools[0]!.busy);
      timedOut = snap.services[0]!.counts.timedOut;
      if (snap.time > 60) break;
    }
    expect(timedOut).toBeGreaterThan(0);
  });

  it('a pool no larger than the dependency never waits there, though it hands each freed slot to a queued call at once', () => {
    // The dependency's server frees before the caller's slot: the queued call that takes the slot
    // finds the server free, and neither waits zero seconds there nor, with queue 0, is refused.
    for (const queue of [undefined, 0]) {
      const scenario: ScenarioInput = {
        ...base(),
        dependencies: [{ id: 'db', capacity: 2, ...(queue === undefined ? {} : { queue }) }],
        services: [{ id: 'calls', arrival: { rate: 3 }, serviceTime: { kind: 'exponential', mean: 1 }, dependency: 'db' }],
        policies: { shared: { kind: 'shared', slots: 2, queue: 50 } },
      };
      const run = runScenario({ scenario, policy: 'shared', seed: 4 });
      expect(run.services[0]!.queueWait.waited).toBeGreaterThan(100);
      expect(run.dependencies[0]!.probabilityOfWaiting).toBe(0);
      expect(run.dependencies[0]!.refused).toBe(0);
      expect(run.services[0]!.counts.failed).toBe(0);
    }
  });

  it('hung calls never reach the dependency', () => {
    const scenario = base();
    scenario.services[0] = { ...scenario.services[0]!, degradations: [{ kind: 'hang', at: 0 }] };
    const snap = runScenario({ scenario, policy: 'shared', seed: 1 });
    expect(snap.dependencies[0]!.started).toBe(0);
    expect(snap.services[0]!.counts.timedOut).toBeGreaterThan(0);
  });

  it('a scheduled resize changes the pool at its time; shrinking keeps calls in flight', () => {
    const scenario: ScenarioInput = {
      name: 'resize',
      duration: 100,
      services: [{ id: 'calls', arrival: { rate: 20 }, serviceTime: { kind: 'exponential', mean: 1 } }],
      policies: { shared: { kind: 'shared', slots: 30, queue: 0 } },
      schedule: [{ at: 50, pool: 'shared', slots: 5, queue: 3 }],
    };
    const sim = createSimulation({ scenario, policy: 'shared', seed: 9 });
    sim.runUntil(49.99);
    const before = sim.snapshot({ seriesLimit: 0 });
    expect(before.pools[0]!.slots).toBe(30);
    sim.runUntil(50);
    const at = sim.snapshot({ seriesLimit: 0 });
    expect(at.pools[0]!.slots).toBe(5);
    expect(at.pools[0]!.queueCapacity).toBe(3);
    expect(at.pools[0]!.busy).toBeGreaterThan(5);
    sim.runUntil(100);
    expect(sim.snapshot({ seriesLimit: 0 }).pools[0]!.busy).toBeLessThanOrEqual(5);
  });
});

describe('CLI output', () => {
  it('prints a table of dependencies and a line per autoscaled pool', () => {
    const scenario: ScenarioInput = {
      ...base(),
      policies: { shared: { kind: 'shared', slots: 4, queue: 10, autoscale: { min: 2, max: 12, targetUtilisation: 0.5, interval: 5, step: 2 } } },
    };
    const text = formatRun(runScenario({ scenario, policy: 'shared', seed: 2 }));
    expect(text).toMatch(/^dependency\s+services\s+capacity\s+queue\s+mean busy\s+utilisation\s+mean waiting\s+waited\s+mean wait ms\s+refused$/m);
    expect(text).toMatch(/^db\s+calls\s+2\s+no limit\s+\d.*\s0$/m);
    expect(text).toMatch(/^autoscale shared: \d+ changes, between \d+ and \d+ slots \(min 2, max 12, target 50\.0%\), \d+ at the end$/m);
    expect(text).not.toMatch(/NaN|Infinity/);
  });

  it('prints a bounded queue and the calls the dependency refused', () => {
    const scenario: ScenarioInput = { ...base(), dependencies: [{ id: 'db', capacity: 2, queue: 0 }] };
    const run = runScenario({ scenario, policy: 'shared', seed: 2 });
    expect(run.dependencies[0]?.refused).toBeGreaterThan(0);
    const text = formatRun(run);
    expect(text).toMatch(new RegExp(`^db\\s+calls\\s+2\\s+0\\s+\\d.*\\s${run.dependencies[0]?.refused.toLocaleString('en-US')}$`, 'm'));
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});
