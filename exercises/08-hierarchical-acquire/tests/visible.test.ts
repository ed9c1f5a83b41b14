import { createClock, describe, expect, flushMicrotasks, forEachSeed, test, track, type SeededRandom, type TrackedPromise } from '../../_harness';
import { AcquireTimeoutError, HierarchicalBulkhead, PermitRejectedError, type Lease } from '../start/hierarchical-bulkhead';

/** Limits used by most tests: service 3; search 2 (1 per tenant); export 2 (2 per tenant). */
function setup() {
  const clock = createClock();
  const events: string[] = [];
  const bulkhead = new HierarchicalBulkhead({
    serviceLimit: 3,
    endpoints: { search: { limit: 2, perTenant: 1 }, export: { limit: 2, perTenant: 2 } },
    clock,
    onPermit: (event) => events.push(`${event.action} ${event.name}`),
  });
  /** The events recorded since the previous call of `since`. */
  let from = 0;
  const since = (): string[] => {
    const slice = events.slice(from);
    from = events.length;
    return slice;
  };
  return { clock, events, bulkhead, since };
}

/** Calls `fn`, which must throw, and returns what it threw. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('HierarchicalBulkhead.tryAcquire', () => {
  test('takes the service, endpoint and tenant permits, in that order', () => {
    const { bulkhead, since } = setup();
    bulkhead.tryAcquire('search', 'acme');
    expect(since(), 'the permits taken, in order').toEqual(['take service', 'take search', 'take search/acme']);
    expect(bulkhead.usage('search', 'acme'), 'usage on search/acme').toEqual({ service: 1, endpoint: 1, tenant: 1 });
  });

  test('release gives the permits back innermost first, and a second release gives back nothing', () => {
    const { bulkhead, since } = setup();
    const lease = bulkhead.tryAcquire('search', 'acme');
    since();
    lease.release();
    expect(since(), 'the permits given back by release, in order').toEqual(['give search/acme', 'give search', 'give service']);
    lease.release();
    expect(since(), 'the permits given back by a second release of the same lease').toEqual([]);
    expect(bulkhead.usage('search', 'acme'), 'usage after releasing the same lease twice').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });

  test('refuses at the tenant level and gives back the service and endpoint permits it took', () => {
    const { bulkhead, since } = setup();
    bulkhead.tryAcquire('search', 'acme');
    since();
    const refusal = thrownBy(() => bulkhead.tryAcquire('search', 'acme'));
    expect(refusal, 'a second search call from acme (1 per tenant)').toBeInstanceOf(PermitRejectedError);
    expect((refusal as PermitRejectedError).level, 'the level that refused').toBe('tenant');
    expect(since(), 'the permits taken and given back by the refused call').toEqual(['take service', 'take search', 'give search', 'give service']);
    expect(bulkhead.usage('search', 'acme'), 'usage after the refusal (only the first call holds permits)').toEqual({ service: 1, endpoint: 1, tenant: 1 });
  });

  test('names the first full level in the order service, endpoint, tenant', () => {
    const { bulkhead, since } = setup();
    bulkhead.tryAcquire('search', 'acme');
    bulkhead.tryAcquire('search', 'beta');
    const exportLease = bulkhead.tryAcquire('export', 'gamma');
    since();
    const atService = thrownBy(() => bulkhead.tryAcquire('search', 'acme'));
    expect((atService as PermitRejectedError).level, 'the level named when service, search and search/acme are all full').toBe('service');
    expect(since(), 'permits touched when the very first level is full').toEqual([]);
    exportLease.release();
    since();
    const atEndpoint = thrownBy(() => bulkhead.tryAcquire('search', 'acme'));
    expect((atEndpoint as PermitRejectedError).level, 'the level named when search and search/acme are full').toBe('endpoint');
    expect(since(), 'permits taken and given back when the endpoint refuses').toEqual(['take service', 'give service']);
  });

  test('throws a RangeError for invalid limits and for an unknown endpoint', () => {
    const endpoints = { search: { limit: 2, perTenant: 1 } };
    expect(() => new HierarchicalBulkhead({ serviceLimit: 0, endpoints }), 'serviceLimit 0').toThrow(RangeError);
    expect(() => new HierarchicalBulkhead({ serviceLimit: 2.5, endpoints }), 'serviceLimit 2.5').toThrow(RangeError);
    expect(() => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: 0, perTenant: 1 } } }), 'endpoint limit 0').toThrow(RangeError);
    expect(() => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: 2, perTenant: -1 } } }), 'perTenant -1').toThrow(RangeError);
    const bulkhead = new HierarchicalBulkhead({ serviceLimit: 2, endpoints });
    expect(() => bulkhead.tryAcquire('reports', 'acme'), 'an unknown endpoint').toThrow(RangeError);
  });
});

describe('HierarchicalBulkhead.run', () => {
  test('gives every permit back whether the call succeeds, rejects or throws synchronously', async () => {
    const { bulkhead } = setup();
    expect(await bulkhead.run('search', 'acme', () => Promise.resolve('done')), 'the value of a successful call').toBe('done');
    expect(bulkhead.usage('search', 'acme'), 'usage after a success').toEqual({ service: 0, endpoint: 0, tenant: 0 });
    const failure = new Error('search index unavailable');
    await expect(bulkhead.run('search', 'acme', () => Promise.reject(failure)), 'a rejecting call').rejects.toBe(failure);
    expect(bulkhead.usage('search', 'acme'), 'usage after a rejection').toEqual({ service: 0, endpoint: 0, tenant: 0 });
    await expect(
      bulkhead.run('search', 'acme', () => {
        throw failure;
      }),
      'a call that throws synchronously',
    ).rejects.toBe(failure);
    expect(bulkhead.usage('search', 'acme'), 'usage after a synchronous throw').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });

  test('rejects with PermitRejectedError without calling the function when a level is full', async () => {
    const { bulkhead } = setup();
    bulkhead.tryAcquire('search', 'acme');
    let called = false;
    const result = track(bulkhead.run('search', 'acme', () => (called = true)));
    await flushMicrotasks();
    expect(result.rejection, 'a call from acme with its one search permit taken').toBeInstanceOf(PermitRejectedError);
    expect(called, 'the function was called').toBe(false);
    expect(bulkhead.usage('search', 'acme'), 'usage after the refusal').toEqual({ service: 1, endpoint: 1, tenant: 1 });
  });
});

describe('HierarchicalBulkhead.acquire', () => {
  test('waits holding nothing, and gets its permits as soon as a release makes room', async () => {
    const { bulkhead, clock, since } = setup();
    const first = bulkhead.tryAcquire('search', 'acme');
    since();
    const waiting = track(bulkhead.acquire('search', 'acme', 100));
    await clock.advance(10);
    expect(waiting.state, 'the second acme call while the first holds the tenant permit').toBe('pending');
    expect(bulkhead.usage('search', 'acme'), 'usage while the second call waits').toEqual({ service: 1, endpoint: 1, tenant: 1 });
    first.release();
    await flushMicrotasks();
    expect(waiting.state, 'the waiting call right after the release').toBe('fulfilled');
    expect(bulkhead.usage('search', 'acme'), 'usage once the waiter got in').toEqual({ service: 1, endpoint: 1, tenant: 1 });
    (waiting.value as Lease).release();
    expect(bulkhead.usage('search', 'acme'), 'usage at the end').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });

  test('a waiter whose path now fits gets its lease even while an earlier waiter is still blocked', async () => {
    const { bulkhead, clock } = setup();
    const acme = bulkhead.tryAcquire('search', 'acme');
    const beta = bulkhead.tryAcquire('search', 'beta');
    const acmeWaiter = track(bulkhead.acquire('search', 'acme', 100));
    const betaWaiter = track(bulkhead.acquire('search', 'beta', 100));
    await clock.advance(10);
    expect([acmeWaiter.state, betaWaiter.state], 'the two waiters while search (limit 2) is full').toEqual(['pending', 'pending']);
    beta.release();
    await flushMicrotasks();
    expect(acmeWaiter.state, "acme's waiter (first in line) after beta's release: acme still holds its one permit").toBe('pending');
    expect(betaWaiter.state, "beta's waiter (second in line) after beta's release: its whole path fits, so it must not wait behind acme's").toBe('fulfilled');
    acme.release();
    await flushMicrotasks();
    expect(acmeWaiter.state, "acme's waiter after acme's release").toBe('fulfilled');
    expect(bulkhead.usage('search', 'acme'), 'usage with both waiters holding their leases').toEqual({ service: 2, endpoint: 2, tenant: 1 });
    (acmeWaiter.value as Lease).release();
    (betaWaiter.value as Lease).release();
  });

  test('rejects with AcquireTimeoutError after maxWaitMs, naming the level that refused last, holding nothing and never taking a permit later', async () => {
    const { bulkhead, clock } = setup();
    const first = bulkhead.tryAcquire('search', 'acme');
    const exporting = bulkhead.tryAcquire('export', 'gamma');
    const stillExporting = bulkhead.tryAcquire('export', 'gamma');
    const waiting = track(bulkhead.acquire('search', 'acme', 50));
    await clock.advance(10);
    exporting.release();
    await clock.advance(39);
    expect(waiting.state, 'the waiter after 49 ms').toBe('pending');
    await clock.advance(1);
    expect(waiting.rejection, 'the waiter after 50 ms').toBeInstanceOf(AcquireTimeoutError);
    expect(
      (waiting.reason as AcquireTimeoutError).level,
      'the level named: the one that refused the waiter last (the full service refused its first try, but after the export release only search/acme was full)',
    ).toBe('tenant');
    first.release();
    await flushMicrotasks();
    expect(bulkhead.usage('search', 'acme'), 'usage on search/acme after the timeout and the release (one export call still holds a service permit)').toEqual({ service: 1, endpoint: 0, tenant: 0 });
    stillExporting.release();
  });

  test('refuses at once with PermitRejectedError when maxWaitMs is 0', async () => {
    const { bulkhead } = setup();
    bulkhead.tryAcquire('search', 'acme');
    const refused = track(bulkhead.acquire('search', 'acme', 0));
    await flushMicrotasks();
    expect(refused.rejection, 'acquire with maxWaitMs 0 on a full tenant').toBeInstanceOf(PermitRejectedError);
  });
});

const ENDPOINTS = ['search', 'export'] as const;
const TENANTS = ['acme', 'beta', 'gamma'] as const;

/**
 * Runs one random schedule of concurrent calls (random paths, durations, endings and waits) and
 * checks, from the permit events and from the calls themselves, that no level ever goes over its
 * limit, that every call settles, and that every permit comes back.
 */
/**
 * A permit held at an inner level is always also held at the levels around it, so no compartment
 * may hold more permits than its parent. Taking outermost first and giving back innermost first
 * keeps that true after every single event.
 */
function nestingProblem(held: ReadonlyMap<string, number>): string | undefined {
  const count = (name: string): number => held.get(name) ?? 0;
  const permits = (n: number): string => `${n} permit${n === 1 ? '' : 's'}`;
  const endpointsTotal = ENDPOINTS.reduce((sum, endpoint) => sum + count(endpoint), 0);
  if (endpointsTotal > count('service')) return `the endpoints hold ${permits(endpointsTotal)} but the service only ${count('service')}`;
  for (const endpoint of ENDPOINTS) {
    const tenantsTotal = TENANTS.reduce((sum, tenant) => sum + count(`${endpoint}/${tenant}`), 0);
    if (tenantsTotal > count(endpoint)) return `the tenants of ${endpoint} hold ${permits(tenantsTotal)} but ${endpoint} only ${count(endpoint)}`;
  }
  return undefined;
}

async function checkRandomSchedule(random: SeededRandom, calls: number): Promise<void> {
  const clock = createClock();
  const limits = new Map<string, number>();
  const serviceLimit = random.int(2, 5);
  limits.set('service', serviceLimit);
  const endpoints: Record<string, { limit: number; perTenant: number }> = {};
  for (const endpoint of ENDPOINTS) {
    const endpointLimits = { limit: random.int(1, 4), perTenant: random.int(1, 3) };
    endpoints[endpoint] = endpointLimits;
    limits.set(endpoint, endpointLimits.limit);
    for (const tenant of TENANTS) limits.set(`${endpoint}/${tenant}`, endpointLimits.perTenant);
  }
  const problems: string[] = [];
  const held = new Map<string, number>();
  const bulkhead = new HierarchicalBulkhead({
    serviceLimit,
    endpoints,
    clock,
    onPermit: (event) => {
      const count = (held.get(event.name) ?? 0) + (event.action === 'take' ? 1 : -1);
      held.set(event.name, count);
      const limit = limits.get(event.name) ?? 0;
      if (count > limit) problems.push(`"${event.action} ${event.name}" made it ${count} of ${limit} permits`);
      if (count < 0) problems.push(`"${event.action} ${event.name}" made it ${count} permits (more given back than taken)`);
      const nesting = nestingProblem(held);
      if (nesting !== undefined) problems.push(`right after "${event.action} ${event.name}": ${nesting}`);
    },
  });
  const running = new Map<string, number>();
  const results: Array<TrackedPromise<number>> = [];
  for (let index = 0; index < calls; index += 1) {
    const endpoint = random.pick(ENDPOINTS);
    const tenant = random.pick(TENANTS);
    const names = ['service', endpoint, `${endpoint}/${tenant}`];
    const duration = random.int(1, 30);
    const ending = random.pick(['resolve', 'resolve', 'reject', 'throw'] as const);
    const maxWaitMs = random.pick([0, 0, 5, 20, 60]);
    const finish = (): void => {
      for (const name of names) running.set(name, (running.get(name) ?? 0) - 1);
    };
    const fn = (): Promise<number> => {
      for (const name of names) {
        const count = (running.get(name) ?? 0) + 1;
        running.set(name, count);
        if (count > (limits.get(name) ?? 0)) problems.push(`call ${index} started with ${count} calls running in "${name}" (limit ${limits.get(name) ?? 0})`);
      }
      if (ending === 'throw') {
        finish();
        throw new Error(`call ${index} threw`);
      }
      return clock.sleep(duration).then(() => {
        finish();
        if (ending === 'reject') throw new Error(`call ${index} failed`);
        return index;
      });
    };
    results.push(track(bulkhead.run(endpoint, tenant, fn, maxWaitMs)));
    if (random.chance(0.5)) await clock.advance(random.int(0, 10));
  }
  await clock.runAll();
  await flushMicrotasks();
  expect(problems, 'limits broken during the run').toEqual([]);
  expect(results.filter((result) => result.state === 'pending').length, 'calls still pending after every timer fired').toBe(0);
  const stillHeld = [...held].filter(([, count]) => count !== 0).map(([name, count]) => `${name}: ${count}`);
  expect(stillHeld, 'permits not given back after every call ended').toEqual([]);
  for (const endpoint of ENDPOINTS) {
    const fits = Math.min(serviceLimit, endpoints[endpoint]?.limit ?? 0, endpoints[endpoint]?.perTenant ?? 0);
    const leases: Lease[] = [];
    let refused = false;
    while (!refused && leases.length <= fits) {
      try {
        leases.push(bulkhead.tryAcquire(endpoint, 'acme'));
      } catch {
        refused = true;
      }
    }
    expect(leases.length, `calls admitted on ${endpoint}/acme after the run (its capacity is ${fits})`).toBe(fits);
    for (const lease of leases) lease.release();
  }
}

describe('HierarchicalBulkhead under concurrent random schedules', () => {
  test('never exceeds a limit at any level, never holds an inner permit without the outer ones, settles every call and gets every permit back', async () => {
    await forEachSeed(20, (random) => checkRandomSchedule(random, 30));
  });
});
