import { createClock, createTask, describe, during, expect, flushMicrotasks, forEachSeed, test, track, type ControlledTask, type SeededRandom, type TrackedPromise } from '../../_harness';
import {
  AdmissionController,
  AdmissionRejectedError,
  CRITICALITIES,
  DEFAULT_SHARES,
  type Admission,
  type AdmissionOptions,
  type AdmissionRequest,
  type Criticality,
  type LevelShares,
  type RejectionReason,
} from '../start/admission-controller';

function gateOf(options: Partial<AdmissionOptions> & { maxInFlight: number }, time = 0): AdmissionController {
  return during(`constructing an AdmissionController with maxInFlight ${options.maxInFlight}`, () => new AdmissionController({ now: () => time, ...options }));
}

function admit(gate: AdmissionController, request: AdmissionRequest): Admission {
  return during(`calling admit(${JSON.stringify(request)})`, () => gate.admit(request));
}

function outcome(admission: Admission): string {
  return admission.admitted ? 'admitted' : String(admission.rejection?.reason);
}

function rejectionOf(admission: Admission): AdmissionRejectedError | undefined {
  return admission.admitted ? undefined : admission.rejection;
}

function fill(gate: AdmissionController, count: number): Admission[] {
  return Array.from({ length: count }, () => admit(gate, { criticality: 'CRITICAL_PLUS' }));
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

function expectThrow(run: () => unknown, type: new (...args: never[]) => Error, pattern: RegExp, what: string): void {
  const thrown = thrownBy(run);
  expect(thrown, what).toBeInstanceOf(type);
  expect((thrown as Error).message, `the message for ${what}`).toMatch(pattern);
}

function shares(CRITICAL: number, SHEDDABLE_PLUS: number, SHEDDABLE: number): LevelShares {
  return { CRITICAL, SHEDDABLE_PLUS, SHEDDABLE };
}

describe('AdmissionController ceilings (more cases)', () => {
  test('computes each ceiling as Math.floor(maxInFlight * share), down to 0, with shares of its own', () => {
    const ceilings = (maxInFlight: number, given?: LevelShares): number[] => {
      const gate = gateOf(given === undefined ? { maxInFlight } : { maxInFlight, shares: given });
      return CRITICALITIES.map((level) => gate.ceilingOf(level));
    };
    expect(ceilings(1), 'maxInFlight 1, default shares').toEqual([1, 0, 0, 0]);
    expect(ceilings(3), 'maxInFlight 3, default shares (2.7, 2.1, 1.5)').toEqual([3, 2, 2, 1]);
    expect(ceilings(100, shares(0.58, 0.29, 0.07)), 'maxInFlight 100, shares 0.58, 0.29, 0.07 (in JavaScript 100 * 0.58 is 57.99…, 100 * 0.29 is 28.99…, 100 * 0.07 is 7.00…01)').toEqual([100, 57, 28, 7]);
    expect(ceilings(8, shares(1, 1, 0)), 'maxInFlight 8, shares 1, 1, 0').toEqual([8, 8, 8, 0]);
    expect(ceilings(20, shares(0.5, 0.5, 0.5)), 'maxInFlight 20, equal shares 0.5').toEqual([20, 10, 10, 10]);
  });

  test('a level with a ceiling of 0 is always refused, and a share of 1 lets a level fill every slot', () => {
    const gate = gateOf({ maxInFlight: 3, shares: shares(1, 0.5, 0) });
    expect(outcome(admit(gate, { criticality: 'SHEDDABLE' })), 'SHEDDABLE with nothing in flight (ceiling 0)').toBe('shed');
    const held = [admit(gate, {}), admit(gate, {}), admit(gate, {})].map(outcome);
    expect(held, 'three CRITICAL requests with share 1 and maxInFlight 3').toEqual(['admitted', 'admitted', 'admitted']);
    expect(outcome(admit(gate, {})), 'a fourth CRITICAL request').toBe('full');
  });

  test('reads the shares once: changing the object later changes nothing', () => {
    const given = shares(0.9, 0.7, 0.5);
    const gate = gateOf({ maxInFlight: 10, shares: given });
    given.SHEDDABLE = 0.1;
    given.CRITICAL = 1;
    expect(CRITICALITIES.map((level) => gate.ceilingOf(level)), 'ceilings after the shares object was changed').toEqual([10, 9, 7, 5]);
    fill(gate, 5);
    expect(outcome(admit(gate, { criticality: 'SHEDDABLE_PLUS' })), 'SHEDDABLE_PLUS with 5 in flight').toBe('admitted');
  });

  test('DEFAULT_SHARES keeps its values', () => {
    expect({ ...DEFAULT_SHARES }, 'DEFAULT_SHARES').toEqual({ CRITICAL: 0.9, SHEDDABLE_PLUS: 0.7, SHEDDABLE: 0.5 });
  });

  test('with custom shares, each level is refused exactly at its ceiling and CRITICAL_PLUS only when full', () => {
    const gate = gateOf({ maxInFlight: 6, shares: shares(0.5, 0.5, 0.34) });
    // Ceilings: CRITICAL_PLUS 6, CRITICAL 3, SHEDDABLE_PLUS 3, SHEDDABLE 2.
    const seen: string[] = [];
    for (let count = 0; count <= 6; count += 1) {
      const levels = CRITICALITIES.filter((criticality) => {
        const admission = admit(gate, { criticality });
        if (admission.admitted) admission.release();
        return admission.admitted;
      });
      seen.push(`${count}: ${levels.length}`);
      if (count < 6) fill(gate, 1);
    }
    expect(seen, 'how many levels (most critical first) are admitted at each count; ceilings 6, 3, 3, 2').toEqual(['0: 4', '1: 4', '2: 3', '3: 1', '4: 1', '5: 1', '6: 0']);
  });
});

describe('AdmissionController reasons (more cases)', () => {
  test('when several rules apply, the first in order wins: deadline, overloaded, full, shed', () => {
    let delayMs = 100;
    const gate = gateOf({ maxInFlight: 4, loopDelay: { read: () => delayMs, maxMs: 10 } }, 500);
    fill(gate, 4);
    expect(outcome(admit(gate, { criticality: 'SHEDDABLE', deadline: 500 })), 'SHEDDABLE, deadline passed, loop late, server full').toBe('deadline');
    expect(outcome(admit(gate, { criticality: 'SHEDDABLE', deadline: 900 })), 'SHEDDABLE, time left, loop late, server full').toBe('overloaded');
    expect(outcome(admit(gate, { criticality: 'CRITICAL', deadline: 900 })), 'CRITICAL, time left, loop late, server full').toBe('full');
    delayMs = 0;
    expect(outcome(admit(gate, { criticality: 'SHEDDABLE_PLUS' })), 'SHEDDABLE_PLUS, loop fine, server full').toBe('full');
    const partly = gateOf({ maxInFlight: 4, loopDelay: { read: () => delayMs, maxMs: 10 } });
    fill(partly, 3);
    expect(outcome(admit(partly, { criticality: 'SHEDDABLE_PLUS' })), 'SHEDDABLE_PLUS at 3 of 4 (ceiling 2), loop fine').toBe('shed');
    delayMs = 11;
    expect(outcome(admit(partly, { criticality: 'SHEDDABLE_PLUS' })), 'SHEDDABLE_PLUS at 3 of 4, loop 11 ms (maxMs 10)').toBe('overloaded');
  });

  test('the rejection carries its reason, level, count, name and message', () => {
    const check = (admission: Admission, reason: RejectionReason, criticality: Criticality, inFlight: number, message: string): void => {
      const rejection = rejectionOf(admission);
      expect(rejection, `the rejection for ${reason}`).toBeInstanceOf(AdmissionRejectedError);
      expect(rejection?.reason, 'reason').toBe(reason);
      expect(rejection?.criticality, `criticality for ${reason}`).toBe(criticality);
      expect(rejection?.inFlight, `inFlight for ${reason}`).toBe(inFlight);
      expect(rejection?.name, `name for ${reason}`).toBe('AdmissionRejectedError');
      expect(rejection?.message, `message for ${reason}`).toBe(message);
      expect(rejection instanceof Error, 'an AdmissionRejectedError is an Error').toBe(true);
    };
    const gate = gateOf({ maxInFlight: 4, loopDelay: { read: () => 30, maxMs: 20 } }, 50);
    fill(gate, 2);
    check(admit(gate, { deadline: 60, expectedMs: 10 }), 'deadline', 'CRITICAL', 2, 'CRITICAL request refused: its deadline leaves too little time for the work (2 in flight)');
    check(admit(gate, { criticality: 'SHEDDABLE_PLUS' }), 'overloaded', 'SHEDDABLE_PLUS', 2, 'SHEDDABLE_PLUS request refused: the event loop is running late, so sheddable work is refused (2 in flight)');
    fill(gate, 1);
    check(admit(gate, { criticality: 'CRITICAL' }), 'shed', 'CRITICAL', 3, "CRITICAL request refused: its level's share of the slots is taken (3 in flight)");
    fill(gate, 1);
    check(admit(gate, { criticality: 'CRITICAL_PLUS' }), 'full', 'CRITICAL_PLUS', 4, 'CRITICAL_PLUS request refused: every slot is taken (4 in flight)');
  });

  test('admit() with no request at all is a CRITICAL request with no deadline', () => {
    const gate = gateOf({ maxInFlight: 10 });
    fill(gate, 9);
    const admission = during('calling admit() with no argument', () => gate.admit());
    expect(rejectionOf(admission)?.criticality, 'the level of admit() with 9 of 10 in flight (CRITICAL ceiling 9)').toBe('CRITICAL');
    expect(outcome(admission), 'admit() with 9 of 10 in flight').toBe('shed');
  });
});

describe('AdmissionController deadlines (more cases)', () => {
  test('compares the time left with expectedMs at each decision, as the clock moves', async () => {
    const clock = createClock();
    const gate = gateOf({ maxInFlight: 10, now: () => clock.now() });
    const request = { criticality: 'CRITICAL_PLUS', deadline: 300, expectedMs: 50 } as const;
    const first = admit(gate, request);
    expect(outcome(first), 'at t=0: deadline 300, expectedMs 50').toBe('admitted');
    if (first.admitted) first.release();
    await clock.advance(249);
    const second = admit(gate, request);
    expect(outcome(second), 'at t=249: 51 ms left, 50 needed').toBe('admitted');
    if (second.admitted) second.release();
    await clock.advance(1);
    expect(outcome(admit(gate, request)), 'at t=250: 50 ms left, 50 needed').toBe('deadline');
    await clock.advance(100);
    expect(outcome(admit(gate, { deadline: 300 })), 'at t=350: a deadline 50 ms ago').toBe('deadline');
    expect(outcome(admit(gate, { deadline: 350.5 })), 'at t=350: half a millisecond left, nothing needed').toBe('admitted');
    expect(outcome(admit(gate, { expectedMs: 10_000 })), 'expectedMs with no deadline').toBe('admitted');
    expect(gate.inFlight, 'inFlight at the end').toBe(2);
  });

  test('a refused deadline takes no slot, whatever the level', () => {
    const gate = gateOf({ maxInFlight: 2 }, 100);
    for (const criticality of CRITICALITIES) {
      const admission = admit(gate, { criticality, deadline: 100, expectedMs: 0 });
      expect(outcome(admission), `${criticality} with a deadline of now`).toBe('deadline');
    }
    expect(gate.inFlight, 'inFlight after four deadline refusals').toBe(0);
  });
});

describe('AdmissionController loop delay (more cases)', () => {
  test('reads the delay at each decision, and ignores it for CRITICAL_PLUS and CRITICAL', () => {
    const readings = [0, 51, 50, 1000, 49];
    let reads = 0;
    const gate = gateOf({ maxInFlight: 100, loopDelay: { read: () => readings[Math.min(reads++, readings.length - 1)] ?? 0, maxMs: 50 } });
    const seen = readings.map(() => outcome(admit(gate, { criticality: 'SHEDDABLE' })));
    expect(seen, 'SHEDDABLE requests with delays of 0, 51, 50, 1000 and 49 ms (maxMs 50)').toEqual(['admitted', 'overloaded', 'admitted', 'overloaded', 'admitted']);
    const late = gateOf({ maxInFlight: 10, loopDelay: { read: () => 10_000, maxMs: 0 } });
    expect(['CRITICAL_PLUS', 'CRITICAL', 'SHEDDABLE_PLUS', 'SHEDDABLE'].map((criticality) => outcome(admit(late, { criticality: criticality as Criticality }))), 'each level with a 10 s delay').toEqual(['admitted', 'admitted', 'overloaded', 'overloaded']);
  });

  test('maxMs 0 sheds on any delay, Infinity never', () => {
    const zero = gateOf({ maxInFlight: 10, loopDelay: { read: () => 0.5, maxMs: 0 } });
    expect(outcome(admit(zero, { criticality: 'SHEDDABLE' })), 'SHEDDABLE with 0.5 ms delay and maxMs 0').toBe('overloaded');
    const never = gateOf({ maxInFlight: 10, loopDelay: { read: () => 1e9, maxMs: Infinity } });
    expect(outcome(admit(never, { criticality: 'SHEDDABLE' })), 'SHEDDABLE with maxMs Infinity').toBe('admitted');
  });
});

describe('AdmissionController release (more cases)', () => {
  test("releasing one admission, however often, never frees another's slot", () => {
    const gate = gateOf({ maxInFlight: 4 });
    const admissions = fill(gate, 4);
    const first = admissions[0];
    if (first?.admitted !== true) {
      expect(outcome(first ?? admit(gate, {})), 'the first request').toBe('admitted');
      return;
    }
    for (let times = 0; times < 5; times += 1) first.release();
    expect(gate.inFlight, 'inFlight after releasing one admission five times').toBe(3);
    expect(outcome(admit(gate, { criticality: 'CRITICAL_PLUS' })), 'a new request after that').toBe('admitted');
    expect(outcome(admit(gate, { criticality: 'CRITICAL_PLUS' })), 'another one').toBe('full');
    for (const admission of admissions) if (admission.admitted) admission.release();
    expect(gate.inFlight, 'inFlight after releasing all four original admissions').toBe(1);
  });

  test('run releases once, even if the work is done after its slot was needed again', async () => {
    const gate = gateOf({ maxInFlight: 1 });
    const task = createTask<number>();
    const running = track(gate.run({ criticality: 'CRITICAL_PLUS' }, task.fn));
    expect(outcome(admit(gate, { criticality: 'CRITICAL_PLUS' })), 'a second request while run holds the only slot').toBe('full');
    task.resolve(7);
    await flushMicrotasks();
    expect(running.value, 'what run resolved with').toBe(7);
    expect(gate.inFlight, 'inFlight after the call ended').toBe(0);
    const next = admit(gate, { criticality: 'CRITICAL_PLUS' });
    await flushMicrotasks();
    expect(outcome(next), 'a request after the call ended').toBe('admitted');
    expect(gate.inFlight, 'inFlight with that request admitted').toBe(1);
  });
});

describe('AdmissionController run (more cases)', () => {
  test('calls fn at once, before run returns, and passes plain values and non-Error rejections on', async () => {
    const gate = gateOf({ maxInFlight: 4 });
    let called = false;
    const plain = track(gate.run({ criticality: 'CRITICAL_PLUS' }, () => {
      called = true;
      return 42;
    }));
    expect(called, 'fn called before run returned').toBe(true);
    const rejected = track(gate.run({ criticality: 'CRITICAL_PLUS' }, () => Promise.reject('plain string')));
    const thrown = track(gate.run({ criticality: 'CRITICAL_PLUS' }, () => {
      throw 404;
    }));
    await flushMicrotasks();
    expect(plain.value, 'a plain value').toBe(42);
    expect(rejected.reason, 'a rejection with a string').toBe('plain string');
    expect(thrown.reason, 'a synchronous throw of a number').toBe(404);
    expect(gate.inFlight, 'inFlight after all three').toBe(0);
  });

  test('the slot is free before the caller resumes after await', async () => {
    const clock = createClock();
    const gate = gateOf({ maxInFlight: 1, now: () => clock.now() });
    const seen: number[] = [];
    const ok = (async () => {
      await gate.run({ criticality: 'CRITICAL_PLUS' }, () => clock.sleep(5));
      seen.push(gate.inFlight);
    })();
    const failed = (async () => {
      await clock.sleep(10);
      try {
        await gate.run({ criticality: 'CRITICAL_PLUS' }, () => clock.sleep(5).then(() => Promise.reject(new Error('late failure'))));
      } catch {
        seen.push(gate.inFlight);
      }
    })();
    await clock.runAll();
    await Promise.all([ok, failed]);
    expect(seen, 'inFlight seen right after each await of run (one success, one failure)').toEqual([0, 0]);
  });

  test('run never throws: a bad request or a refusal rejects and fn is not called', async () => {
    const gate = gateOf({ maxInFlight: 2 }, 10);
    let calls = 0;
    const fn = (): string => {
      calls += 1;
      return 'ran';
    };
    const results: TrackedPromise<string>[] = [];
    expect(() => {
      results.push(track(gate.run({ criticality: 'LOW' as Criticality }, fn)));
      results.push(track(gate.run({ deadline: Number.NaN }, fn)));
      results.push(track(gate.run({ deadline: 5 }, fn)));
    }, 'run with a bad criticality, a NaN deadline and a passed deadline').not.toThrow();
    await flushMicrotasks();
    expect(results[0]?.rejection, "run with criticality 'LOW'").toBeInstanceOf(RangeError);
    expect(results[1]?.rejection, 'run with deadline NaN').toBeInstanceOf(RangeError);
    expect((results[2]?.reason as AdmissionRejectedError | undefined)?.reason, 'run with a passed deadline').toBe('deadline');
    expect(calls, 'times fn was called').toBe(0);
    expect(gate.inFlight, 'inFlight').toBe(0);
  });
});

describe('AdmissionController options (more cases)', () => {
  test('each invalid option or request field gets the right error, naming it', () => {
    const now = (): number => 0;
    const make = (options: Partial<AdmissionOptions>) => () => new AdmissionController({ maxInFlight: 4, now, ...options } as AdmissionOptions);
    expectThrow(make({ maxInFlight: Number.NaN }), RangeError, /maxInFlight/, 'maxInFlight NaN');
    expectThrow(make({ maxInFlight: -3 }), RangeError, /maxInFlight/, 'maxInFlight -3');
    expectThrow(make({ now: 5 as unknown as () => number }), TypeError, /now/, 'now 5');
    expectThrow(make({ shares: shares(1.01, 0.5, 0.5) }), RangeError, /shares\.CRITICAL/, 'shares.CRITICAL 1.01');
    expectThrow(make({ shares: shares(0.9, -0.1, -0.2) }), RangeError, /shares\.SHEDDABLE_PLUS/, 'shares.SHEDDABLE_PLUS -0.1');
    expectThrow(make({ shares: shares(0.9, 0.7, Number.NaN) }), RangeError, /shares\.SHEDDABLE(?![_A-Z])/, 'shares.SHEDDABLE NaN');
    expectThrow(make({ shares: { CRITICAL: 0.9, SHEDDABLE_PLUS: 0.7 } as LevelShares }), RangeError, /shares\.SHEDDABLE(?![_A-Z])/, 'shares without SHEDDABLE');
    expectThrow(make({ shares: { CRITICAL: '0.9', SHEDDABLE_PLUS: 0.7, SHEDDABLE: 0.5 } as unknown as LevelShares }), RangeError, /shares\.CRITICAL/, "shares.CRITICAL '0.9' (a string)");
    expectThrow(make({ shares: shares(0.9, 0.7, 0.8) }), RangeError, /shares\.SHEDDABLE(?![_A-Z])/, 'shares.SHEDDABLE 0.8 above shares.SHEDDABLE_PLUS 0.7');
    expectThrow(make({ loopDelay: { read: 50 as unknown as () => number, maxMs: 10 } }), TypeError, /loopDelay\.read/, 'loopDelay.read 50');
    expectThrow(make({ loopDelay: { read: now, maxMs: Number.NaN } }), RangeError, /loopDelay\.maxMs/, 'loopDelay.maxMs NaN');
    expectThrow(make({ loopDelay: { read: now, maxMs: '20' as unknown as number } }), RangeError, /loopDelay\.maxMs/, "loopDelay.maxMs '20' (a string)");
    const gate = gateOf({ maxInFlight: 4 });
    expectThrow(() => gate.ceilingOf('HIGH' as Criticality), RangeError, /criticality/, "ceilingOf('HIGH')");
    expectThrow(() => gate.admit({ deadline: Infinity }), RangeError, /deadline/, 'deadline Infinity');
    expectThrow(() => gate.admit({ deadline: '100' as unknown as number }), RangeError, /deadline/, "deadline '100' (a string)");
    expectThrow(() => gate.admit({ deadline: 100, expectedMs: Number.NaN }), RangeError, /expectedMs/, 'expectedMs NaN');
    expectThrow(() => gate.admit({ expectedMs: '5' as unknown as number }), RangeError, /expectedMs/, "expectedMs '5' (a string)");
    expect(gate.inFlight, 'inFlight after requests that threw').toBe(0);
  });

  test('accepts the edge values: maxInFlight 1, shares 0 and 1, equal shares, maxMs 0', () => {
    const now = (): number => 0;
    const built = [
      () => new AdmissionController({ maxInFlight: 1, now }),
      () => new AdmissionController({ maxInFlight: 5, now, shares: shares(1, 1, 1) }),
      () => new AdmissionController({ maxInFlight: 5, now, shares: shares(0, 0, 0) }),
      () => new AdmissionController({ maxInFlight: 5, now, loopDelay: { read: now, maxMs: 0 } }),
    ].map((make) => thrownBy(make));
    expect(built, 'what each valid construction threw').toEqual(['nothing was thrown', 'nothing was thrown', 'nothing was thrown', 'nothing was thrown']);
    expect(gateOf({ maxInFlight: 5 }).maxInFlight, 'maxInFlight').toBe(5);
  });
});

interface Model {
  inFlight: number;
}

/** What the rules in instructions.md say about one request, given the model's count. */
function expectedOutcome(model: Model, max: number, ceilings: readonly number[], request: AdmissionRequest, now: number, delay: number, maxMs: number): string {
  const level = request.criticality ?? 'CRITICAL';
  if (request.deadline !== undefined && request.deadline - now <= (request.expectedMs ?? 0)) return 'deadline';
  if ((level === 'SHEDDABLE' || level === 'SHEDDABLE_PLUS') && delay > maxMs) return 'overloaded';
  if (model.inFlight >= max) return 'full';
  if (model.inFlight >= (ceilings[CRITICALITIES.indexOf(level)] ?? 0)) return 'shed';
  return 'admitted';
}

async function checkRandomSequence(random: SeededRandom): Promise<void> {
  const clock = createClock();
  const max = random.int(1, 12);
  const given = [random.int(0, 10) / 10, random.int(0, 10) / 10, random.int(0, 10) / 10].sort((a, b) => b - a);
  const levelShares = shares(given[0] ?? 1, given[1] ?? 1, given[2] ?? 1);
  const maxMs = random.int(5, 50);
  let delay = 0;
  const gate = gateOf({ maxInFlight: max, now: () => clock.now(), shares: levelShares, loopDelay: { read: () => delay, maxMs } });
  const ceilings = [max, Math.floor(max * levelShares.CRITICAL), Math.floor(max * levelShares.SHEDDABLE_PLUS), Math.floor(max * levelShares.SHEDDABLE)];
  expect(CRITICALITIES.map((level) => gate.ceilingOf(level)), `ceilings for maxInFlight ${max} and shares ${JSON.stringify(levelShares)}`).toEqual(ceilings);
  const model: Model = { inFlight: 0 };
  const held: Array<{ admission: Admission; released: boolean }> = [];
  const running: Array<{ task: ControlledTask<string>; result: TrackedPromise<string> }> = [];
  const log: string[] = [];
  for (let step = 0; step < 60; step += 1) {
    const choice = random.int(0, 9);
    if (choice <= 4) {
      const request: AdmissionRequest = {};
      if (random.chance(0.8)) request.criticality = random.pick(CRITICALITIES);
      if (random.chance(0.4)) request.deadline = clock.now() + random.int(-5, 30);
      if (random.chance(0.5)) request.expectedMs = random.int(0, 25);
      const expected = expectedOutcome(model, max, ceilings, request, clock.now(), delay, maxMs);
      const viaRun = random.chance(0.4);
      let actual: string;
      if (viaRun) {
        const task = createTask<string>();
        const result = track(gate.run(request, task.fn));
        await flushMicrotasks();
        actual = result.state === 'rejected' ? String((result.reason as AdmissionRejectedError).reason) : 'admitted';
        if (actual === 'admitted') running.push({ task, result });
        else if ((result.reason as AdmissionRejectedError).inFlight !== model.inFlight) actual = `${actual} with inFlight ${(result.reason as AdmissionRejectedError).inFlight}`;
      } else {
        const admission = admit(gate, request);
        actual = outcome(admission);
        if (admission.admitted) held.push({ admission, released: false });
        else if (admission.rejection.inFlight !== model.inFlight) actual = `${actual} with inFlight ${admission.rejection.inFlight}`;
      }
      log.push(`step ${step}: ${viaRun ? 'run' : 'admit'}(${JSON.stringify(request)}) at t=${clock.now()}, delay ${delay}, ${model.inFlight} in flight → ${expected}`);
      if (actual !== expected) {
        expect(actual, `maxInFlight ${max}, ceilings ${ceilings.join('/')}, maxMs ${maxMs}. Steps so far:\n${log.slice(-6).join('\n')}\nthe outcome of the last step`).toBe(expected);
      }
      if (expected === 'admitted') model.inFlight += 1;
    } else if (choice <= 6 && held.length > 0) {
      const entry = random.pick(held);
      if (entry.admission.admitted) entry.admission.release();
      log.push(`step ${step}: release admission #${held.indexOf(entry)}${entry.released ? ' again' : ''}`);
      if (!entry.released) model.inFlight -= 1;
      entry.released = true;
    } else if (choice === 7 && running.length > 0) {
      const index = random.int(0, running.length - 1);
      const [entry] = running.splice(index, 1);
      if (entry !== undefined) {
        if (random.chance(0.5)) entry.task.resolve('done');
        else entry.task.reject(new Error('failed'));
        await flushMicrotasks();
        model.inFlight -= 1;
        log.push(`step ${step}: a run call ended`);
      }
    } else if (choice === 8) {
      delay = random.pick([0, maxMs - 1, maxMs, maxMs + 1, maxMs * 3]);
    } else {
      await clock.advance(random.int(1, 10));
    }
    expect(gate.inFlight, `inFlight after step ${step}. Steps so far:\n${log.slice(-6).join('\n')}`).toBe(model.inFlight);
  }
}

describe('AdmissionController on random sequences', () => {
  test('follows the rules step by step, with the clock, the loop delay and the count moving', async () => {
    await forEachSeed(30, (random) => checkRandomSequence(random));
  });
});
