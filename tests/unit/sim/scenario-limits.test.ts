/** Guardrails against runs that would never end, and the closed-loop fields of the schema. */
import { describe, expect, it } from 'vitest';
import { createSimulation, parseScenario, ScenarioError, type ScenarioInput } from '../../../src/sim/index';
import { expectLittlesLaw } from './little';

function scenario(change: (s: ScenarioInput) => void = () => {}): ScenarioInput {
  const s: ScenarioInput = {
    name: 'limits',
    duration: 100,
    services: [{ id: 'a', arrival: { rate: 10 }, serviceTime: { kind: 'exponential', mean: 0.1 } }],
    policies: { shared: { kind: 'shared', slots: 2, queue: 0 } },
  };
  change(s);
  return s;
}

const errorsOf = (input: unknown) => {
  const result = parseScenario(input);
  return result.ok ? [] : result.errors;
};

describe('run-size guardrails', () => {
  it('puts a floor under sampleInterval', () => {
    expect(errorsOf(scenario((s) => (s.sampleInterval = 0.0001)))).toEqual(['sampleInterval must be at least 0.001 seconds']);
  });

  it('caps the number of samples and says how far to raise sampleInterval', () => {
    expect(errorsOf(scenario((s) => Object.assign(s, { duration: 2_000_000, sampleInterval: 0.5 })))).toEqual([
      'sampleInterval gives 4,000,000 samples over the 2,000,000 s duration; the most is 1,000,000, so sampleInterval must be at least 2 s (or shorten duration)',
    ]);
    expect(errorsOf(scenario((s) => Object.assign(s, { duration: 1_000_000, sampleInterval: 1 })))).toEqual([]);
  });

  it('caps the calls a run may offer, counting bursts, steps and clients', () => {
    // 10 calls per second for 10,000,000 s is exactly the limit.
    expect(errorsOf(scenario((s) => Object.assign(s, { duration: 10_000_000, sampleInterval: 100 })))).toEqual([]);
    const errors = errorsOf(
      scenario((s) => {
        Object.assign(s, { duration: 1_000_000, sampleInterval: 10 });
        s.services[0] = { id: 'a', arrival: { rate: 10, clients: 20, burst: { start: 5, end: 6, extraRate: 5 } }, serviceTime: { kind: 'exponential', mean: 0.1 } };
      }),
    );
    expect(errors).toEqual([
      'duration of 1,000,000 s at up to 300 calls per second (all services, bursts and clients included) offers up to 300,000,000 calls; the most one run may offer is 100,000,000, so shorten duration to at most 333,333 s or lower the rates',
    ]);
  });

  it('applies the guardrails to a duration given when the run is created', () => {
    expect(() => createSimulation({ scenario: scenario((s) => (s.sampleInterval = 0.001)), policy: 'shared', seed: 1, duration: 5000 })).toThrow(ScenarioError);
    expect(() => createSimulation({ scenario: scenario((s) => (s.sampleInterval = 0.001)), policy: 'shared', seed: 1, duration: 5000 })).toThrow(
      /^sampleInterval gives 5,000,000 samples/,
    );
  });
});

describe('closed-loop clients', () => {
  it('takes a whole number of clients', () => {
    expect(errorsOf(scenario((s) => ((s.services[0] as { arrival: object }).arrival = { rate: 1, clients: 2.5 })))).toEqual([
      'services[0].arrival.clients must be a whole number of at least 1',
    ]);
    expect(errorsOf(scenario((s) => ((s.services[0] as { arrival: object }).arrival = { rate: 1, clients: 200_000 })))).toEqual([
      'services[0].arrival.clients must be a whole number from 1 to 100,000',
    ]);
  });

  it('keeps every client to one call at a time and reports how many are thinking', () => {
    const simulation = createSimulation({
      scenario: scenario((s) => {
        s.services[0] = { id: 'a', arrival: { rate: 5, clients: 3 }, serviceTime: { kind: 'exponential', mean: 1 } };
        s.policies = { shared: { kind: 'shared', slots: 10, queue: 0 } };
      }),
      policy: 'shared',
      seed: 3,
    });
    for (let i = 0; i < 2000; i++) {
      simulation.step();
      const service = simulation.snapshot({ seriesLimit: 0 }).services[0];
      expect(service?.running).toBeLessThanOrEqual(3);
      expect((service?.clients?.thinking ?? -1) + (service?.running ?? 0)).toBe(3);
    }
  });
});

describe('load curves in the schema', () => {
  const withCurve = (curve: unknown, duration = 100) =>
    scenario((s) => {
      s.duration = duration;
      (s.services[0] as { arrival: object }).arrival = { rate: 1, curve };
    });

  it('accepts each kind and fills defaults', () => {
    const result = parseScenario(withCurve({ kind: 'daily', low: 0.3 }));
    expect(result.ok && result.value.services[0]?.arrival.curve).toEqual({ kind: 'daily', low: 0.3, peakAt: 50_400, period: 86_400 });
    expect(errorsOf(withCurve({ kind: 'ramp', start: 0, end: 10 }))).toEqual([]);
    expect(errorsOf(withCurve({ kind: 'points', points: [{ at: 0, factor: 1 }, { at: 5, factor: 0 }] }))).toEqual([]);
  });

  it('names points out of order, a backwards ramp and a negative factor', () => {
    expect(errorsOf(withCurve({ kind: 'points', points: [{ at: 5, factor: 1 }, { at: 5, factor: 2 }] }))).toEqual([
      'services[0].arrival.curve.points[1].at must be after the previous point',
    ]);
    expect(errorsOf(withCurve({ kind: 'ramp', start: 10, end: 5 }))).toEqual(['services[0].arrival.curve.end must be after start']);
    expect(errorsOf(withCurve({ kind: 'points', points: [{ at: 0, factor: -1 }, { at: 5, factor: 2 }] }))).toEqual([
      'services[0].arrival.curve.points[0].factor must be zero or a positive number',
    ]);
  });

  it('caps the points a repeating curve expands to, and counts its peak in the call limit', () => {
    expect(errorsOf(withCurve({ kind: 'daily', low: 0.5, period: 10 }, 30_000))).toEqual([
      'services[0].arrival.curve expands to 144,002 points over the duration; the most is 100,000 (lengthen every or period, or shorten duration)',
    ]);
    expect(errorsOf(scenario((s) => {
      Object.assign(s, { duration: 1_000_000, sampleInterval: 10 });
      (s.services[0] as { arrival: object }).arrival = { rate: 50, curve: { kind: 'ramp', start: 0, end: 10, from: 0, to: 3 } };
    }))).toEqual([
      'duration of 1,000,000 s at up to 150 calls per second (all services, bursts and clients included) offers up to 150,000,000 calls; the most one run may offer is 100,000,000, so shorten duration to at most 666,667 s or lower the rates',
    ]);
  });
});

describe('Pareto and mixture service times in the schema', () => {
  const withTime = (serviceTime: unknown) => scenario((s) => ((s.services[0] as { serviceTime: unknown }).serviceTime = serviceTime));

  it('fills in a mixture’s mean from its components', () => {
    const result = parseScenario(
      withTime({ kind: 'mixture', components: [{ weight: 19, time: { kind: 'exponential', mean: 0.1 } }, { weight: 1, time: { kind: 'pareto', mean: 2, shape: 2.5 } }] }),
    );
    expect(result.ok && result.value.services[0]?.serviceTime.mean).toBeCloseTo(0.95 * 0.1 + 0.05 * 2, 12);
    // A parsed scenario parses again to the same value.
    if (result.ok) expect(parseScenario(result.value)).toEqual(result);
  });

  it('names a shape with no finite mean, a lone component and a bad lognormal inside a mixture', () => {
    expect(errorsOf(withTime({ kind: 'pareto', mean: 1, shape: 1 }))).toEqual([
      'services[0].serviceTime.shape must be a number greater than 1 (at 1 or below the mean is infinite)',
    ]);
    expect(errorsOf(withTime({ kind: 'mixture', components: [{ weight: 1, time: { kind: 'exponential', mean: 1 } }] }))).toEqual([
      'services[0].serviceTime.components must list at least two components',
    ]);
    expect(
      errorsOf(withTime({ kind: 'mixture', components: [{ weight: 1, time: { kind: 'exponential', mean: 1 } }, { weight: 1, time: { kind: 'lognormal', mean: 1, p99: 0.5 } }] })),
    ).toEqual(['services[0].serviceTime.components[1].time.p99 must be greater than mean and at most 14.97 × mean (no lognormal fits otherwise)']);
  });
});

describe('queue-wait output', () => {
  it('reports no waiting without a queue, and ordered percentiles with one', () => {
    const run = (queue: number) =>
      createSimulation({ scenario: scenario((s) => (s.policies = { shared: { kind: 'shared', slots: 1, queue } })), policy: 'shared', seed: 9 }).run({ seriesLimit: 0 })
        .services[0]?.queueWait;
    expect(run(0)).toMatchObject({ waited: 0, probabilityOfWaiting: 0, mean: 0, p50: 0, p99: 0, max: 0 });
    const wait = run(50);
    if (!wait || wait.p50 === null || wait.p95 === null || wait.p99 === null || wait.max === null) throw new Error('no waits');
    expect(wait.waited).toBeGreaterThan(0);
    expect(wait.p50).toBeLessThanOrEqual(wait.p95);
    expect(wait.p95).toBeLessThanOrEqual(wait.p99);
    expect(wait.p99).toBeLessThanOrEqual(wait.max);
  });
});

describe('timeouts that keep the slot', () => {
  it('need a timeout, and a socket timeout needs them and is at least the timeout', () => {
    const withClient = (client: unknown) => scenario((s) => ((s.services[0] as { client: unknown }).client = client));
    expect(errorsOf(withClient({ timeoutFreesSlot: false }))).toEqual(['services[0].client.timeoutFreesSlot is false but the client has no timeout']);
    expect(errorsOf(withClient({ timeout: 1, socketTimeout: 5 }))).toEqual([
      'services[0].client.socketTimeout needs timeoutFreesSlot: false (otherwise the timeout frees the slot)',
    ]);
    expect(errorsOf(withClient({ timeout: 1, timeoutFreesSlot: false, socketTimeout: 0.5 }))).toEqual(['services[0].client.socketTimeout must be at least timeout']);
  });

  it('keeps hung calls in their slots while callers retry, and the books still balance', () => {
    const run = createSimulation({
      scenario: scenario((s) => {
        s.duration = 60;
        s.services[0] = {
          id: 'a',
          arrival: { rate: 20 },
          serviceTime: { kind: 'exponential', mean: 0.1 },
          degradations: [{ kind: 'hang', at: 20, until: 30 }],
          client: { timeout: 0.5, timeoutFreesSlot: false, socketTimeout: 5, retries: { count: 2, backoff: 0.1 } },
        };
        s.policies = { shared: { kind: 'shared', slots: 8, queue: 4 } };
      }),
      policy: 'shared',
      seed: 4,
    });
    run.runUntil(29);
    const during = run.snapshot({ seriesLimit: 0 });
    expect(during.pools[0]?.busy).toBe(8);
    const end = run.run({ seriesLimit: 0 });
    const service = end.services[0];
    expect(service?.counts.timedOutHoldingSlot).toBeGreaterThan(0);
    // After the hang and the 5 s socket timeout, every slot is free again.
    expect(end.pools[0]?.busy).toBeLessThan(8);
    expect((service?.calls.succeeded ?? 0) + (service?.calls.gaveUp ?? 0)).toBeLessThanOrEqual(service?.calls.started ?? 0);
    expectLittlesLaw(end);
  });
});
