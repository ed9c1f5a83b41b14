import { createClock, createTask, describe, during, expect, flushMicrotasks, test, track } from '../../_harness';
import { AdmissionController, AdmissionRejectedError, CRITICALITIES, type Admission, type AdmissionOptions, type AdmissionRequest, type Criticality } from '../start/admission-controller';

/** A controller on a clock standing at `time` ms (default 0). */
function gateOf(options: Partial<AdmissionOptions> & { maxInFlight: number }, time = 0): AdmissionController {
  return during(`constructing an AdmissionController with maxInFlight ${options.maxInFlight}`, () => new AdmissionController({ now: () => time, ...options }));
}

/** Calls admit, naming the request if it throws. */
function admit(gate: AdmissionController, request: AdmissionRequest): Admission {
  return during(`calling admit(${JSON.stringify(request)})`, () => gate.admit(request));
}

/** The reason a request is refused, or 'admitted' (and then its slot is kept). */
function outcome(admission: Admission): string {
  return admission.admitted ? 'admitted' : String(admission.rejection?.reason);
}

/** Admits `count` CRITICAL_PLUS requests and keeps them in flight. */
function fill(gate: AdmissionController, count: number): Admission[] {
  return Array.from({ length: count }, () => admit(gate, { criticality: 'CRITICAL_PLUS' }));
}

/** Which levels a new request would be admitted at right now (each probe is released again). */
function admittedLevels(gate: AdmissionController): Criticality[] {
  return CRITICALITIES.filter((criticality) => {
    const admission = admit(gate, { criticality });
    if (admission.admitted) admission.release();
    return admission.admitted;
  });
}

/** Checks that `run` throws an error of `type` whose message matches `pattern`. */
function expectThrow(run: () => unknown, type: new (...args: never[]) => Error, pattern: RegExp, what: string): void {
  let thrown: unknown = 'nothing was thrown';
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, what).toBeInstanceOf(type);
  expect((thrown as Error).message, `the message for ${what}`).toMatch(pattern);
}

describe('AdmissionController ceilings', () => {
  test('each level may fill its share of the cap, rounded down, and CRITICAL_PLUS all of it', () => {
    const ten = gateOf({ maxInFlight: 10 });
    expect(CRITICALITIES.map((level) => ten.ceilingOf(level)), 'ceilings with maxInFlight 10 and the default shares (CRITICAL_PLUS, CRITICAL, SHEDDABLE_PLUS, SHEDDABLE)').toEqual([10, 9, 7, 5]);
    const seven = gateOf({ maxInFlight: 7 });
    expect(CRITICALITIES.map((level) => seven.ceilingOf(level)), 'ceilings with maxInFlight 7 (6.3, 4.9 and 3.5 round down)').toEqual([7, 6, 4, 3]);
  });

  test('refuses the least critical levels first as the count climbs, each exactly at its ceiling', () => {
    const gate = gateOf({ maxInFlight: 10 });
    // Ceilings 10, 9, 7, 5: the levels admitted at 0, 1, …, 10 requests in flight.
    const all = 'CRITICAL_PLUS CRITICAL SHEDDABLE_PLUS SHEDDABLE';
    const expected = [all, all, all, all, all, 'CRITICAL_PLUS CRITICAL SHEDDABLE_PLUS', 'CRITICAL_PLUS CRITICAL SHEDDABLE_PLUS', 'CRITICAL_PLUS CRITICAL', 'CRITICAL_PLUS CRITICAL', 'CRITICAL_PLUS', '(none)'];
    for (let count = 0; count <= 10; count += 1) {
      expect(admittedLevels(gate).join(' ') || '(none)', `levels admitted with ${count} of 10 in flight (maxInFlight 10: ceilings 10, 9, 7, 5)`).toBe(expected[count]);
      if (count < 10) fill(gate, 1);
    }
    expect(gate.inFlight, 'inFlight after 10 admissions (the probes were released)').toBe(10);
  });

  test("reports 'shed' below the cap and 'full' at it, with the level and the count", () => {
    const gate = gateOf({ maxInFlight: 10 });
    fill(gate, 5);
    const shed = admit(gate, { criticality: 'SHEDDABLE' });
    expect(outcome(shed), 'a SHEDDABLE request with 5 of 10 in flight').toBe('shed');
    const rejection = shed.admitted ? undefined : shed.rejection;
    expect(rejection, 'the rejection').toBeInstanceOf(AdmissionRejectedError);
    expect(rejection?.criticality, "the rejection's criticality").toBe('SHEDDABLE');
    expect(rejection?.inFlight, "the rejection's inFlight").toBe(5);
    fill(gate, 5);
    const full = admit(gate, { criticality: 'CRITICAL_PLUS' });
    expect(outcome(full), 'a CRITICAL_PLUS request with 10 of 10 in flight').toBe('full');
    expect(outcome(admit(gate, {})), 'a request with no criticality (CRITICAL) with 10 of 10 in flight').toBe('full');
    expect(gate.inFlight, 'inFlight after two refusals (refusals take no slot)').toBe(10);
  });
});

describe('AdmissionController deadlines and loop delay', () => {
  test('refuses a request whose deadline leaves no more time than the work needs', () => {
    const gate = gateOf({ maxInFlight: 10 }, 1000);
    expect(outcome(admit(gate, { deadline: 1100, expectedMs: 100 })), 'at t=1000: deadline 1100, expectedMs 100 (exactly enough is not enough)').toBe('deadline');
    expect(outcome(admit(gate, { deadline: 1100, expectedMs: 99 })), 'at t=1000: deadline 1100, expectedMs 99').toBe('admitted');
    expect(outcome(admit(gate, { deadline: 1000 })), 'at t=1000: deadline 1000, no expectedMs').toBe('deadline');
    expect(outcome(admit(gate, { deadline: 1001 })), 'at t=1000: deadline 1001, no expectedMs').toBe('admitted');
    expect(outcome(admit(gate, { criticality: 'CRITICAL_PLUS', deadline: 900 })), 'at t=1000: CRITICAL_PLUS with a deadline that has passed').toBe('deadline');
    expect(gate.inFlight, 'inFlight (two admitted)').toBe(2);
  });

  test('sheds only sheddable levels while the loop delay is above maxMs', () => {
    let delayMs = 80;
    const gate = gateOf({ maxInFlight: 4, loopDelay: { read: () => delayMs, maxMs: 50 } });
    const levels = (): string[] => CRITICALITIES.map((criticality) => {
      const admission = admit(gate, { criticality });
      if (admission.admitted) admission.release();
      return `${criticality}: ${outcome(admission)}`;
    });
    expect(levels(), 'with a loop delay of 80 ms (maxMs 50)').toEqual(['CRITICAL_PLUS: admitted', 'CRITICAL: admitted', 'SHEDDABLE_PLUS: overloaded', 'SHEDDABLE: overloaded']);
    delayMs = 50;
    expect(levels(), 'with a loop delay of exactly 50 ms (maxMs 50)').toEqual(['CRITICAL_PLUS: admitted', 'CRITICAL: admitted', 'SHEDDABLE_PLUS: admitted', 'SHEDDABLE: admitted']);
  });
});

describe('AdmissionController release', () => {
  test('release frees one slot, only the first time it is called', () => {
    const gate = gateOf({ maxInFlight: 3 });
    const [first, second] = fill(gate, 2);
    if (first?.admitted !== true || second?.admitted !== true) {
      expect(outcome(first ?? admit(gate, {})), 'the first of two requests with 3 slots').toBe('admitted');
      return;
    }
    first.release();
    expect(gate.inFlight, 'inFlight after releasing one of two').toBe(1);
    first.release();
    first.release();
    expect(gate.inFlight, 'inFlight after releasing the same admission twice more (it must do nothing)').toBe(1);
    second.release();
    expect(gate.inFlight, 'inFlight after releasing the other one').toBe(0);
  });

  test('run frees the slot when the work succeeds, fails, or throws synchronously', async () => {
    const clock = createClock();
    const gate = gateOf({ maxInFlight: 2, now: () => clock.now() });
    const ok = track(gate.run({ criticality: 'CRITICAL_PLUS' }, () => clock.sleep(10).then(() => 'answer')));
    const failing = createTask<string>();
    const failed = track(gate.run({ criticality: 'CRITICAL_PLUS' }, failing.fn));
    expect(gate.inFlight, 'inFlight with two CRITICAL_PLUS calls running').toBe(2);
    expect(outcome(admit(gate, { criticality: 'CRITICAL_PLUS' })), 'a third request while two run (maxInFlight 2)').toBe('full');
    await clock.advance(10);
    expect(ok.value, 'what the first call resolved with').toBe('answer');
    expect(gate.inFlight, 'inFlight after the first call succeeded').toBe(1);
    const error = new Error('database down');
    failing.reject(error);
    await flushMicrotasks();
    expect(failed.reason, 'what the second call rejected with').toBe(error);
    expect(gate.inFlight, 'inFlight after the second call failed').toBe(0);
    const thrown = new Error('bad request');
    let result: Promise<string> | undefined;
    expect(() => {
      result = gate.run({}, (): string => {
        throw thrown;
      });
    }, 'run() with a function that throws synchronously (run must return a rejected promise, not throw)').not.toThrow();
    expect(gate.inFlight, 'inFlight right after run() returned from a synchronous throw').toBe(0);
    const threw = track(result ?? Promise.resolve('no promise'));
    await flushMicrotasks();
    expect(threw.reason, 'what the throwing call rejected with').toBe(thrown);
  });

  test('run rejects a refused request with its AdmissionRejectedError and never calls the function', async () => {
    const gate = gateOf({ maxInFlight: 2 });
    fill(gate, 1);
    let calls = 0;
    const refused = track(gate.run({ criticality: 'SHEDDABLE' }, () => {
      calls += 1;
      return 'ran';
    }));
    await flushMicrotasks();
    expect(refused.rejection, 'a SHEDDABLE call with 1 of 2 in flight (its ceiling is 1)').toBeInstanceOf(AdmissionRejectedError);
    expect((refused.reason as AdmissionRejectedError).reason, 'its reason').toBe('shed');
    expect(calls, 'times the refused function was called').toBe(0);
    expect(gate.inFlight, 'inFlight after the refusal').toBe(1);
  });
});

describe('AdmissionController options', () => {
  test('throws for invalid options, naming the option', () => {
    const now = (): number => 0;
    expectThrow(() => new AdmissionController({ maxInFlight: 0, now }), RangeError, /maxInFlight/, 'maxInFlight 0');
    expectThrow(() => new AdmissionController({ maxInFlight: 2.5, now }), RangeError, /maxInFlight/, 'maxInFlight 2.5');
    expectThrow(() => new AdmissionController({ maxInFlight: 4, shares: { CRITICAL: 0.9, SHEDDABLE_PLUS: 0.7, SHEDDABLE: 1.5 }, now }), RangeError, /shares\.SHEDDABLE/, 'shares.SHEDDABLE 1.5');
    expectThrow(() => new AdmissionController({ maxInFlight: 4, shares: { CRITICAL: 0.5, SHEDDABLE_PLUS: 0.7, SHEDDABLE: 0.3 }, now }), RangeError, /shares\.SHEDDABLE_PLUS/, 'shares.SHEDDABLE_PLUS 0.7 above shares.CRITICAL 0.5');
    expectThrow(() => new AdmissionController({ maxInFlight: 4, now, loopDelay: { read: () => 0, maxMs: -1 } }), RangeError, /loopDelay\.maxMs/, 'loopDelay.maxMs -1');
    const gate = gateOf({ maxInFlight: 4 });
    expectThrow(() => gate.admit({ criticality: 'URGENT' as Criticality }), RangeError, /criticality/, "criticality 'URGENT'");
    expectThrow(() => gate.admit({ deadline: 100, expectedMs: -5 }), RangeError, /expectedMs/, 'expectedMs -5');
  });
});
