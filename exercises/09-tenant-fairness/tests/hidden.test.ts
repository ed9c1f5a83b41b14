import { createClock, createTask, describe, expect, flushMicrotasks, forEachSeed, test, track, type ControlledTask, type SeededRandom, type TrackedPromise } from '../../_harness';
import { FairLimiter, TenantQueueFullError } from '../start/fair-limiter';

interface Call {
  readonly label: string;
  readonly task: ControlledTask<string>;
  readonly result: TrackedPromise<string>;
}

function submit(limiter: FairLimiter, tenant: string, label: string, starts: string[]): Call {
  const task = createTask<string>();
  const result = track(
    limiter.run(tenant, () => {
      starts.push(label);
      return task.fn();
    }),
  );
  return { label, task, result };
}

async function drainInStartOrder(calls: readonly Call[], starts: readonly string[]): Promise<void> {
  for (let round = 0; round < calls.length * 2 && calls.some((call) => call.result.state === 'pending'); round += 1) {
    const next = starts.map((label) => calls.find((call) => call.label === label)).find((call) => call !== undefined && call.result.state === 'pending');
    next?.task.resolve('done');
    await flushMicrotasks();
  }
}

function finish(calls: readonly Call[], label: string): void {
  const call = calls.find((entry) => entry.label === label);
  if (call === undefined) throw new Error(`no call labelled ${label}`);
  call.task.resolve('done');
}

describe('FairLimiter (more cases)', () => {
  test('three tenants with 20 waiting calls each start in strict rotation', async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 20 });
    const starts: string[] = [];
    const calls = ['a', 'b', 'c'].flatMap((tenant) => Array.from({ length: 20 }, (_, index) => submit(limiter, tenant, `${tenant}${index + 1}`, starts)));
    await flushMicrotasks();
    await drainInStartOrder(calls, starts);
    expect(starts.slice(0, 11), 'the first eleven starts').toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'c2', 'a4', 'b3', 'c3', 'a5']);
    expect(starts.slice(-5), 'the last five starts (a runs out first)').toEqual(['a20', 'b19', 'c19', 'b20', 'c20']);
  });

  test('a tenant at its cap loses its turn while others start, and a newcomer from an idle tenant starts at once', async () => {
    const limiter = new FairLimiter({ limit: 3, perTenantLimit: 1, perTenantQueue: 10 });
    const starts: string[] = [];
    const calls = [
      submit(limiter, 'a', 'a1', starts),
      submit(limiter, 'a', 'a2', starts),
      submit(limiter, 'a', 'a3', starts),
      submit(limiter, 'b', 'b1', starts),
      submit(limiter, 'b', 'b2', starts),
      submit(limiter, 'c', 'c1', starts),
    ];
    await flushMicrotasks();
    expect(starts, 'calls started at first (cap 1 per tenant)').toEqual(['a1', 'b1', 'c1']);
    finish(calls, 'c1');
    await flushMicrotasks();
    expect(starts, 'after c1 ends, a and b are both at their cap').toEqual(['a1', 'b1', 'c1']);
    const newcomer = submit(limiter, 'd', 'd1', starts);
    await flushMicrotasks();
    expect(newcomer.task.started, "an idle tenant's call with a slot free and everyone waiting at their cap").toBe(true);
    finish(calls, 'a1');
    await flushMicrotasks();
    expect(starts, 'after a1 ends').toEqual(['a1', 'b1', 'c1', 'd1', 'a2']);
    finish(calls, 'b1');
    await flushMicrotasks();
    expect(starts, 'after b1 ends').toEqual(['a1', 'b1', 'c1', 'd1', 'a2', 'b2']);
    await drainInStartOrder([...calls, newcomer], starts);
  });

  test('a noisy tenant alone uses every slot, and gets them back when a quiet call ends', async () => {
    const limiter = new FairLimiter({ limit: 4, perTenantLimit: 4, perTenantQueue: 20 });
    const starts: string[] = [];
    const noisy = Array.from({ length: 10 }, (_, index) => submit(limiter, 'noisy', `n${index + 1}`, starts));
    await flushMicrotasks();
    expect(limiter.activeOf('noisy'), "noisy's running calls with nobody else around").toBe(4);
    const quiet = submit(limiter, 'quiet', 'q1', starts);
    finish(noisy, 'n1');
    await flushMicrotasks();
    expect(starts.at(-1), 'the call started when the first slot freed (noisy was waiting first)').toBe('n5');
    finish(noisy, 'n2');
    await flushMicrotasks();
    expect(starts.at(-1), 'the call started when the second slot freed (quiet\'s turn)').toBe('q1');
    quiet.task.resolve('done');
    await flushMicrotasks();
    expect(limiter.activeOf('noisy'), "noisy's running calls once quiet's call ended").toBe(4);
    await drainInStartOrder(noisy, starts);
  });

  test('perTenantQueue 0 refuses a capped tenant at once instead of letting it wait', async () => {
    const limiter = new FairLimiter({ limit: 4, perTenantLimit: 1, perTenantQueue: 0 });
    const starts: string[] = [];
    const first = submit(limiter, 'a', 'a1', starts);
    const second = submit(limiter, 'a', 'a2', starts);
    await flushMicrotasks();
    expect(second.result.rejection, "a's second call with perTenantQueue 0").toBeInstanceOf(TenantQueueFullError);
    expect((second.result.reason as TenantQueueFullError).perTenantQueue, 'perTenantQueue named in the error').toBe(0);
    expect(limiter.queued, 'calls waiting').toBe(0);
    first.task.resolve('done');
    await flushMicrotasks();
  });

  test('the queue bound counts waiting calls only: once a waiter starts, there is room to queue again', async () => {
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 1 });
    const starts: string[] = [];
    const calls = [submit(limiter, 'a', 'a1', starts), submit(limiter, 'a', 'a2', starts)];
    const refused = submit(limiter, 'a', 'a3', starts);
    await flushMicrotasks();
    expect(refused.result.rejection, 'a third call with 1 running and 1 waiting').toBeInstanceOf(TenantQueueFullError);
    finish(calls, 'a1');
    await flushMicrotasks();
    const again = submit(limiter, 'a', 'a4', starts);
    await flushMicrotasks();
    expect(again.result.state, 'a call after a2 started (1 running, 0 waiting)').toBe('pending');
    expect(limiter.queuedOf('a'), "a's waiting calls").toBe(1);
    await drainInStartOrder([...calls, again], starts);
    expect(starts, 'the order calls started in').toEqual(['a1', 'a2', 'a4']);
  });

  test("resolves with the function's value, plain or promised, and passes on a non-Error rejection", async () => {
    const limiter = new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: 2 });
    expect(await limiter.run('a', () => 42), 'a plain value').toBe(42);
    expect(await limiter.run('a', () => Promise.resolve('text')), 'a promised value').toBe('text');
    const rejected = track(limiter.run('a', () => Promise.reject('just a string')));
    await flushMicrotasks();
    expect(rejected.reason, 'a non-Error rejection').toBe('just a string');
    expect(limiter.active, 'running calls afterwards').toBe(0);
  });

  test('reports 0 running and 0 waiting for a tenant never seen, and again after its calls finish', async () => {
    const limiter = new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: 2 });
    expect(limiter.activeOf('nobody'), 'activeOf an unknown tenant').toBe(0);
    expect(limiter.queuedOf('nobody'), 'queuedOf an unknown tenant').toBe(0);
    const starts: string[] = [];
    const calls = [submit(limiter, 'a', 'a1', starts), submit(limiter, 'a', 'a2', starts)];
    await flushMicrotasks();
    expect(limiter.queuedOf('a'), "a's waiting calls").toBe(1);
    await drainInStartOrder(calls, starts);
    expect(limiter.activeOf('a'), "a's running calls at the end").toBe(0);
    expect(limiter.queuedOf('a'), "a's waiting calls at the end").toBe(0);
  });

  test('rejects (never throws) a tenant name that is not a non-empty string', async () => {
    const limiter = new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: 2 });
    for (const tenant of ['', 42, undefined, null]) {
      let promise: Promise<unknown> | undefined;
      let called = false;
      expect(() => {
        promise = limiter.run(tenant as unknown as string, () => (called = true));
      }, `run() with tenant ${JSON.stringify(tenant) ?? 'undefined'} (it must return a rejected promise, not throw)`).not.toThrow();
      await expect(promise, `run() with tenant ${JSON.stringify(tenant) ?? 'undefined'}`).rejects.toThrow(RangeError);
      expect(called, `the function was called for tenant ${JSON.stringify(tenant) ?? 'undefined'}`).toBe(false);
    }
    expect(limiter.active, 'running calls').toBe(0);
  });

  test('errors say what was wrong: RangeErrors name the option or the tenant, TenantQueueFullError its name and data', async () => {
    const cases: Array<[Record<string, number>, RegExp]> = [
      [{ limit: 0, perTenantLimit: 1, perTenantQueue: 1 }, /\blimit\b/],
      [{ limit: 2, perTenantLimit: 1.5, perTenantQueue: 1 }, /perTenantLimit/],
      [{ limit: 2, perTenantLimit: 1, perTenantQueue: -1 }, /perTenantQueue/],
    ];
    for (const [options, names] of cases) {
      const make = (): unknown => new FairLimiter(options as unknown as ConstructorParameters<typeof FairLimiter>[0]);
      expect(make, `the message of the RangeError for ${JSON.stringify(options)} (it names the option)`).toThrow(names);
    }
    const limiter = new FairLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 0 });
    await expect(limiter.run('', () => 1), 'the message for an empty tenant name').rejects.toThrow('tenant');
    const full = new TenantQueueFullError('acme', 4);
    expect([full.name, full.tenant, full.perTenantQueue], 'a TenantQueueFullError').toEqual(['TenantQueueFullError', 'acme', 4]);
    for (const part of ['acme', '4']) expect(full.message, 'the message of a TenantQueueFullError').toContain(part);
  });

  test("a tenant's next waiting call starts when its own running call ends, even while others wait", async () => {
    const limiter = new FairLimiter({ limit: 2, perTenantLimit: 1, perTenantQueue: 5 });
    const starts: string[] = [];
    const calls = [submit(limiter, 'a', 'a1', starts), submit(limiter, 'b', 'b1', starts), submit(limiter, 'a', 'a2', starts), submit(limiter, 'b', 'b2', starts)];
    await flushMicrotasks();
    finish(calls, 'b1');
    await flushMicrotasks();
    expect(starts, 'after b1 ends (a is at its cap)').toEqual(['a1', 'b1', 'b2']);
    finish(calls, 'a1');
    await flushMicrotasks();
    expect(starts, 'after a1 ends').toEqual(['a1', 'b1', 'b2', 'a2']);
    await drainInStartOrder(calls, starts);
  });
});

/**
 * The fairness bound, checked on random workloads where the caps never bind (perTenantLimit =
 * limit): while a call of tenant T waits with k of T's calls ahead of it, no other tenant starts
 * more than k + 1 calls. Round robin gives every other tenant at most one call per turn of T.
 */
async function checkTurnBound(random: SeededRandom, arrivals: number): Promise<void> {
  const clock = createClock();
  const limit = random.int(1, 4);
  const limiter = new FairLimiter({ limit, perTenantLimit: limit, perTenantQueue: 60 });
  const tenants = ['noisy', 'noisy', 'noisy', 'noisy', 'noisy', 'quiet', 'mid', 'mid', 'rare'];
  const startLog: string[] = [];
  const waitingNow = new Map<string, number>();
  const problems: string[] = [];
  const results: Array<TrackedPromise<void>> = [];
  for (let id = 0; id < arrivals; id += 1) {
    const tenant = random.pick(tenants);
    const label = `${tenant} call ${id}`;
    const submittedAt = startLog.length;
    const ahead = waitingNow.get(tenant) ?? 0;
    let waited = false;
    const fn = (): Promise<void> => {
      if (waited) {
        waitingNow.set(tenant, (waitingNow.get(tenant) ?? 1) - 1);
        const others = new Map<string, number>();
        for (const entry of startLog.slice(submittedAt)) {
          const other = entry.split(' ')[0] ?? '';
          if (other !== tenant) others.set(other, (others.get(other) ?? 0) + 1);
        }
        for (const [other, count] of others) {
          if (count > ahead + 1) problems.push(`${label} waited (${ahead} of ${tenant}'s calls ahead of it) while ${other} started ${count} calls; at most ${ahead + 1} allowed`);
        }
      }
      startLog.push(label);
      return clock.sleep(random.int(1, 15));
    };
    const result = track(limiter.run(tenant, fn));
    if (startLog[startLog.length - 1] !== label) {
      waited = true;
      waitingNow.set(tenant, ahead + 1);
    }
    results.push(result);
    if (random.chance(0.3)) await clock.advance(random.int(1, 10));
  }
  await clock.runAll();
  await flushMicrotasks();
  expect(problems.slice(0, 3), 'calls that waited more than one turn per call ahead of them').toEqual([]);
  expect(results.filter((result) => result.state !== 'fulfilled').length, 'calls that did not finish').toBe(0);
}

describe('FairLimiter fairness bound on random workloads', () => {
  test('while a call waits, no other tenant starts more than one call per call ahead of it in its own queue, plus one', async () => {
    await forEachSeed(20, (random) => checkTurnBound(random, 60));
  });
});

/** The same invariants as the visible random check, plus accurate counts, on more seeds and bigger workloads. */
async function checkRandomWorkload(random: SeededRandom, arrivals: number): Promise<void> {
  const clock = createClock();
  const limit = random.int(1, 5);
  const perTenantLimit = random.int(1, limit + 1);
  const perTenantQueue = random.int(0, 8);
  const limiter = new FairLimiter({ limit, perTenantLimit, perTenantQueue });
  const tenants = ['noisy', 'noisy', 'noisy', 'noisy', 'quiet', 'mid', 'mid', 'rare'];
  const problems: string[] = [];
  const running = new Map<string, number>();
  const waiting = new Map<string, Set<number>>();
  const startedOrder = new Map<string, number[]>();
  const acceptedOrder = new Map<string, number[]>();
  let total = 0;
  const results: Array<TrackedPromise<number>> = [];
  const waitingOf = (tenant: string): Set<number> => {
    let set = waiting.get(tenant);
    if (set === undefined) {
      set = new Set();
      waiting.set(tenant, set);
    }
    return set;
  };
  const check = (when: string): void => {
    if (limiter.active !== total) problems.push(`${when}: active reports ${limiter.active} but ${total} calls are running`);
    for (const [tenant, set] of waiting) {
      if (limiter.queuedOf(tenant) !== set.size) problems.push(`${when}: queuedOf(${tenant}) reports ${limiter.queuedOf(tenant)} but ${set.size} calls wait`);
      if (limiter.activeOf(tenant) !== (running.get(tenant) ?? 0)) problems.push(`${when}: activeOf(${tenant}) reports ${limiter.activeOf(tenant)} but ${running.get(tenant) ?? 0} calls run`);
      if (set.size > 0 && (running.get(tenant) ?? 0) < perTenantLimit && total < limit) {
        problems.push(`${when}: ${tenant} has ${set.size} call(s) waiting and ${running.get(tenant) ?? 0} running (cap ${perTenantLimit}) while only ${total} of ${limit} slots are taken`);
      }
    }
  };
  for (let id = 0; id < arrivals; id += 1) {
    const tenant = random.pick(tenants);
    const duration = random.int(1, 20);
    const queueBefore = waitingOf(tenant).size;
    const couldStart = total < limit && (running.get(tenant) ?? 0) < perTenantLimit && queueBefore === 0;
    let started = false;
    const fn = (): Promise<number> => {
      started = true;
      waitingOf(tenant).delete(id);
      total += 1;
      const count = (running.get(tenant) ?? 0) + 1;
      running.set(tenant, count);
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
    if (started && !couldStart) problems.push(`call ${id} (${tenant}) started at once, although the limit or its cap was reached or its own calls were waiting`);
    if (!started) waitingOf(tenant).add(id);
    await flushMicrotasks();
    if (result.state === 'rejected') {
      waitingOf(tenant).delete(id);
      if (!(result.reason instanceof TenantQueueFullError)) problems.push(`call ${id} (${tenant}) was rejected with ${String(result.reason)}`);
      else if (couldStart || queueBefore < perTenantQueue) problems.push(`call ${id} (${tenant}) was refused with ${queueBefore} of its calls waiting (perTenantQueue ${perTenantQueue})`);
    } else {
      acceptedOrder.set(tenant, [...(acceptedOrder.get(tenant) ?? []), id]);
      results.push(result);
    }
    check(`after call ${id} (${tenant}) arrived`);
    if (random.chance(0.4)) await clock.advance(random.int(1, 8));
  }
  await clock.runAll();
  expect(problems.slice(0, 3), 'rules broken during the run').toEqual([]);
  expect(results.filter((result) => result.state !== 'fulfilled').length, 'accepted calls that never finished').toBe(0);
  for (const [tenant, order] of startedOrder) expect(order, `the order ${tenant}'s calls started in`).toEqual(acceptedOrder.get(tenant) ?? []);
}

describe('FairLimiter under random workloads (more seeds)', () => {
  test('keeps the limit, the caps, the queue bound, FIFO within each tenant and accurate counts, and never leaves a usable slot idle', async () => {
    await forEachSeed(20, (random) => checkRandomWorkload(random, 50));
  });
});
