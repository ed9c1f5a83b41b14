import { createClock, describe, during, expect, flushMicrotasks, forEachSeed, test, track, type SeededRandom, type TrackedPromise } from '../../_harness';
import { AcquireTimeoutError, HierarchicalBulkhead, PermitRejectedError, systemClock, type EndpointLimits, type Lease } from '../start/hierarchical-bulkhead';

function setup(serviceLimit: number, endpoints: Record<string, EndpointLimits>) {
  const clock = createClock();
  const events: string[] = [];
  const bulkhead = new HierarchicalBulkhead({ serviceLimit, endpoints, clock, onPermit: (event) => events.push(`${event.action} ${event.name}`) });
  return { clock, events, bulkhead };
}

function leaseOf(result: TrackedPromise<Lease>): Lease {
  if (result.state !== 'fulfilled' || result.value === undefined) throw new Error(`expected a lease, but the acquire is ${result.state}`);
  return result.value;
}

describe('HierarchicalBulkhead (waiting)', () => {
  test('a waiting call holds no permit, so other tenants get in while it waits', async () => {
    const { bulkhead, clock } = setup(2, { search: { limit: 2, perTenant: 1 } });
    bulkhead.tryAcquire('search', 'acme');
    const waiting = track(bulkhead.acquire('search', 'acme', 100));
    await clock.advance(5);
    expect(bulkhead.usage('search', 'acme'), "usage while acme's second call waits for acme's permit").toEqual({ service: 1, endpoint: 1, tenant: 1 });
    expect(() => bulkhead.tryAcquire('search', 'beta'), "beta's call while acme's second call waits").not.toThrow();
    await clock.runAll();
    expect(waiting.rejection, "acme's waiter at its deadline").toBeInstanceOf(AcquireTimeoutError);
  });

  test('one release admits exactly one of several waiters for the same permit', async () => {
    const { bulkhead, clock } = setup(5, { search: { limit: 5, perTenant: 1 } });
    const holder = bulkhead.tryAcquire('search', 'acme');
    const waiters = [1, 2, 3].map(() => track(bulkhead.acquire('search', 'acme', 100)));
    await clock.advance(1);
    holder.release();
    await flushMicrotasks();
    expect(waiters.filter((waiter) => waiter.state === 'fulfilled').length, 'waiters admitted by one release of the only acme permit').toBe(1);
    expect(bulkhead.usage('search', 'acme'), 'usage after that release').toEqual({ service: 1, endpoint: 1, tenant: 1 });
    await clock.runAll();
  });

  test('waiters for the same path get their permits in arrival order', async () => {
    const { bulkhead } = setup(5, { search: { limit: 5, perTenant: 1 } });
    let current = bulkhead.tryAcquire('search', 'acme');
    const admitted: number[] = [];
    const waiters = [0, 1, 2, 3].map((id) => {
      const waiter = track(bulkhead.acquire('search', 'acme', 1000));
      void waiter.promise.then(() => admitted.push(id), () => undefined);
      return waiter;
    });
    for (const waiter of waiters) {
      current.release();
      await flushMicrotasks();
      current = leaseOf(waiter);
    }
    current.release();
    expect(admitted, 'the order waiters were admitted in').toEqual([0, 1, 2, 3]);
  });

  test('shares one permit among waiters on different paths in arrival order, without deadlock', async () => {
    const { bulkhead, clock } = setup(1, { search: { limit: 1, perTenant: 1 }, export: { limit: 1, perTenant: 1 } });
    let current = bulkhead.tryAcquire('search', 'acme');
    const paths = [
      ['export', 'beta'],
      ['search', 'acme'],
      ['search', 'gamma'],
      ['export', 'acme'],
    ] as const;
    const waiters = paths.map(([endpoint, tenant]) => track(bulkhead.acquire(endpoint, tenant, 1000)));
    const admitted: string[] = [];
    for (let round = 0; round < paths.length; round += 1) {
      await clock.advance(10);
      current.release();
      await flushMicrotasks();
      const index = waiters.findIndex((waiter, position) => waiter.state === 'fulfilled' && !admitted.includes(paths[position]?.join('/') ?? ''));
      expect(index, `a waiter admitted after release number ${round + 1}`).not.toBe(-1);
      admitted.push(paths[index]?.join('/') ?? '');
      current = leaseOf(waiters[index] as TrackedPromise<Lease>);
    }
    current.release();
    expect(admitted, 'the order waiters were admitted in').toEqual(['export/beta', 'search/acme', 'search/gamma', 'export/acme']);
  });

  test('a waiter blocked at the endpoint level gets in when another tenant ends a call on that endpoint', async () => {
    const { bulkhead, clock } = setup(10, { search: { limit: 2, perTenant: 2 } });
    const beta = bulkhead.tryAcquire('search', 'beta');
    bulkhead.tryAcquire('search', 'gamma');
    const waiting = track(bulkhead.acquire('search', 'acme', 100));
    await clock.advance(10);
    expect(waiting.state, 'acme while search is full').toBe('pending');
    beta.release();
    await flushMicrotasks();
    expect(waiting.state, "acme right after beta's call ended").toBe('fulfilled');
  });

  test('a waiter blocked at the service level gets in when a call on another endpoint ends', async () => {
    const { bulkhead, clock } = setup(2, { search: { limit: 2, perTenant: 2 }, export: { limit: 2, perTenant: 2 } });
    bulkhead.tryAcquire('search', 'acme');
    const exporting = bulkhead.tryAcquire('export', 'beta');
    const waiting = track(bulkhead.acquire('search', 'acme', 100));
    await clock.advance(10);
    expect(waiting.state, 'acme while the service is full').toBe('pending');
    exporting.release();
    await flushMicrotasks();
    expect(waiting.state, 'acme right after the export call ended').toBe('fulfilled');
  });

  test('a timed-out waiter is skipped: the permit goes to the next waiter', async () => {
    const { bulkhead, clock } = setup(5, { search: { limit: 5, perTenant: 1 } });
    const holder = bulkhead.tryAcquire('search', 'acme');
    const impatient = track(bulkhead.acquire('search', 'acme', 10));
    const patient = track(bulkhead.acquire('search', 'acme', 100));
    await clock.advance(10);
    expect(impatient.rejection, 'the waiter with 10 ms').toBeInstanceOf(AcquireTimeoutError);
    holder.release();
    await flushMicrotasks();
    expect(patient.state, 'the waiter with 100 ms after the release').toBe('fulfilled');
    expect(bulkhead.usage('search', 'acme'), 'usage: only the patient waiter holds permits').toEqual({ service: 1, endpoint: 1, tenant: 1 });
  });

  test('AcquireTimeoutError names the level that refused last, which can change while the call waits', async () => {
    const { bulkhead, clock } = setup(2, { search: { limit: 2, perTenant: 1 }, export: { limit: 2, perTenant: 2 } });
    bulkhead.tryAcquire('search', 'acme');
    const exporting = bulkhead.tryAcquire('export', 'beta');
    const waiting = track(bulkhead.acquire('search', 'acme', 50));
    await clock.advance(10);
    exporting.release();
    await clock.advance(40);
    expect(waiting.rejection, 'the waiter at its deadline').toBeInstanceOf(AcquireTimeoutError);
    const error = waiting.reason as AcquireTimeoutError;
    expect(error.level, 'the level named (the service had room by then; acme did not)').toBe('tenant');
    expect(error.compartment, 'the compartment named').toBe('search/acme');
    expect(error.maxWaitMs, 'maxWaitMs in the error').toBe(50);
  });

  test('run waits up to maxWaitMs for permits, then calls the function', async () => {
    const { bulkhead, clock } = setup(5, { search: { limit: 5, perTenant: 1 } });
    const holder = bulkhead.tryAcquire('search', 'acme');
    let calledAt = -1;
    const result = track(bulkhead.run('search', 'acme', () => ((calledAt = clock.now()), 'ran'), 100));
    await clock.advance(30);
    expect(calledAt, 'when the function was called, while the permit is still held').toBe(-1);
    holder.release();
    await flushMicrotasks();
    expect(calledAt, 'when the function was called (virtual ms)').toBe(30);
    expect(result.value, 'what run resolved with').toBe('ran');
    expect(bulkhead.usage('search', 'acme'), 'usage once run finished').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });

  test('run rejects with AcquireTimeoutError without calling the function', async () => {
    const { bulkhead, clock } = setup(5, { search: { limit: 5, perTenant: 1 } });
    bulkhead.tryAcquire('search', 'acme');
    let called = false;
    const result = track(bulkhead.run('search', 'acme', () => (called = true), 20));
    await clock.advance(20);
    expect(result.rejection, 'run after waiting 20 ms').toBeInstanceOf(AcquireTimeoutError);
    expect(called, 'the function was called').toBe(false);
  });

  test('rejects with a RangeError for a negative or infinite maxWaitMs and for an unknown endpoint', async () => {
    const { bulkhead } = setup(5, { search: { limit: 5, perTenant: 1 } });
    await expect(bulkhead.acquire('search', 'acme', -1), 'maxWaitMs -1').rejects.toThrow(RangeError);
    await expect(bulkhead.acquire('search', 'acme', Number.POSITIVE_INFINITY), 'maxWaitMs Infinity').rejects.toThrow(RangeError);
    await expect(bulkhead.run('reports', 'acme', () => 1), 'run on an unknown endpoint').rejects.toThrow(RangeError);
    expect(bulkhead.usage('search', 'acme'), 'usage after the bad calls').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });
});

describe('HierarchicalBulkhead (validation and timers)', () => {
  test('acquire and run never throw: a NaN maxWaitMs, an unknown endpoint or a bad tenant name is a rejected promise', async () => {
    const { bulkhead } = setup(5, { search: { limit: 5, perTenant: 1 } });
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['acquire with maxWaitMs NaN', () => bulkhead.acquire('search', 'acme', Number.NaN)],
      ['acquire on an unknown endpoint', () => bulkhead.acquire('reports', 'acme')],
      ['acquire on an unknown endpoint with maxWaitMs 50', () => bulkhead.acquire('reports', 'acme', 50)],
      ['acquire with an empty tenant name', () => bulkhead.acquire('search', '', 50)],
      ['run with a tenant name that is not a string', () => bulkhead.run('search', 42 as unknown as string, () => 1)],
      ['run with maxWaitMs NaN', () => bulkhead.run('search', 'acme', () => 1, Number.NaN)],
    ];
    for (const [label, call] of cases) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }, `${label} (it must return a rejected promise, not throw)`).not.toThrow();
      await expect(promise, label).rejects.toThrow(RangeError);
    }
    expect(() => bulkhead.tryAcquire('search', ''), 'tryAcquire with an empty tenant name').toThrow(RangeError);
    expect(bulkhead.usage('search', 'acme'), 'usage after the bad calls').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });

  test('the constructor refuses endpoints that name no endpoint, and fractional or infinite limits', () => {
    expect(() => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: {} }), 'endpoints {}').toThrow(RangeError);
    expect(() => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: 2, perTenant: 1.5 } } }), 'perTenant 1.5').toThrow(RangeError);
    expect(() => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: Number.POSITIVE_INFINITY, perTenant: 1 } } }), 'endpoint limit Infinity').toThrow(RangeError);
    expect(() => new HierarchicalBulkhead({ serviceLimit: Number.NaN, endpoints: { search: { limit: 2, perTenant: 1 } } }), 'serviceLimit NaN').toThrow(RangeError);
  });

  test('a waiter that gets its lease cancels its timer, and a refusal with maxWaitMs 0 starts none', async () => {
    const { bulkhead, clock } = setup(5, { search: { limit: 5, perTenant: 1 } });
    const holder = bulkhead.tryAcquire('search', 'acme');
    const refused = track(bulkhead.acquire('search', 'acme', 0));
    await flushMicrotasks();
    expect(refused.rejection, 'acquire with maxWaitMs 0 on a full tenant').toBeInstanceOf(PermitRejectedError);
    expect(clock.pendingTimers, 'timers after a refusal with maxWaitMs 0').toBe(0);
    const waiting = track(bulkhead.acquire('search', 'acme', 100));
    await clock.advance(10);
    expect(clock.pendingTimers, 'timers while one call waits (its deadline)').toBe(1);
    holder.release();
    await flushMicrotasks();
    expect(waiting.state, 'the waiter after the release').toBe('fulfilled');
    expect(clock.pendingTimers, 'timers once the waiter got its lease (its deadline must be cancelled)').toBe(0);
    leaseOf(waiting).release();
  });
});

describe('HierarchicalBulkhead (messages and the real clock)', () => {
  test('errors say what was wrong: RangeErrors name the option, endpoint or tenant; the finished errors their name and data', async () => {
    const search = { limit: 2, perTenant: 1 };
    const constructorCases: Array<[string, () => unknown, RegExp]> = [
      ['serviceLimit 0', () => new HierarchicalBulkhead({ serviceLimit: 0, endpoints: { search } }), /serviceLimit/],
      ['limit 0 on search', () => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: 0, perTenant: 1 } } }), /search/],
      ['perTenant -1 on search', () => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: 2, perTenant: -1 } } }), /perTenant/],
      ['endpoints {}', () => new HierarchicalBulkhead({ serviceLimit: 2, endpoints: {} }), /endpoint/],
    ];
    for (const [label, make, names] of constructorCases) {
      expect(make, `the message of the RangeError for ${label}`).toThrow(names);
    }
    const { bulkhead } = setup(2, { search, export: search });
    expect(() => bulkhead.tryAcquire('reports', 'acme'), 'the message for an unknown endpoint names it').toThrow('reports');
    expect(() => bulkhead.tryAcquire('reports', 'acme'), 'the message for an unknown endpoint lists the known ones').toThrow('search, export');
    expect(() => bulkhead.tryAcquire('search', ''), 'the message for an empty tenant name').toThrow('tenant');
    await expect(bulkhead.acquire('search', 'acme', -1), 'the message for maxWaitMs -1').rejects.toThrow('maxWaitMs');
    const refused = new PermitRejectedError('tenant', 'search/acme', 3);
    expect([refused.name, refused.level, refused.compartment, refused.limit], 'a PermitRejectedError').toEqual(['PermitRejectedError', 'tenant', 'search/acme', 3]);
    for (const part of ['tenant', 'search/acme', '3']) expect(refused.message, 'the message of a PermitRejectedError').toContain(part);
    const timedOut = new AcquireTimeoutError(40, 'endpoint', 'search');
    expect([timedOut.name, timedOut.maxWaitMs, timedOut.level, timedOut.compartment], 'an AcquireTimeoutError').toEqual(['AcquireTimeoutError', 40, 'endpoint', 'search']);
    for (const part of ['40', 'endpoint', 'search']) expect(timedOut.message, 'the message of an AcquireTimeoutError').toContain(part);
  });

  test('uses real time when no clock is given', async () => {
    const bulkhead = new HierarchicalBulkhead({ serviceLimit: 2, endpoints: { search: { limit: 2, perTenant: 1 } } });
    const holder = bulkhead.tryAcquire('search', 'acme');
    const patient = track(bulkhead.acquire('search', 'acme', 1000));
    const impatient = await during('waiting 20 real ms for a permit with no clock', () =>
      bulkhead.acquire('search', 'acme', 20).then(
        () => 'got a lease',
        (error: unknown) => error,
      ),
    );
    expect(impatient, 'a waiter with maxWaitMs 20 and no clock, after 20 real ms').toBeInstanceOf(AcquireTimeoutError);
    holder.release();
    await flushMicrotasks();
    expect(patient.state, 'a waiter with maxWaitMs 1000, right after the release').toBe('fulfilled');
    leaseOf(patient).release();
  });
});

describe('HierarchicalBulkhead (rollback and release)', () => {
  test('fifty refusals in a row at the tenant level leave nothing behind', () => {
    const { bulkhead } = setup(10, { search: { limit: 10, perTenant: 1 } });
    bulkhead.tryAcquire('search', 'acme');
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        bulkhead.tryAcquire('search', 'acme');
      } catch (error) {
        if (!(error instanceof PermitRejectedError)) throw error;
      }
    }
    expect(bulkhead.usage('search', 'acme'), 'usage after 50 refused calls').toEqual({ service: 1, endpoint: 1, tenant: 1 });
    expect(() => bulkhead.tryAcquire('search', 'beta'), 'another tenant after the refusals').not.toThrow();
  });

  test('a lease released twice while another lease is held still counts the other one', () => {
    const { bulkhead } = setup(10, { export: { limit: 10, perTenant: 2 } });
    const first = bulkhead.tryAcquire('export', 'acme');
    bulkhead.tryAcquire('export', 'acme');
    first.release();
    first.release();
    expect(bulkhead.usage('export', 'acme'), 'usage with one acme lease still held').toEqual({ service: 1, endpoint: 1, tenant: 1 });
    bulkhead.tryAcquire('export', 'acme');
    expect(() => bulkhead.tryAcquire('export', 'acme'), 'a third acme export (2 per tenant, 2 held)').toThrow(PermitRejectedError);
  });

  test('a refusal at the endpoint level takes and gives back only the service permit', () => {
    const { bulkhead, events } = setup(10, { search: { limit: 1, perTenant: 1 } });
    bulkhead.tryAcquire('search', 'acme');
    const before = events.length;
    expect(() => bulkhead.tryAcquire('search', 'beta'), 'beta on a full search endpoint').toThrow(PermitRejectedError);
    expect(events.slice(before), 'permits taken and given back by the refused call').toEqual(['take service', 'give service']);
  });

  test('a full release sequence across two paths gives back each lease innermost first', () => {
    const { bulkhead, events } = setup(10, { search: { limit: 5, perTenant: 2 }, export: { limit: 5, perTenant: 2 } });
    const search = bulkhead.tryAcquire('search', 'acme');
    const exporting = bulkhead.tryAcquire('export', 'beta');
    const before = events.length;
    exporting.release();
    search.release();
    expect(events.slice(before), 'permits given back').toEqual(['give export/beta', 'give export', 'give service', 'give search/acme', 'give search', 'give service']);
  });

  test('counts a tenant separately on each endpoint', () => {
    const { bulkhead } = setup(10, { search: { limit: 5, perTenant: 1 }, export: { limit: 5, perTenant: 1 } });
    bulkhead.tryAcquire('search', 'acme');
    expect(() => bulkhead.tryAcquire('export', 'acme'), 'acme on export while it holds a search permit').not.toThrow();
    expect(bulkhead.usage('search', 'acme'), 'usage on search/acme').toEqual({ service: 2, endpoint: 1, tenant: 1 });
  });

  test('run gives the permits back when the function throws something that is not an Error', async () => {
    const { bulkhead } = setup(2, { search: { limit: 2, perTenant: 1 } });
    const result = track(
      bulkhead.run('search', 'acme', () => {
        throw 'plain string';
      }),
    );
    await flushMicrotasks();
    expect(result.reason, 'what run rejected with').toBe('plain string');
    expect(bulkhead.usage('search', 'acme'), 'usage after the throw').toEqual({ service: 0, endpoint: 0, tenant: 0 });
  });
});

const ENDPOINTS = ['search', 'export', 'admin'] as const;
const TENANTS = ['acme', 'beta', 'gamma', 'delta'] as const;

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
  const serviceLimit = random.int(1, 6);
  limits.set('service', serviceLimit);
  const endpoints: Record<string, EndpointLimits> = {};
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
  const results: Array<{ result: TrackedPromise<number>; error: unknown }> = [];
  for (let index = 0; index < calls; index += 1) {
    const endpoint = random.pick(ENDPOINTS);
    const tenant = random.pick(TENANTS);
    const names = ['service', endpoint, `${endpoint}/${tenant}`];
    const duration = random.int(0, 40);
    const ending = random.pick(['resolve', 'resolve', 'reject', 'throw'] as const);
    const maxWaitMs = random.pick([0, 1, 10, 30, 100]);
    const ownError = new Error(`call ${index} failed`);
    const finish = (): void => {
      for (const name of names) running.set(name, (running.get(name) ?? 0) - 1);
    };
    const fn = (): Promise<number> => {
      for (const name of names) {
        const count = (running.get(name) ?? 0) + 1;
        running.set(name, count);
        if (count > (limits.get(name) ?? 0)) problems.push(`call ${index} started with ${count} calls running in "${name}" (limit ${limits.get(name) ?? 0})`);
      }
      const usage = bulkhead.usage(endpoint, tenant);
      const fromEvents = { service: held.get('service') ?? 0, endpoint: held.get(endpoint) ?? 0, tenant: held.get(`${endpoint}/${tenant}`) ?? 0 };
      if (usage.service !== fromEvents.service || usage.endpoint !== fromEvents.endpoint || usage.tenant !== fromEvents.tenant) {
        problems.push(`call ${index}: usage() says ${JSON.stringify(usage)} but the permit events say ${JSON.stringify(fromEvents)}`);
      }
      if (ending === 'throw') {
        finish();
        throw ownError;
      }
      return clock.sleep(duration).then(() => {
        finish();
        if (ending === 'reject') throw ownError;
        return index;
      });
    };
    results.push({ result: track(bulkhead.run(endpoint, tenant, fn, maxWaitMs)), error: ownError });
    if (random.chance(0.6)) await clock.advance(random.int(0, 15));
  }
  await clock.runAll();
  await flushMicrotasks();
  expect(problems, 'limits broken during the run').toEqual([]);
  expect(results.filter(({ result }) => result.state === 'pending').length, 'calls still pending after every timer fired').toBe(0);
  const strange = results.filter(({ result, error }) => result.state === 'rejected' && result.reason !== error && !(result.reason instanceof PermitRejectedError) && !(result.reason instanceof AcquireTimeoutError));
  expect(strange.map(({ result }) => String(result.reason)), 'rejections that are neither the call’s own error nor a refusal').toEqual([]);
  const stillHeld = [...held].filter(([, count]) => count !== 0).map(([name, count]) => `${name}: ${count}`);
  expect(stillHeld, 'permits not given back after every call ended').toEqual([]);
  for (const endpoint of ENDPOINTS) {
    const fits = Math.min(serviceLimit, endpoints[endpoint]?.limit ?? 0, endpoints[endpoint]?.perTenant ?? 0);
    const leases: Lease[] = [];
    let refused = false;
    while (!refused && leases.length <= fits) {
      try {
        leases.push(bulkhead.tryAcquire(endpoint, 'beta'));
      } catch {
        refused = true;
      }
    }
    expect(leases.length, `calls admitted on ${endpoint}/beta after the run (its capacity is ${fits})`).toBe(fits);
    for (const lease of leases) lease.release();
  }
}

describe('HierarchicalBulkhead under concurrent random schedules (more seeds)', () => {
  test('never exceeds a limit, keeps every permit nested in its outer ones, keeps usage() equal to the permit events, settles every call and gets every permit back', async () => {
    await forEachSeed(60, (random) => checkRandomSchedule(random, 40));
  });
});

describe('systemClock (the default clock)', () => {
  test('reads the real time, and a cleared timer never fires', async () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(typeof now, 'systemClock.now() gives a number').toBe('number');
    expect(now, 'systemClock.now() is the current time').toBeGreaterThanOrEqual(before);
    let fired = false;
    const handle = systemClock.setTimeout(() => {
      fired = true;
    }, 10);
    systemClock.clearTimeout(handle);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired, 'a timer cleared with systemClock.clearTimeout fired').toBe(false);
  });
});
