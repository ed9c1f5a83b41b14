/** The scenario editor's policy edits: add one of each kind sized from the services, rename, remove. */
import { describe, expect, test } from 'vitest';
import { createSimulation, parseScenario, presets } from '../../../../src/sim/index';
import {
  POLICY_KINDS,
  addPolicy,
  defaultPolicy,
  getAt,
  offeredLoad,
  policyEntries,
  policyNameProblem,
  removePolicy,
  renamePolicy,
  setAt,
  slotsFor,
  validate,
} from '../../../../src/islands/simulator/editor/draft';

const plain = (name: keyof typeof presets): unknown => JSON.parse(JSON.stringify(presets[name]));
const names = (value: unknown) => policyEntries(value).map(([name]) => name);

describe('sizing a new policy', () => {
  test('the load is rate × mean service time, capped by a closed loop’s clients; unknown when a figure is missing', () => {
    expect(offeredLoad({ arrival: { rate: 40 }, serviceTime: { mean: 0.05 } })).toBeCloseTo(2);
    expect(offeredLoad({ arrival: { rate: 10, clients: 3 }, serviceTime: { mean: 1 } })).toBe(3);
    expect(offeredLoad({ arrival: { rate: 'fast' }, serviceTime: { mean: 1 } })).toBeNull();
    expect(offeredLoad({ arrival: { rate: 5 } })).toBeNull();
  });

  test('slots are the load plus twice its square root, at least 2; 5 when the load is unknown', () => {
    expect(slotsFor(4)).toBe(8);
    expect(slotsFor(9)).toBe(15);
    expect(slotsFor(0.1)).toBe(2);
    expect(slotsFor(null)).toBe(5);
  });

  test('shared sums the services’ loads; partitioned and semaphore give each service its own', () => {
    const scenario = plain('shared-downstream');
    const loads = (getAt(scenario, ['services']) as unknown[]).map(offeredLoad) as number[];
    const total = loads.reduce((a, b) => a + b, 0);
    expect(defaultPolicy(scenario, 'shared')).toEqual({ kind: 'shared', slots: slotsFor(total), queue: slotsFor(total) });
    const partitioned = defaultPolicy(scenario, 'partitioned') as { pools: { id: string; services: string[]; slots: number }[] };
    expect(partitioned.pools.map((p) => [p.id, p.services, p.slots])).toEqual([
      ['search-pool', ['search'], slotsFor(loads[0] ?? 0)],
      ['checkout-pool', ['checkout'], slotsFor(loads[1] ?? 0)],
    ]);
    const semaphore = defaultPolicy(scenario, 'semaphore') as { pools: { permits: number }[] };
    expect(semaphore.pools.map((p) => p.permits)).toEqual(loads.map(slotsFor));
  });

  test('per-tenant caps each declared tenant at half the pool', () => {
    const scenario = setAt(plain('healthy'), ['tenants'], [{ id: 'acme' }, { id: 'globex' }]);
    const policy = defaultPolicy(scenario, 'per-tenant') as { slots: number; tenantLimits: { tenant: string; limit: number }[] };
    expect(policy.tenantLimits).toEqual([
      { tenant: 'acme', limit: Math.ceil(policy.slots / 2) },
      { tenant: 'globex', limit: Math.ceil(policy.slots / 2) },
    ]);
  });
});

describe('adding a policy', () => {
  test.each(POLICY_KINDS)('a %s policy makes a valid scenario the engine runs', (kind) => {
    const base = kind === 'per-tenant' ? setAt(plain('healthy'), ['tenants'], [{ id: 'acme' }]) : plain('healthy');
    const { value, name } = addPolicy(base, kind);
    expect(validate(value)).toEqual([]);
    const parsed = parseScenario(value);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const run = createSimulation({ scenario: parsed.value, policy: name, seed: 1 });
    run.runUntil(parsed.value.warmup + 5);
    expect(run.snapshot({ seriesLimit: 0 }).services.every((s) => s.counts.offered > 0)).toBe(true);
  });

  test('takes a free name after its kind, at the end of the list', () => {
    const first = addPolicy(plain('healthy'), 'shared');
    expect(first.name).toBe('shared-2');
    const second = addPolicy(first.value, 'shared');
    expect(second.name).toBe('shared-3');
    expect(names(second.value)).toEqual(['shared', 'partitioned', 'shared-2', 'shared-3']);
  });

  test('per-tenant without tenants: the schema names what is missing', () => {
    const { value, name } = addPolicy(plain('healthy'), 'per-tenant');
    expect(validate(value).map((issue) => issue.where)).toEqual(expect.arrayContaining([`policies.${name}.tenantLimits`]));
  });
});

describe('removing and renaming a policy', () => {
  test('removes a policy but never the last one', () => {
    const one = removePolicy(plain('healthy'), 'shared');
    expect(names(one)).toEqual(['partitioned']);
    expect(removePolicy(one, 'partitioned')).toBe(one);
    expect(validate(one)).toEqual([]);
  });

  test('renames in place, keeping the order and the policy', () => {
    const scenario = plain('shared-downstream');
    const renamed = renamePolicy(scenario, 'partitioned', 'own-pools');
    expect(names(renamed)).toEqual(names(scenario).map((n) => (n === 'partitioned' ? 'own-pools' : n)));
    expect(getAt(renamed, ['policies', 'own-pools'])).toEqual(getAt(scenario, ['policies', 'partitioned']));
    expect(validate(renamed)).toEqual([]);
  });

  test('refuses an empty name, a name that is not an id, and another policy’s name, saying why', () => {
    const scenario = plain('healthy');
    expect(policyNameProblem(scenario, 'shared', '')).toMatch(/must not be empty/);
    expect(policyNameProblem(scenario, 'shared', 'Big Pool')).toMatch(/lower-case letters, digits and dashes/);
    expect(policyNameProblem(scenario, 'shared', 'partitioned')).toBe('is already the name of another policy');
    expect(policyNameProblem(scenario, 'shared', 'shared')).toBeNull();
    for (const bad of ['', 'Big Pool', 'partitioned']) expect(renamePolicy(scenario, 'shared', bad)).toBe(scenario);
  });
});
