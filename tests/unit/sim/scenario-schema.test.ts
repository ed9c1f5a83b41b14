import { describe, expect, it } from 'vitest';
import { parsePolicy, parseScenario, presets, type ScenarioInput } from '../../../src/sim/index';

function valid(): ScenarioInput {
  return {
    name: 'Test',
    duration: 10,
    tenants: [{ id: 'acme' }],
    services: [
      { id: 'search', arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 0.1 } },
      { id: 'checkout', arrival: { rate: 5, tenants: [{ tenant: 'acme', share: 1 }] }, serviceTime: { kind: 'lognormal', mean: 0.1, p99: 0.5 } },
    ],
    policies: {
      shared: { kind: 'shared', slots: 4, queue: 2 },
      partitioned: {
        kind: 'partitioned',
        pools: [
          { id: 'a', services: ['search'], slots: 2, queue: 1 },
          { id: 'b', services: ['checkout'], slots: 2, queue: 1 },
        ],
      },
    },
  };
}

function errorsOf(input: unknown): readonly string[] {
  const result = parseScenario(input);
  return result.ok ? [] : result.errors;
}

function mutate(change: (scenario: Record<string, unknown> & ScenarioInput) => void): unknown {
  const scenario = structuredClone(valid()) as Record<string, unknown> & ScenarioInput;
  change(scenario);
  return scenario;
}

describe('parseScenario', () => {
  it('accepts a valid scenario and fills defaults', () => {
    const result = parseScenario(valid());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.warmup).toBe(0);
    expect(result.value.sampleInterval).toBe(1);
    expect(result.value.services[0]?.degradations).toEqual([]);
    expect(result.value.services[0]?.client).toEqual({});
  });

  it('accepts every preset', () => {
    for (const scenario of Object.values(presets)) expect(errorsOf(scenario)).toEqual([]);
  });

  it('names the field path of a bad number', () => {
    expect(errorsOf(mutate((s) => ((s.services[1] as { arrival: { rate: number } }).arrival.rate = -3)))).toEqual([
      'services[1].arrival.rate must be a positive number',
    ]);
  });

  it('says which field is missing', () => {
    expect(errorsOf(mutate((s) => delete (s as { duration?: number }).duration))).toEqual(['duration is required']);
  });

  it('names unknown fields, since every object is strict', () => {
    expect(errorsOf(mutate((s) => ((s.services[0] as Record<string, unknown>)['arival'] = {})))).toEqual(['services[0].arival is not a known field']);
    expect(errorsOf(mutate((s) => (s['seed'] = 3)))).toEqual(['seed is not a known field']);
  });

  it('lists the allowed kinds when a kind is wrong', () => {
    expect(errorsOf(mutate((s) => ((s.services[0] as { serviceTime: unknown }).serviceTime = { kind: 'weibull', mean: 1 })))).toEqual([
      'services[0].serviceTime.kind must be one of "exponential", "deterministic", "lognormal", "pareto", "mixture"',
    ]);
  });

  it('rejects wrong types with the field path', () => {
    expect(errorsOf(mutate((s) => ((s.services[0] as { arrival: unknown }).arrival = 'fast')))).toEqual(['services[0].arrival must be an object']);
    expect(errorsOf(mutate((s) => (s.policies['shared'] = { kind: 'shared', slots: 2.5, queue: 0 })))).toEqual([
      'policies.shared.slots must be a whole number of at least 1',
    ]);
  });

  it('checks that a lognormal p99 can exist', () => {
    expect(errorsOf(mutate((s) => ((s.services[1] as { serviceTime: unknown }).serviceTime = { kind: 'lognormal', mean: 0.1, p99: 0.05 })))).toEqual([
      'services[1].serviceTime.p99 must be greater than mean and at most 14.97 × mean (no lognormal fits otherwise)',
    ]);
    expect(errorsOf(mutate((s) => ((s.services[1] as { serviceTime: unknown }).serviceTime = { kind: 'lognormal', mean: 0.1 })))).toEqual([
      'services[1].serviceTime must give exactly one of p99 and sigma for a lognormal',
    ]);
  });

  it('checks references between services, tenants and pools', () => {
    const errors = errorsOf(
      mutate((s) => {
        s.policies['partitioned'] = { kind: 'partitioned', pools: [{ id: 'a', services: ['search', 'serach'], slots: 2, queue: 0 }] };
        (s.services[1] as { arrival: unknown }).arrival = { rate: 5, tenants: [{ tenant: 'initech', share: 1 }] };
      }),
    );
    expect(errors).toEqual([
      'services[1].arrival.tenants[0].tenant "initech" is not a declared tenant',
      'policies.partitioned.pools[0].services[1] "serach" is not a service id',
      'policies.partitioned.pools must place service "checkout" in a pool',
    ]);
  });

  it('rejects duplicate ids, inverted intervals and a warmup as long as the run', () => {
    const errors = errorsOf(
      mutate((s) => {
        s.warmup = 10;
        (s.services[1] as { id: string }).id = 'search';
        (s.services[0] as { degradations: unknown }).degradations = [{ kind: 'slow', at: 5, until: 4, factor: 2 }];
      }),
    );
    expect(errors).toContain('warmup must be less than duration');
    expect(errors).toContain('services[1].id "search" is used by another service');
    expect(errors).toContain('services[0].degradations[0].until must be after at');
  });

  it('requires declared tenants for a per-tenant policy and bounded adaptive settings', () => {
    const errors = errorsOf(
      mutate((s) => {
        s.policies['tenant'] = { kind: 'per-tenant', slots: 4, queue: 0, tenantLimits: [{ tenant: 'globex', limit: 2 }] };
        s.policies['shared'] = { kind: 'shared', slots: 4, queue: 0, adaptive: { kind: 'aimd', initial: 9, min: 1, max: 5 } };
      }),
    );
    expect(errors).toEqual(['policies.shared.adaptive.initial must lie between min and max', 'policies.tenant.tenantLimits[0].tenant "globex" is not a declared tenant']);
  });

  it('reports several problems at once', () => {
    expect(errorsOf({ name: '', duration: 0, services: [], policies: {} }).length).toBeGreaterThanOrEqual(4);
  });

  it('names the scenario itself when the input is not an object', () => {
    expect(errorsOf(42)).toEqual(['scenario must be an object']);
  });
});

describe('parsePolicy', () => {
  it('validates a policy on its own against a scenario', () => {
    const parsed = parseScenario(valid());
    if (!parsed.ok) throw new Error('fixture invalid');
    expect(parsePolicy({ kind: 'semaphore', pools: [{ id: 'x', services: ['search', 'checkout'], permits: 3 }] }, parsed.value).ok).toBe(true);
    const bad = parsePolicy({ kind: 'semaphore', pools: [{ id: 'x', services: ['search'], permits: 0 }] }, parsed.value);
    expect(bad.ok ? [] : bad.errors).toEqual(['policy.pools[0].permits must be a whole number of at least 1']);
    const unplaced = parsePolicy({ kind: 'semaphore', pools: [{ id: 'x', services: ['search'], permits: 1 }] }, parsed.value);
    expect(unplaced.ok ? [] : unplaced.errors).toEqual(['policy.pools must place service "checkout" in a pool']);
  });
});
