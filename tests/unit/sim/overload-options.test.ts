/**
 * Two overload options: a pool's `shedOnQueueDelay` (CoDel as Facebook applies it: a queued call
 * that waited past the limit is shed when it reaches a slot) and a breaker's `countRejections`
 * (whether the caller's own pool's refusals count as failures).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';

type ServiceInput = ScenarioInput['services'][number];
type PolicyInput = ScenarioInput['policies'][string];

/** One service on one slot of deterministic 1 s calls at `rate` calls per second: overloaded above 1. */
function oneSlot(rate: number, policy: PolicyInput, client: ServiceInput['client'] = {}, duration = 200): ScenarioInput {
  return {
    name: 'overload options',
    duration,
    services: [{ id: 'api', arrival: { rate }, serviceTime: { kind: 'deterministic', mean: 1 }, client }],
    policies: { p: policy },
  };
}

const run = (scenario: ScenarioInput, seed = 3): SimulationSnapshot => runScenario({ scenario, policy: 'p', seed });
const api = (snapshot: SimulationSnapshot) => {
  const service = snapshot.services[0];
  if (!service) throw new Error('no service');
  return service;
};

describe('shedOnQueueDelay', () => {
  it('with a fixed limit, no call that takes a slot has waited longer than the target; the rest are shed', () => {
    const snapshot = run(oneSlot(3, { kind: 'shared', slots: 1, queue: 50, shedOnQueueDelay: { target: 0.5 } }));
    const service = api(snapshot);
    expect(service.queueWait.max ?? Infinity).toBeLessThanOrEqual(0.5);
    expect(service.queueWait.max ?? 0).toBeGreaterThan(0.3);
    // About one call in three is served; nearly all the rest are shed, none rejected (the queue never fills).
    expect(service.counts.shed).toBeGreaterThan(0.55 * service.counts.offered);
    expect(service.counts.rejected).toBe(0);
    // Shed is an outcome of its own: every admitted attempt completed, was shed, or is still in the pool.
    expect(service.counts.admitted).toBe(service.counts.completed + service.counts.shed + service.running + service.queued);
    expect(service.calls.gaveUp).toBe(service.counts.shed);
  });

  it('without it, the same overload fills the queue and calls wait far longer', () => {
    const service = api(run(oneSlot(3, { kind: 'shared', slots: 1, queue: 50 })));
    expect(service.counts.shed).toBe(0);
    expect(service.queueWait.p50 ?? 0).toBeGreaterThan(40);
  });

  it('allows waits up to the interval until the queue has stood that long, then holds them to the target', () => {
    // 10 slots free one every 0.1 s or so, and about 10 calls younger than the target wait at any time, so the queue never empties.
    const scenario = oneSlot(50, { kind: 'shared', slots: 10, queue: 200, shedOnQueueDelay: { target: 0.2, interval: 3 } });
    (scenario.services[0] as ServiceInput).serviceTime = { kind: 'exponential', mean: 1 };
    const service = api(run(scenario));
    // Early in a standing period a call may wait up to the interval ...
    expect(service.queueWait.max ?? 0).toBeGreaterThan(1);
    expect(service.queueWait.max ?? Infinity).toBeLessThanOrEqual(3);
    // ... but the queue stands nearly the whole run, so nearly every call that is served waited at most the target.
    expect(service.queueWait.p95 ?? Infinity).toBeLessThanOrEqual(0.2);
  });

  it('sheds nothing from a queue that keeps emptying, however short the target', () => {
    const scenario = oneSlot(7, { kind: 'shared', slots: 10, queue: 200, shedOnQueueDelay: { target: 0.001, interval: 20 } }, {}, 400);
    (scenario.services[0] as ServiceInput).serviceTime = { kind: 'exponential', mean: 1 };
    const service = api(run(scenario));
    expect(service.counts.shed).toBe(0);
    expect(service.queueWait.waited).toBeGreaterThan(100);
  });

  it('sheds per pool in a partitioned policy', () => {
    const scenario: ScenarioInput = {
      name: 'two pools',
      duration: 100,
      services: [
        { id: 'a', arrival: { rate: 3 }, serviceTime: { kind: 'deterministic', mean: 1 } },
        { id: 'b', arrival: { rate: 3 }, serviceTime: { kind: 'deterministic', mean: 1 } },
      ],
      policies: {
        p: {
          kind: 'partitioned',
          pools: [
            { id: 'a-pool', services: ['a'], slots: 1, queue: 20, shedOnQueueDelay: { target: 0.5 } },
            { id: 'b-pool', services: ['b'], slots: 1, queue: 20 },
          ],
        },
      },
    };
    const snapshot = run(scenario);
    const [a, b] = snapshot.services;
    expect(a?.counts.shed).toBeGreaterThan(100);
    expect(a?.queueWait.max ?? Infinity).toBeLessThanOrEqual(0.5);
    expect(b?.counts.shed).toBe(0);
    expect(b?.counts.rejected).toBeGreaterThan(100);
  });

  it('drops a queued call whose caller already timed out without counting it twice', () => {
    // Callers leave at 0.4 s but the pool does not hear of it; a call that waited over 1 s is an orphan by then.
    const client = { timeout: 0.4, timeoutFreesSlot: false };
    const service = api(run(oneSlot(3, { kind: 'shared', slots: 1, queue: 50, shedOnQueueDelay: { target: 1 } }, client)));
    expect(service.counts.shed).toBe(0);
    expect(service.counts.droppedPastDeadline).toBeGreaterThan(100);
    expect(service.counts.timedOutInQueue).toBeGreaterThanOrEqual(service.counts.droppedPastDeadline);
    const { started, succeeded, gaveUp } = service.calls;
    expect(succeeded + gaveUp).toBeLessThanOrEqual(started);
    expect(started - succeeded - gaveUp).toBeLessThanOrEqual(2);
  });

  it('lets the caller retry a shed call', () => {
    const client = { retries: { count: 2, backoff: 0.5, jitter: false } };
    const service = api(run(oneSlot(3, { kind: 'shared', slots: 1, queue: 50, shedOnQueueDelay: { target: 0.5 } }, client)));
    expect(service.counts.retries).toBeGreaterThan(0.5 * service.counts.shed);
  });
});

describe('circuitBreaker.countRejections', () => {
  const breaker = { failureRateThreshold: 0.5, window: 20, openDuration: 5 };
  /** A healthy dependency behind 2 permits, offered about 3 calls at once: about half are refused. */
  const overloaded = (countRejections: boolean | undefined): ScenarioInput => ({
    name: 'breaker and bulkhead',
    duration: 200,
    services: [
      {
        id: 'api',
        arrival: { rate: 30 },
        serviceTime: { kind: 'exponential', mean: 0.1 },
        client: { circuitBreaker: { ...breaker, ...(countRejections === undefined ? {} : { countRejections }) } },
      },
    ],
    policies: { p: { kind: 'semaphore', pools: [{ id: 'permits', services: ['api'], permits: 2 }] } },
  });

  it('counts the pool’s rejections by default, so a full bulkhead opens the breaker', () => {
    for (const setting of [undefined, true]) {
      const service = api(run(overloaded(setting)));
      expect(service.breaker?.timesOpened ?? 0).toBeGreaterThan(5);
      expect(service.counts.shortCircuited).toBeGreaterThan(service.counts.rejected);
    }
  });

  it('with false, rejections never open it, and it still opens on the dependency’s own failures', () => {
    const service = api(run(overloaded(false)));
    expect(service.counts.rejected).toBeGreaterThan(1000);
    expect(service.breaker?.timesOpened).toBe(0);
    expect(service.counts.shortCircuited).toBe(0);
    const failing = overloaded(false);
    (failing.services[0] as ServiceInput).degradations = [{ kind: 'fail', at: 100, fraction: 1 }];
    const broken = api(run(failing));
    expect(broken.breaker?.timesOpened ?? 0).toBeGreaterThan(0);
    expect(broken.counts.shortCircuited).toBeGreaterThan(1000);
  });

  it('with false, a probe the pool refuses hands its turn on instead of leaving the breaker half-open for good', () => {
    // The dependency fails every call until 50 s. Other traffic keeps the shared permits busy, so
    // half-open probes often meet a full pool.
    const scenario = overloaded(false);
    (scenario.services[0] as ServiceInput).degradations = [{ kind: 'fail', at: 0, until: 50, fraction: 1 }];
    scenario.services.push({ id: 'other', arrival: { rate: 30 }, serviceTime: { kind: 'exponential', mean: 0.1 } });
    scenario.policies = { p: { kind: 'shared', slots: 3, queue: 0 } };
    const snapshot = run(scenario);
    expect(api(snapshot).breaker?.state).toBe('closed');
    const rates = snapshot.series.services[0]?.successRate.filter((rate, i) => (snapshot.series.time[i] ?? 0) > 60 && rate !== null) ?? [];
    expect(rates.length).toBeGreaterThan(100);
    expect(rates.reduce((sum: number, rate) => sum + (rate ?? 0), 0)).toBeGreaterThan(0.3 * rates.length);
  });

  it('treats shed calls as rejections', () => {
    const shed = (countRejections: boolean) =>
      api(run(oneSlot(3, { kind: 'shared', slots: 1, queue: 50, shedOnQueueDelay: { target: 0.5 } }, { circuitBreaker: { ...breaker, countRejections } })));
    expect(shed(true).breaker?.timesOpened ?? 0).toBeGreaterThan(0);
    expect(shed(false).breaker?.timesOpened).toBe(0);
  });
});

describe('the options in a scenario', () => {
  const base = (pool: Record<string, unknown>, breakerExtra: Record<string, unknown> = {}) => ({
    name: 'x',
    duration: 10,
    services: [{ id: 'api', arrival: { rate: 1 }, serviceTime: { kind: 'exponential', mean: 0.1 }, client: { circuitBreaker: { failureRateThreshold: 0.5, window: 10, openDuration: 1, ...breakerExtra } } }],
    policies: {
      shared: { kind: 'shared', slots: 2, queue: 4, ...pool },
      partitioned: { kind: 'partitioned', pools: [{ id: 'a', services: ['api'], slots: 2, queue: 4, ...pool }] },
    },
  });
  const errors = (input: unknown) => {
    const result = parseScenario(input);
    return result.ok ? [] : result.errors;
  };

  it('accepts them and fills the defaults', () => {
    const result = parseScenario(base({ shedOnQueueDelay: { target: 0.005, interval: 0.1 } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.services[0]?.client.circuitBreaker?.countRejections).toBe(true);
    expect(result.value.policies['shared']).toMatchObject({ shedOnQueueDelay: { target: 0.005, interval: 0.1 } });
  });

  it('names the field and the rule when they are wrong', () => {
    expect(errors(base({ shedOnQueueDelay: { target: 0 } }))).toEqual([
      'policies.shared.shedOnQueueDelay.target must be a positive number',
      'policies.partitioned.pools[0].shedOnQueueDelay.target must be a positive number',
    ]);
    expect(errors(base({ shedOnQueueDelay: { target: 0.5, interval: 0.1 } }))).toEqual([
      'policies.shared.shedOnQueueDelay.interval must be at least target (0.5 s)',
      'policies.partitioned.pools[0].shedOnQueueDelay.interval must be at least target (0.5 s)',
    ]);
    expect(errors(base({ queue: 0, shedOnQueueDelay: { target: 0.5 } }))).toEqual([
      'policies.shared.shedOnQueueDelay has nothing to shed: the pool has no queue (queue is 0)',
      'policies.partitioned.pools[0].shedOnQueueDelay has nothing to shed: the pool has no queue (queue is 0)',
    ]);
    expect(errors(base({ shedOnQueueDelay: { target: 0.5, limit: 1 } }))).toContain('policies.shared.shedOnQueueDelay.limit is not a known field');
    expect(errors(base({ shedOnQueueDelay: 0.5 }))).toContain('policies.shared.shedOnQueueDelay must be an object');
    expect(errors(base({}, { countRejections: 'no' }))).toEqual(['services[0].client.circuitBreaker.countRejections must be true or false']);
  });

  it('is not an option of semaphores, which have no queue', () => {
    const scenario = base({});
    (scenario.policies as Record<string, unknown>)['partitioned'] = {
      kind: 'semaphore',
      pools: [{ id: 'a', services: ['api'], permits: 2, shedOnQueueDelay: { target: 0.5 } }],
    };
    expect(errors(scenario)).toContain('policies.partitioned.pools[0].shedOnQueueDelay is not a known field');
  });
});
