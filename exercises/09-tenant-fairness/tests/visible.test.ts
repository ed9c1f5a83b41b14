import { createClock, createTask, describe, during, expect, flushMicrotasks, forEachSeed, test, track, type ControlledTask, type SeededRandom, type TrackedPromise } from '../../_harness';
import { FairLimiter, TenantQueueFullError } from '../start/fair-limiter';

interface Call {
  readonly label: string;
  readonly task: ControlledTask<string>;
  readonly result: TrackedPromise<string>;
}

/** Submits a call held open by a task; its label is recorded in `starts` when it starts. */
function submit(limiter: FairLimiter, tenant: string, label: string, starts: string[]): Call {
  const task = createTask<string>();
  // during() names a synchronous throw from run() (it must return a promise, even a rejected one).
  const result = during(`calling run('${tenant}') for call ${label}`, () =>
    track(
      limiter.run(tenant, () => {
        starts.push(label);
        return task.fn();
      }),
    ),
  );
  return { label, task, result };
}

/** Ends the running calls one at a time, oldest start first, until every call has settled. */
async function drainInStartOrder(calls: readonly Call[], starts: readonly string[]): Promise<void> {
  for (let round = 0; round < calls.length * 2 && calls.some((call) => call.result.state === 'pending'); round += 1) {
    const next = starts.map((label) => calls.find((call) => call.label === label)).find((call) => call !== undefined && call.result.state === 'pending');
    next?.task.resolve('done');
    await flushMicrotasks();
  }
}

describe('FairLimiter turns', () => {
  test("a quiet tenant's call starts at the next free slot, not behind a noisy tenant's 1,000 waiting calls", async () => {
    const clock = createClock();
    const limiter = new FairLimiter({ limit: 4, perTenantLimit: 4, perTenantQueue: 1000 });
    let noisyStarts = 0;
    const noisy = Array.from({ length: 1000 }, () =>
      limiter.run('noisy', () => {
        noisyStarts += 1;
        return clock.sleep(10);
      }),
    );
    await clock.advance(5);
    const noisyStartsBefore = noisyStarts;
    let quietStartedAt = -1;
    let noisyStartsWhileQuietWaited = -1;
    const quiet = track(
      limiter.run('quiet', () => {
        quietStartedAt = clock.now();
        noisyStartsWhileQuietWaited = noisyStarts - noisyStartsBefore;
        return clock.sleep(10);
      }),
    );
    await clock.advance(5);
    const noisySince = noisyStarts - noisyStartsBefore;
    expect(quietStartedAt, `when quiet's call started (virtual ms; -1 = not yet). Noisy's first calls end at 10 and noisy has started ${noisySince} more calls since quiet arrived`).toBe(10);
    expect(noisyStartsWhileQuietWaited, "noisy calls started while quiet's single call waited").toBeLessThanOrEqual(1);
    await clock.runAll();
    await Promise.all(noisy);
    expect(quiet.state, "quiet's call").toBe('fulfilled');
  });

  test("starts each tenant's waiting calls in the order they arrived, taking turns between tenants", async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 10 });
    const starts: string[] = [];
    const calls = [
      submit(limiter, 'x', 'x1', starts),
      submit(limiter, 'a', 'a1', starts),
      submit(limiter, 'a', 'a2', starts),
      submit(limiter, 'b', 'b1', starts),
      submit(limiter, 'a', 'a3', starts),
      submit(limiter, 'b', 'b2', starts),
    ];
    await flushMicrotasks();
    await drainInStartOrder(calls, starts);
    expect(starts.filter((label) => label.startsWith('a')), "the order a's calls started in").toEqual(['a1', 'a2', 'a3']);
    expect(starts, 'the order all calls started in').toEqual(['x1', 'a1', 'b1', 'a2', 'b2', 'a3']);
  });

  test('gives every waiting tenant its turn, including the one after a tenant whose queue just emptied', async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 10 });
    const starts: string[] = [];
    const calls = [
      submit(limiter, 'x', 'x1', starts),
      submit(limiter, 'a', 'a1', starts),
      submit(limiter, 'b', 'b1', starts),
      submit(limiter, 'b', 'b2', starts),
      submit(limiter, 'c', 'c1', starts),
      submit(limiter, 'c', 'c2', starts),
    ];
    await flushMicrotasks();
    await drainInStartOrder(calls, starts);
    expect(starts, 'the order calls started in (a has one call, b and c two each)').toEqual(['x1', 'a1', 'b1', 'c1', 'b2', 'c2']);
  });

  test('a tenant that leaves the rotation and comes straight back waits for the others\' turns', async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 10 });
    const starts: string[] = [];
    const calls: Call[] = [1, 2, 3, 4, 5].map((n) => submit(limiter, 'noisy', `n${n}`, starts));
    // A closed-loop client: each time one of its calls starts, it sends the next, so its queue
    // empties and refills around every turn it gets.
    let sent = 0;
    const sendSteady = (): void => {
      if (sent === 4) return;
      sent += 1;
      const task = createTask<string>();
      const label = `s${sent}`;
      const result = track(
        limiter.run('steady', () => {
          starts.push(label);
          sendSteady();
          return task.fn();
        }),
      );
      calls.push({ label, task, result });
    };
    sendSteady();
    await flushMicrotasks();
    await drainInStartOrder(calls, starts);
    expect(starts, 'the order calls started in').toEqual(['n1', 'n2', 's1', 'n3', 's2', 'n4', 's3', 'n5', 's4']);
  });
});

describe('FairLimiter limits', () => {
  test('holds a tenant to perTenantLimit even while slots are free, and lets other tenants use them', async () => {
    const limiter = new FairLimiter({ limit: 4, perTenantLimit: 2, perTenantQueue: 10 });
    const starts: string[] = [];
    const calls = [1, 2, 3, 4, 5].map((n) => submit(limiter, 'noisy', `noisy${n}`, starts));
    await flushMicrotasks();
    expect(limiter.activeOf('noisy'), "noisy's running calls (cap 2)").toBe(2);
    expect(limiter.queuedOf('noisy'), "noisy's waiting calls").toBe(3);
    expect(limiter.active, 'running calls in total').toBe(2);
    const quiet = submit(limiter, 'quiet', 'quiet1', starts);
    await flushMicrotasks();
    expect(quiet.task.started, "quiet's call with 2 of 4 slots free").toBe(true);
    await drainInStartOrder([...calls, quiet], starts);
  });

  test('never runs more than limit calls in total', async () => {
    const limiter = new FairLimiter({ limit: 3, perTenantLimit: 3, perTenantQueue: 10 });
    const starts: string[] = [];
    const calls = ['a', 'b', 'c'].flatMap((tenant) => [1, 2, 3].map((n) => submit(limiter, tenant, `${tenant}${n}`, starts)));
    await flushMicrotasks();
    expect(limiter.active, 'running calls with a limit of 3').toBe(3);
    expect(starts.length, 'calls started').toBe(3);
    expect(limiter.queued, 'calls waiting').toBe(6);
    await drainInStartOrder(calls, starts);
  });

  test('starts a waiting call as soon as a running call ends, whether it succeeds, fails or throws', async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 10 });
    const starts: string[] = [];
    const first = submit(limiter, 'a', 'a1', starts);
    const second = submit(limiter, 'b', 'b1', starts);
    const thrower = track(
      limiter.run('c', () => {
        starts.push('c1');
        throw new Error('bad request');
      }),
    );
    const last = submit(limiter, 'd', 'd1', starts);
    await flushMicrotasks();
    first.task.resolve('ok');
    await flushMicrotasks();
    expect(second.task.started, "b's call after a's call succeeded").toBe(true);
    second.task.reject(new Error('dependency failed'));
    await flushMicrotasks();
    expect(thrower.rejection, "c's call, which throws synchronously").toBeInstanceOf(Error);
    expect(last.task.started, "d's call after b's call failed and c's threw").toBe(true);
    expect(limiter.activeOf('c'), "c's running calls after its call threw synchronously").toBe(0);
    expect(second.result.rejection, "b's result").toBeInstanceOf(Error);
    last.task.resolve('ok');
    await flushMicrotasks();
    expect(limiter.active, 'running calls at the end').toBe(0);
  });

  test("a synchronous throw gives back both the slot and the tenant's share of its cap", async () => {
    const limiter = new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: 5 });
    const starts: string[] = [];
    const error = new Error('bad request');
    let thrower: TrackedPromise<string> | undefined;
    expect(() => {
      thrower = track(
        limiter.run('c', (): string => {
          throw error;
        }),
      );
    }, 'run() with a function that throws synchronously (it must return a rejected promise, not throw)').not.toThrow();
    await flushMicrotasks();
    expect(thrower?.reason, 'what the call rejected with').toBe(error);
    expect(limiter.active, 'running calls after the throw (the slot must come back)').toBe(0);
    expect(limiter.activeOf('c'), "c's running calls after the throw (its share of the cap must come back too)").toBe(0);
    const next = during("calling run() for c after the throw", () => submit(limiter, 'c', 'c2', starts));
    await flushMicrotasks();
    expect(next.task.started, "c's next call (cap 1 per tenant, nothing running)").toBe(true);
    await drainInStartOrder([next], starts);
  });

  test('refuses with TenantQueueFullError only the tenant whose own queue is full', async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 2 });
    const starts: string[] = [];
    const calls = [1, 2, 3].map((n) => submit(limiter, 'noisy', `noisy${n}`, starts));
    const refused = submit(limiter, 'noisy', 'noisy4', starts);
    const quiet = submit(limiter, 'quiet', 'quiet1', starts);
    await flushMicrotasks();
    expect(refused.result.rejection, "noisy's fourth call (1 running, 2 waiting)").toBeInstanceOf(TenantQueueFullError);
    expect((refused.result.reason as TenantQueueFullError).tenant, 'the tenant named in the error').toBe('noisy');
    expect(quiet.result.state, "quiet's call while noisy's queue is full").toBe('pending');
    expect(limiter.queuedOf('quiet'), "quiet's waiting calls").toBe(1);
    await drainInStartOrder([...calls, quiet], starts);
    expect(quiet.result.state, "quiet's call at the end").toBe('fulfilled');
  });

  test('throws a RangeError for invalid options, and rejects an empty tenant name', async () => {
    expect(() => new FairLimiter({ limit: 0, perTenantLimit: 1, perTenantQueue: 1 }), 'limit 0').toThrow(RangeError);
    expect(() => new FairLimiter({ limit: 2, perTenantLimit: 1.5, perTenantQueue: 1 }), 'perTenantLimit 1.5').toThrow(RangeError);
    expect(() => new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: -1 }), 'perTenantQueue -1').toThrow(RangeError);
    const limiter = new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: 0 });
    await expect(limiter.run('', () => 1), 'an empty tenant name').rejects.toThrow(RangeError);
  });
});

/**
 * Replays a random workload with virtual time and checks, after every step, the rules that do not
 * depend on the exact turn order: the total limit, the per-tenant cap, FIFO within a tenant, no
 * free slot left unused while a tenant below its cap waits, the queue bound, and that every
 * accepted call finishes.
 */
async function checkRandomWorkload(random: SeededRandom, arrivals: number): Promise<void> {
  const clock = createClock();
  const limit = random.int(1, 4);
  const perTenantLimit = random.int(1, limit + 1);
  const perTenantQueue = random.int(0, 6);
  const limiter = new FairLimiter({ limit, perTenantLimit, perTenantQueue });
  const tenants = ['noisy', 'noisy', 'noisy', 'quiet', 'mid', 'mid'];
  const problems: string[] = [];
  const running = new Map<string, number>();
  const waiting = new Map<string, number[]>();
  const startedOrder = new Map<string, number[]>();
  const submittedOrder = new Map<string, number[]>();
  let total = 0;
  const results: Array<{ id: number; tenant: string; result: TrackedPromise<number> }> = [];
  const check = (when: string): void => {
    for (const [tenant, queue] of waiting) {
      if (queue.length > 0 && (running.get(tenant) ?? 0) < perTenantLimit && total < limit) {
        problems.push(`${when}: ${tenant} has ${queue.length} call(s) waiting and ${running.get(tenant) ?? 0} running (cap ${perTenantLimit}) while only ${total} of ${limit} slots are taken`);
      }
    }
  };
  for (let id = 0; id < arrivals; id += 1) {
    const tenant = random.pick(tenants);
    const duration = random.int(1, 20);
    submittedOrder.set(tenant, [...(submittedOrder.get(tenant) ?? []), id]);
    const queueBefore = waiting.get(tenant)?.length ?? 0;
    const wouldQueue = total >= limit || (running.get(tenant) ?? 0) >= perTenantLimit;
    const fn = (): Promise<number> => {
      total += 1;
      const count = (running.get(tenant) ?? 0) + 1;
      running.set(tenant, count);
      waiting.set(tenant, (waiting.get(tenant) ?? []).filter((other) => other !== id));
      startedOrder.set(tenant, [...(startedOrder.get(tenant) ?? []), id]);
      if (total > limit) problems.push(`call ${id} (${tenant}) started with ${total} calls running (limit ${limit})`);
      if (count > perTenantLimit) problems.push(`call ${id} (${tenant}) started with ${count} of its tenant's calls running (cap ${perTenantLimit})`);
      return clock.sleep(duration).then(() => {
        total -= 1;
        running.set(tenant, (running.get(tenant) ?? 0) - 1);
        // Fires once the limiter has reacted to this call's end (timers run after pending callbacks).
        clock.setTimeout(() => check(`at ${clock.now()} ms, after call ${id} (${tenant}) ended`), 0);
        return id;
      });
    };
    const result = track(limiter.run(tenant, fn));
    await flushMicrotasks();
    if (result.state === 'rejected') {
      if (!(result.reason instanceof TenantQueueFullError)) problems.push(`call ${id} (${tenant}) was rejected with ${String(result.reason)}`);
      else if (!(wouldQueue && queueBefore >= perTenantQueue)) problems.push(`call ${id} (${tenant}) was refused with only ${queueBefore} of its calls waiting (perTenantQueue ${perTenantQueue})`);
      submittedOrder.set(tenant, (submittedOrder.get(tenant) ?? []).filter((other) => other !== id));
    } else {
      if (!startedOrder.get(tenant)?.includes(id)) waiting.set(tenant, [...(waiting.get(tenant) ?? []), id]);
      results.push({ id, tenant, result });
    }
    check(`after call ${id} (${tenant}) arrived`);
    if (random.chance(0.4)) await clock.advance(random.int(1, 8));
  }
  await clock.runAll();
  expect(problems, 'rules broken during the run').toEqual([]);
  expect(results.filter(({ result }) => result.state !== 'fulfilled').map(({ id, tenant }) => `${tenant} call ${id}`), 'accepted calls that never finished').toEqual([]);
  for (const [tenant, order] of startedOrder) {
    expect(order, `the order ${tenant}'s calls started in`).toEqual(submittedOrder.get(tenant) ?? []);
  }
  expect(limiter.active, 'running calls at the end').toBe(0);
  expect(limiter.queued, 'waiting calls at the end').toBe(0);
}

describe('FairLimiter under random workloads', () => {
  test('keeps the total limit, the caps, FIFO within each tenant and the queue bound, and never leaves a usable slot idle', async () => {
    await forEachSeed(12, (random) => checkRandomWorkload(random, 40));
  });
});
