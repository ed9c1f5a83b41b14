import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectLittlesLaw } from './little';
import { compare, parseScenario, PRESET_NAMES, presets, type Comparison, type PresetName, type SimulationSnapshot } from '../../../src/sim/index';

const SEED = 5;
const comparisons = new Map<PresetName, Comparison>();

/** Every policy of a preset, run once with the same seed and shared by the tests below. */
function runs(name: PresetName): Comparison {
  let comparison = comparisons.get(name);
  if (!comparison) {
    comparison = compare(presets[name], SEED, { policies: Object.keys(presets[name].policies) });
    comparisons.set(name, comparison);
  }
  return comparison;
}

function run(name: PresetName, policy: string): SimulationSnapshot {
  const snapshot = runs(name).runs[policy];
  if (!snapshot) throw new Error(`${name} has no policy ${policy}`);
  return snapshot;
}

function service(snapshot: SimulationSnapshot, id: string) {
  const found = snapshot.services.find((s) => s.id === id);
  if (!found) throw new Error(`no service ${id}`);
  return found;
}

function success(snapshot: SimulationSnapshot, id: string): number {
  return service(snapshot, id).successRate ?? NaN;
}

/** Mean of the per-second success rates of a service over (from, to] seconds. */
function windowSuccess(snapshot: SimulationSnapshot, id: string, from: number, to: number): number {
  const series = snapshot.series.services.find((s) => s.id === id);
  if (!series) throw new Error(`no series for ${id}`);
  const values = series.successRate.filter((v, i) => v !== null && (snapshot.series.time[i] as number) > from && (snapshot.series.time[i] as number) <= to) as number[];
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function tenantSuccess(snapshot: SimulationSnapshot, id: string): number {
  return snapshot.tenants.find((t) => t.id === id)?.successRate ?? NaN;
}

describe('presets', () => {
  it('are the lessons’ scenarios and each defines shared and partitioned policies', () => {
    expect(Object.keys(presets).sort()).toEqual([...PRESET_NAMES].sort());
    for (const name of PRESET_NAMES) expect(Object.keys(presets[name].policies)).toEqual(expect.arrayContaining(['shared', 'partitioned']));
  });

  it('healthy: both policies serve nearly every call', () => {
    for (const policy of ['shared', 'partitioned']) {
      expect(success(run('healthy', policy), 'search')).toBeGreaterThanOrEqual(0.999);
      expect(success(run('healthy', policy), 'checkout')).toBeGreaterThanOrEqual(0.999);
      // Exponential 200 ms calls pass a 1 s timeout with probability e⁻⁵ ≈ 0.7%.
      expect(success(run('healthy', policy), 'analytics')).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('slow-search: checkout collapses in the shared pool and holds when partitioned', () => {
    expect(windowSuccess(run('slow-search', 'shared'), 'checkout', 20, 60)).toBeLessThan(0.6);
    expect(success(run('slow-search', 'partitioned'), 'checkout')).toBeGreaterThanOrEqual(0.99);
    expect(success(run('slow-search', 'partitioned'), 'analytics')).toBeGreaterThanOrEqual(0.98);
  });

  it('hung-search: hung calls fill the shared pool; partitioned, only search fails', () => {
    const shared = run('hung-search', 'shared');
    expect(windowSuccess(shared, 'checkout', 20, 60)).toBeLessThan(0.4);
    expect(windowSuccess(run('hung-search', 'partitioned'), 'search', 20, 60)).toBe(0);
    expect(success(run('hung-search', 'partitioned'), 'checkout')).toBeGreaterThanOrEqual(0.99);
    const sharedPool = shared.pools[0];
    expect(sharedPool?.occupancy.filter((slot) => slot?.hung).length).toBeGreaterThan(20);
  });

  it('retry-storm: retries multiply search’s attempts and starve checkout in the shared pool', () => {
    const shared = run('retry-storm', 'shared');
    const search = service(run('retry-storm', 'partitioned'), 'search');
    expect(search.counts.offered / search.calls.started).toBeGreaterThan(2);
    expect(windowSuccess(shared, 'checkout', 20, 60)).toBeLessThan(0.6);
    expect(success(run('retry-storm', 'partitioned'), 'checkout')).toBeGreaterThanOrEqual(0.99);
  });

  it('noisy-tenant: every tenant suffers in the shared pool; per-tenant caps confine it to Initech', () => {
    const shared = run('noisy-tenant', 'shared');
    const capped = run('noisy-tenant', 'partitioned');
    const byService = run('noisy-tenant', 'by-service');
    expect(tenantSuccess(shared, 'acme')).toBeLessThan(0.85);
    expect(tenantSuccess(capped, 'acme')).toBeGreaterThanOrEqual(0.99);
    expect(tenantSuccess(capped, 'globex')).toBeGreaterThanOrEqual(0.99);
    expect(tenantSuccess(capped, 'initech')).toBeLessThan(0.5);
    expect(success(byService, 'checkout')).toBeGreaterThanOrEqual(0.99);
    expect(tenantSuccess(byService, 'acme')).toBeLessThan(0.85);
  });

  it('queue-vs-no-queue: a long shared queue slows everyone; fail-fast semaphores keep checkout fast and successful', () => {
    const queued = service(run('queue-vs-no-queue', 'shared'), 'checkout');
    const semaphores = service(run('queue-vs-no-queue', 'partitioned'), 'checkout');
    expect(windowSuccess(run('queue-vs-no-queue', 'shared'), 'checkout', 20, 60)).toBeLessThan(0.6);
    expect(queued.counts.timedOutInQueue).toBeGreaterThan(100);
    expect(queued.latency.p99 ?? 0).toBeGreaterThan(1.5 * (semaphores.latency.p99 ?? Infinity));
    expect(semaphores.successRate).toBeGreaterThanOrEqual(0.97);
    expect(run('queue-vs-no-queue', 'shared-no-queue').services.every((s) => s.counts.timedOutInQueue === 0)).toBe(true);
  });

  it('adaptive-recovery: AIMD caps shrink search while it is slow, protect checkout, and grow back after recovery', () => {
    expect(windowSuccess(run('adaptive-recovery', 'shared'), 'checkout', 20, 35)).toBeLessThan(0.7);
    const adaptive = run('adaptive-recovery', 'adaptive');
    expect(success(adaptive, 'checkout')).toBeGreaterThanOrEqual(0.99);
    expect(windowSuccess(adaptive, 'search', 40, 60)).toBeGreaterThanOrEqual(0.99);
    const cap = adaptive.series.services.find((s) => s.id === 'search')?.limit ?? [];
    const at = (from: number, to: number) => cap.filter((_, i) => (adaptive.series.time[i] as number) > from && (adaptive.series.time[i] as number) <= to).map((v) => v ?? NaN);
    expect(Math.min(...at(15, 35))).toBeLessThanOrEqual(5);
    expect(Math.min(...at(45, 60))).toBe(30);
  });

  it('metastable-retries: a long queue stays collapsed long after the burst; a short one recovers', () => {
    const long = run('metastable-retries', 'shared');
    const short = run('metastable-retries', 'partitioned');
    expect(windowSuccess(long, 'api', 0, 20)).toBeGreaterThan(0.99);
    expect(windowSuccess(long, 'api', 60, 90)).toBeLessThan(0.1);
    expect(windowSuccess(short, 'api', 60, 90)).toBeGreaterThan(0.99);
    // The collapse is retries and calls served for nobody, not the burst itself.
    const counts = service(long, 'api').counts;
    expect(counts.retries).toBeGreaterThan(counts.offered / 2);
    expect(counts.orphansServed).toBeGreaterThan(counts.completed);
  });
});

describe('shared-downstream', () => {
  /** Mean of the per-second mean latencies of a service over (from, to] seconds. */
  function windowLatency(snapshot: SimulationSnapshot, id: string, from: number, to: number): number {
    const series = snapshot.series.services.find((s) => s.id === id);
    if (!series) throw new Error(`no series for ${id}`);
    const values = series.meanLatency.filter((v, i) => v !== null && (snapshot.series.time[i] as number) > from && (snapshot.series.time[i] as number) <= to) as number[];
    return values.reduce((s, v) => s + v, 0) / values.length;
  }

  it('partitioned pools still slow search when checkout floods the database; capping checkout’s pool protects it', () => {
    const partitioned = run('shared-downstream', 'partitioned');
    expect(windowLatency(partitioned, 'search', 25, 40)).toBeGreaterThan(2 * windowLatency(partitioned, 'search', 5, 20));
    const capped = run('shared-downstream', 'capped');
    // The calls pile up at the database, not in checkout's pool.
    expect(partitioned.dependencies[0]?.meanWaiting ?? 0).toBeGreaterThan(3 * (capped.dependencies[0]?.meanWaiting ?? Infinity));
    expect(windowLatency(capped, 'search', 25, 40)).toBeLessThan(1.3 * windowLatency(capped, 'search', 5, 20));
    expect(success(capped, 'search')).toBeGreaterThanOrEqual(0.999);
  });
});

describe("Little's law in the presets", () => {
  it('holds for every service of every preset under every policy', () => {
    for (const name of PRESET_NAMES) for (const snapshot of Object.values(runs(name).runs)) expectLittlesLaw(snapshot);
  });
});

describe('scenario fixtures', () => {
  const directory = new URL('../../fixtures/scenarios/', import.meta.url);
  const files = readdirSync(directory).filter((f) => f.endsWith('.json'));

  it('all parse', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const parsed = parseScenario(JSON.parse(readFileSync(new URL(file, directory), 'utf8')));
      expect(parsed.ok ? [] : parsed.errors, file).toEqual([]);
    }
  });

  it('that copy a preset are identical to it', () => {
    for (const file of files) {
      const name = file.replace(/\.json$/, '');
      if (!(PRESET_NAMES as readonly string[]).includes(name)) continue;
      const parsed = parseScenario(JSON.parse(readFileSync(new URL(file, directory), 'utf8')));
      expect(parsed.ok && parsed.value).toEqual(presets[name as PresetName]);
    }
  });
});
