/**
 * Retry budgets (issue #20): retries in the last `window` seconds stay under ratio × calls in it +
 * minPerSecond × window, so under a failure that fails every attempt the attempts per call stay
 * at most 1 + ratio + minPerSecond / call rate instead of 1 + retries.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';
import { RetryBudget } from '../../../src/sim/models/pool/retry-budget';

type Retries = NonNullable<ScenarioInput['services'][number]['client']>['retries'];

const RATE = 50;

function failing(fraction: number, retries: Retries): ScenarioInput {
  return {
    name: 'retry budget check',
    duration: 400,
    warmup: 20,
    sampleInterval: 10,
    services: [
      {
        id: 'calls',
        arrival: { rate: RATE },
        serviceTime: { kind: 'exponential', mean: 0.01 },
        degradations: [{ kind: 'fail', at: 0, fraction }],
        client: { retries },
      },
    ],
    policies: { shared: { kind: 'shared', slots: 10, queue: 0 } },
  };
}

const run = (scenario: ScenarioInput): SimulationSnapshot => runScenario({ scenario, policy: 'shared', seed: 7 });
const counts = (snapshot: SimulationSnapshot) => {
  const c = snapshot.services[0]?.counts;
  if (!c) throw new Error('no service');
  return c;
};
const attemptsPerCall = (snapshot: SimulationSnapshot) => counts(snapshot).offered / (counts(snapshot).offered - counts(snapshot).retries);

describe('retry budget', () => {
  it('keeps attempts per call at most 1 + ratio + minPerSecond / rate when every attempt fails', () => {
    const retries = { count: 3, backoff: 0.05, budget: { ratio: 0.1, minPerSecond: 1 } };
    const bound = 1 + 0.1 + 1 / RATE;
    const budgeted = run(failing(1, retries));
    const amplification = attemptsPerCall(budgeted);
    expect(amplification).toBeLessThanOrEqual(bound * 1.005);
    // The budget binds: nearly all of it is spent, and the rest of the retries are refused.
    expect(amplification).toBeGreaterThan(bound * 0.97);
    const calls = counts(budgeted).offered - counts(budgeted).retries;
    expect(counts(budgeted).retriesOverBudget).toBeGreaterThan(0.85 * calls);
    // Without a budget each call tries four times.
    const { budget: _, ...unbounded } = retries;
    expect(attemptsPerCall(run(failing(1, unbounded)))).toBeCloseTo(4, 2);
  });

  it('does not refuse retries when failures are rare', () => {
    const snapshot = run(failing(0.05, { count: 2, backoff: 0.05, budget: { ratio: 0.2 } }));
    expect(counts(snapshot).retriesOverBudget).toBe(0);
    expect(counts(snapshot).retries).toBeGreaterThan(0);
  });

  it('counts an exact sliding window', () => {
    const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 0, window: 10 });
    for (let i = 0; i < 4; i++) budget.onCall(i);
    expect(budget.tryRetry(4)).toBe(true);
    expect(budget.tryRetry(4)).toBe(true);
    expect(budget.tryRetry(4)).toBe(false);
    // At 10.5 the call at 0 has left the window but the retries at 4 have not: 1.5 allowed, 2 sent.
    expect(budget.tryRetry(10.5)).toBe(false);
    // At 14.5 every call and retry has left the window, and with no calls nothing is allowed.
    expect(budget.tryRetry(14.5)).toBe(false);
    budget.onCall(15);
    budget.onCall(15);
    expect(budget.tryRetry(15)).toBe(true);
    expect(budget.refused).toBe(3);
  });

  it('rejects a bad budget with a clear message', () => {
    const bad = failing(1, { count: 1, backoff: 0, budget: { ratio: -1, window: 0 } as never });
    const result = parseScenario(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContain('services[0].client.retries.budget.ratio must be a number from 0 to 10');
      expect(result.errors).toContain('services[0].client.retries.budget.window must be a positive number');
    }
  });
});
