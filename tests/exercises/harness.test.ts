import { describe as suite, expect as vexpect, test as vtest } from 'vitest';
import {
  AssertionError,
  createClock,
  createConcurrencyProbe,
  createRandom,
  createTask,
  deferred,
  describe,
  during,
  expect,
  StepError,
  flushMicrotasks,
  forEachSeed,
  formatValue,
  test,
  track,
} from '../../exercises/_harness';
import { beginCollection, collectedTests, endCollection, reportUncaught, runCollected } from '../../exercises/_harness/runtime';
import { deepEqual } from '../../exercises/_harness/equal';

function failure(run: () => void): AssertionError {
  try {
    run();
  } catch (error) {
    if (error instanceof AssertionError) return error;
    throw error;
  }
  throw new Error('expected an AssertionError');
}

suite('expect', () => {
  vtest('passes matching values silently', async () => {
    expect(1).toBe(1);
    expect({ a: [1, 2] }).toEqual({ a: [1, 2] });
    expect(3).toBeGreaterThan(2);
    expect(0.1 + 0.2).toBeCloseTo(0.3, 5);
    expect([1, 2]).toContain(2);
    expect('abc').toMatch(/b/);
    expect(() => {
      throw new RangeError('bad limit');
    }).toThrow(RangeError);
    expect(() => undefined).not.toThrow();
    await expect(Promise.reject(new Error('x'))).rejects.toThrow('x');
    await expect(Promise.resolve(5)).resolves.toBe(5);
  });

  vtest('fails with a message and formatted expected and actual values', () => {
    const error = failure(() => expect(0).toBe(2));
    vexpect(error.message).toBe('Expected 0 to be 2');
    vexpect([error.expected, error.actual]).toEqual(['2', '0']);
  });

  vtest('puts the hint in front of the message', () => {
    vexpect(failure(() => expect(0, 'active').toBe(2)).message).toBe('active: Expected 0 to be 2');
  });

  vtest('suggests toEqual when toBe compares equal-looking objects', () => {
    vexpect(failure(() => expect({ a: 1 }).toBe({ a: 1 })).message).toContain('use toEqual');
  });

  vtest('describes what was thrown when toThrow does not match', () => {
    const error = failure(() =>
      expect(() => {
        throw 'plain';
      }).toThrow(RangeError),
    );
    vexpect(error.message).toBe('Expected the function to throw a RangeError, but it threw a non-Error value "plain"');
  });

  vtest('fails rejects when the promise resolves', async () => {
    await vexpect(expect(Promise.resolve(1)).rejects.toThrow()).rejects.toThrow('Expected the promise to reject, but it resolved with 1');
  });

  vtest('fails numeric matchers on non-numbers', () => {
    vexpect(failure(() => expect('3').toBeGreaterThan(2)).message).toBe('greater than needs a number, but got "3"');
  });
});

suite('formatValue', () => {
  vtest.each([
    [undefined, 'undefined'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [10n, '10n'],
    ['hi', '"hi"'],
    [[1, [2, [3, [4]]]], '[1, [2, [3, […]]]]'],
    [new Map([[1, 'a']]), 'Map(1) {1 => "a"}'],
    [new RangeError('too big'), 'RangeError: too big'],
    [Object.create(null), '[null prototype] {}'],
  ])('formats %o as %s', (value, text) => {
    vexpect(formatValue(value)).toBe(text);
  });

  vtest('marks cycles and cuts long output', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    vexpect(formatValue(cyclic)).toBe('{ self: [Circular] }');
    vexpect(formatValue('x'.repeat(500)).length).toBe(200);
  });
});

suite('deepEqual', () => {
  vtest('compares structure, ignoring keys that hold undefined', () => {
    vexpect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    vexpect(deepEqual([1, 2], [2, 1])).toBe(false);
    vexpect(deepEqual(new Set([1]), new Set([1]))).toBe(true);
    vexpect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    vexpect(deepEqual({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
  });
});

suite('createClock', () => {
  vtest('fires timers in time order, ties in scheduling order, only when time moves', async () => {
    const clock = createClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@20'), 20);
    vexpect(fired).toEqual([]);
    await clock.advance(15);
    vexpect(fired).toEqual(['a@10']);
    vexpect(clock.now()).toBe(15);
    await clock.advance(5);
    vexpect(fired).toEqual(['a@10', 'b@20', 'c@20']);
  });

  vtest('lets promise chains settle between timers', async () => {
    const clock = createClock();
    const seen: number[] = [];
    void clock.sleep(10).then(async () => {
      seen.push(clock.now());
      await clock.sleep(5);
      seen.push(clock.now());
    });
    await clock.advance(15);
    vexpect(seen).toEqual([10, 15]);
  });

  vtest('cancels timers and rejects an aborted sleep with the reason', async () => {
    const clock = createClock();
    const fired = vi_fn();
    const handle = clock.setTimeout(fired.call, 5);
    clock.clearTimeout(handle);
    const controller = new AbortController();
    const sleeping = track(clock.sleep(100, controller.signal));
    controller.abort('stop');
    await clock.runAll();
    vexpect(fired.count).toBe(0);
    vexpect(sleeping.reason).toBe('stop');
    vexpect(clock.pendingTimers).toBe(0);
  });

  vtest('runAll stops a timer that reschedules itself forever', async () => {
    const clock = createClock();
    const again = (): void => {
      clock.setTimeout(again, 1);
    };
    again();
    await vexpect(clock.runAll()).rejects.toThrow('rescheduling itself');
  });

  vtest('refuses to move time backwards', async () => {
    await vexpect(createClock().advance(-1)).rejects.toThrow(RangeError);
  });
});

function vi_fn(): { call: () => void; count: number } {
  const spy = {
    count: 0,
    call: () => {
      spy.count += 1;
    },
  };
  return spy;
}

suite('promise and task helpers', () => {
  vtest('deferred and createTask settle when told to', async () => {
    const gate = deferred<number>();
    const task = createTask<string>();
    const tracked = track(task.fn());
    vexpect([task.started, task.calls, gate.settled]).toEqual([true, 1, false]);
    gate.resolve(3);
    task.reject(new Error('nope'));
    await flushMicrotasks();
    await vexpect(gate.promise).resolves.toBe(3);
    vexpect(tracked.state).toBe('rejected');
    vexpect(tracked.rejection).toBeInstanceOf(Error);
  });

  vtest('track reports a pending promise without awaiting it', async () => {
    const tracked = track(new Promise(() => undefined));
    await flushMicrotasks();
    vexpect(tracked.state).toBe('pending');
    vexpect(tracked.rejection).toBe('still pending');
  });

  vtest('the concurrency probe records the most calls running at once', async () => {
    const probe = createConcurrencyProbe();
    const tasks = [createTask(), createTask(), createTask()];
    const runs = tasks.map((task) => probe.wrap(task.fn)());
    vexpect(probe.active).toBe(3);
    for (const task of tasks) task.resolve();
    await Promise.all(runs);
    vexpect([probe.active, probe.maxActive, probe.started]).toEqual([0, 3, 3]);
  });
});

suite('createRandom', () => {
  vtest('repeats the same sequence for the same seed', () => {
    const first = createRandom(7);
    const second = createRandom(7);
    const a = Array.from({ length: 5 }, () => first.int(1, 100));
    vexpect(Array.from({ length: 5 }, () => second.int(1, 100))).toEqual(a);
    vexpect(createRandom(8).int(1, 1_000_000)).not.toBe(createRandom(7).int(1, 1_000_000));
  });

  vtest('keeps integers within bounds and shuffles without losing items', () => {
    const random = createRandom(1);
    for (let index = 0; index < 1000; index += 1) {
      const value = random.int(-2, 2);
      vexpect(value >= -2 && value <= 2 && Number.isInteger(value)).toBe(true);
    }
    vexpect(random.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });

  vtest('forEachSeed names the failing seed', async () => {
    await vexpect(
      forEachSeed(10, (random) => {
        expect(random.seed).toBeLessThan(4);
      }),
    ).rejects.toThrow('With seed 4: Expected 4 to be less than 4');
  });
});

suite('test registry', () => {
  vtest('collects tests only while a file loads, and runs them with statuses and durations', async () => {
    vexpect(() => test('outside', () => undefined)).toThrow('can only be called while a test file is loading');
    beginCollection('visible');
    describe('unit', () => {
      test('passes', () => undefined);
      test('fails', () => expect(1).toBe(2));
      test('throws a string', () => {
        throw 'oops';
      });
      test('never settles', () => new Promise(() => undefined), { timeoutMs: 30 });
      test('passes', () => undefined);
      test('has a stray timer error', () => {
        reportUncaught(new Error('from a timer'));
      });
    });
    endCollection();
    vexpect(collectedTests().map((entry) => entry.name)).toEqual([
      'unit › passes',
      'unit › fails',
      'unit › throws a string',
      'unit › never settles',
      'unit › passes (2)',
      'unit › has a stray timer error',
    ]);
    const started: string[] = [];
    const results = await runCollected({ defaultTimeoutMs: 1000, onTestStart: (name) => started.push(name) });
    vexpect(started).toHaveLength(6);
    vexpect(results.map((result) => result.status)).toEqual(['passed', 'failed', 'failed', 'timed-out', 'passed', 'failed']);
    vexpect(results[1]).toMatchObject({ message: 'Expected 1 to be 2', expected: '2', actual: '1' });
    vexpect(results[2]?.message).toBe('Threw a non-Error value "oops"');
    vexpect(results[3]?.message).toContain('30 ms');
    vexpect(results[5]?.message).toContain('Error: from a timer');
    vexpect(results.every((result) => result.durationMs >= 0 && result.suite === 'visible')).toBe(true);
  });
});

suite('during', () => {
  vtest('names the step when code under test throws, synchronously or by rejecting', async () => {
    const sync = (() => {
      try {
        during('calling run() the 3rd time', () => {
          throw new RangeError('full');
        });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    vexpect(sync).toBeInstanceOf(StepError);
    vexpect((sync as StepError).message).toBe('while calling run() the 3rd time: RangeError: full');
    await vexpect(during('awaiting the call', () => Promise.reject(new TypeError('late')))).rejects.toThrow('while awaiting the call: TypeError: late');
  });

  vtest('passes values and failed expectations through unchanged', async () => {
    vexpect(during('adding', () => 1 + 1)).toBe(2);
    await vexpect(during('waiting', () => Promise.resolve('ok'))).resolves.toBe('ok');
    const error = failure(() => during('checking', () => expect(1).toBe(2)));
    vexpect(error.message).toBe('Expected 1 to be 2');
  });
});
