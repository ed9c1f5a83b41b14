import { describe, during, expect, forEachSeed, test } from '../../_harness';
import { evaluateExperiment, type CohortWindow, type ExperimentWindow, type Hypothesis, type Verdict } from '../start/chaos-evaluator';

type Row = readonly [number, number, number];

function cohort(rows: Readonly<Record<string, Row>>, orders: number): CohortWindow {
  const services: Record<string, { requests: number; errors: number; p99Ms: number }> = {};
  for (const [name, [requests, errors, p99Ms]] of Object.entries(rows)) services[name] = { requests, errors, p99Ms };
  return { services, orders };
}

const CONTROL: Readonly<Record<string, Row>> = { search: [1000, 5, 120], checkout: [800, 4, 200], catalog: [1200, 6, 90] };
const HOLDING: Readonly<Record<string, Row>> = { search: [1000, 400, 2000], checkout: [800, 8, 210], catalog: [1200, 12, 95] };

function window(experiment: Readonly<Record<string, Row>>, experimentOrders = 290, control: Readonly<Record<string, Row>> = CONTROL, controlOrders = 300): ExperimentWindow {
  return { control: cohort(control, controlOrders), experiment: cohort(experiment, experimentOrders) };
}

function hypothesis(changes: Partial<Hypothesis> = {}): Hypothesis {
  return {
    injectedService: 'search',
    slo: { maxErrorRateIncrease: 0.01, maxP99Ratio: 1.5 },
    blastRadius: { expected: 0.02, tolerance: 0.01 },
    guardrail: { maxExcessErrorRate: 0.2, minOrdersRatio: 0.9 },
    minRequests: 100,
    ...changes,
  };
}

function show(verdict: Verdict): string {
  return `outcome "${String(verdict.outcome)}", blastRadius ${String(verdict.blastRadius)}, abortedAtWindow ${String(verdict.abortedAtWindow)}, reasons ${JSON.stringify(verdict.reasons)}`;
}

function expectOutcome(verdict: Verdict, outcome: Verdict['outcome'], why: string): void {
  if (verdict.outcome !== outcome) expect(verdict.outcome, `${why}. The verdict was: ${show(verdict)}`).toBe(outcome);
}

function expectBlastRadius(verdict: Verdict, expected: number, why: string): void {
  const value = verdict.blastRadius;
  if (typeof value === 'number' && Math.abs(value - expected) <= 1e-9) return;
  expect(value, `blastRadius (${why})`).toBeCloseTo(expected, 9);
}

/** Calls evaluateExperiment; if it throws, the failure says so instead of showing a bare error. */
function judge(windows: readonly ExperimentWindow[], changes: Partial<Hypothesis> = {}): Verdict {
  return during(`calling evaluateExperiment with ${windows.length} window${windows.length === 1 ? '' : 's'}`, () => evaluateExperiment(windows, hypothesis(changes)));
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return 'nothing was thrown';
}

describe('evaluateExperiment (more cases)', () => {
  test('takes nothing after the abort window as evidence', () => {
    // Window 4 is a disaster, but the run should have stopped at window 2 and never seen it.
    const leaking = { ...HOLDING, checkout: [800, 300, 900] as const };
    const disaster = { ...HOLDING, checkout: [800, 800, 5000] as const, catalog: [1200, 1200, 5000] as const };
    const verdict = judge([window(HOLDING), window(HOLDING), window(leaking), window(HOLDING), window(disaster, 0)]);
    expectOutcome(verdict, 'aborted', 'window 2 crosses the error budget');
    expect(verdict.abortedAtWindow, 'abortedAtWindow').toBe(2);
    expectBlastRadius(verdict, (20 + 20 + 312 - 30) / 6000, 'windows 0 to 2 only: experiment (20 + 20 + 312)/6 000 minus control 30/6 000');
    const later = verdict.reasons.filter((reason) => reason.includes('window 4'));
    if (later.length > 0) expect(later, 'reasons about window 4, which the run should never have reached').toEqual([]);
  });

  test('names the guardrail that tripped', () => {
    const budget = judge([window({ ...HOLDING, checkout: [800, 300, 900] })]);
    if (!budget.reasons.some((reason) => /error/i.test(reason))) expect(budget.reasons, 'reasons when the error budget tripped: one must mention the error rate').toContain('a reason about errors');
    if (!budget.reasons.some((reason) => reason.includes('23.23%'))) {
      expect(budget.reasons, 'reasons when the error budget tripped: one must give the excess, 712/3 000 − 15/3 000, as 23.23%').toContain('a reason with 23.23%');
    }
    const orders = judge([window(HOLDING, 200)]);
    if (!orders.reasons.some((reason) => /order/i.test(reason))) expect(orders.reasons, 'reasons when orders fell: one must mention orders').toContain('a reason about orders');
    if (!orders.reasons.some((reason) => reason.includes('66.67%'))) {
      expect(orders.reasons, "reasons when orders fell: one must give the experiment's orders per request as a share of control's, (200/3 000)/(300/3 000), as 66.67%").toContain('a reason with 66.67%');
    }
    expect(orders.abortedAtWindow, 'abortedAtWindow when the very first window trips').toBe(0);
  });

  test('does not abort on a window too small to judge, however bad it looks', () => {
    const tinyAndBad = window({ search: [20, 20, 3000], checkout: [20, 20, 3000], catalog: [20, 20, 3000] }, 0, { search: [20, 0, 120], checkout: [20, 0, 200], catalog: [20, 0, 90] }, 2);
    const verdict = judge([tinyAndBad, window(HOLDING), window(HOLDING)]);
    expectOutcome(verdict, 'passed', 'window 0 has 60 requests per cohort, below minRequests 100: skipped as noise; the judged windows 1 and 2 are healthy');
    expectBlastRadius(verdict, 0.005, 'windows 1 and 2 only');
  });

  test('is inconclusive for an empty list of windows', () => {
    const verdict = judge([]);
    expectOutcome(verdict, 'inconclusive', 'no windows, no evidence');
    expect(verdict.blastRadius, 'blastRadius').toBe(0);
  });

  test('is inconclusive when only some services have traffic, but no window reaches minRequests overall', () => {
    const quiet = { search: [40, 10, 900], checkout: [30, 0, 200], catalog: [20, 0, 90] } as const;
    const verdict = judge([window(quiet, 5, quiet, 5), window(quiet, 5, quiet, 5)]);
    expectOutcome(verdict, 'inconclusive', '90 requests per cohort per window is below minRequests 100');
  });

  test('fails on an SLO breach in a single window and says which window', () => {
    const spike = { ...HOLDING, catalog: [1200, 60, 95] as const };
    const verdict = judge([window(HOLDING), window(spike), window(HOLDING)], { blastRadius: { expected: 0.05, tolerance: 0.01 } });
    expectOutcome(verdict, 'failed', 'catalog fails 5% in window 1 against 0.5% in control: 4.5 points, above the 1 point SLO');
    if (!verdict.reasons.some((reason) => reason.includes('catalog') && reason.includes('window 1'))) {
      expect(verdict.reasons, 'reasons: one must name catalog and window 1').toContain('a reason naming catalog in window 1');
    }
    if (verdict.reasons.some((reason) => reason.includes('search'))) {
      expect(verdict.reasons, 'reasons: the injected service search is failing on purpose and has no SLO to keep in this experiment').toEqual(['no reason about search']);
    }
  });

  test('never reports a negative blast radius when the experiment does better than control', () => {
    const calm = { ...HOLDING, checkout: [800, 0, 200] as const, catalog: [1200, 0, 90] as const };
    const verdict = judge([window(calm), window(calm)]);
    expectOutcome(verdict, 'passed', 'the other services failed less than in control');
    expect(verdict.blastRadius, 'blastRadius when the experiment does better than control (a share, never below 0)').toBe(0);
  });

  test('skips a service that one cohort does not report in a window', () => {
    const withoutCatalog = { search: [1000, 200, 2000] as const, checkout: [800, 8, 210] as const };
    const verdict = judge([window(withoutCatalog), window(HOLDING)]);
    expectOutcome(verdict, 'passed', 'catalog is missing from the experiment in window 0 (no requests were routed to it): nothing to compare there');
    expect(Number.isFinite(verdict.blastRadius), `blastRadius ${String(verdict.blastRadius)} is finite`).toBe(true);
  });

  test('SLO and blast-radius limits are inclusive: exactly at the limit passes', () => {
    // Powers of two keep every rate exact. Checkout and catalog go from 12.5% to 25% errors (an
    // increase of exactly 0.125) and their p99 to exactly 1.5 × control's; together their error rate
    // rises by exactly 0.125, which is expected + tolerance.
    const control = { search: [1024, 0, 100], checkout: [1024, 128, 200], catalog: [1024, 128, 90] } as const;
    const experiment = { search: [1024, 512, 800], checkout: [1024, 256, 300], catalog: [1024, 256, 135] } as const;
    const verdict = judge([window(experiment, 300, control, 300)], {
      slo: { maxErrorRateIncrease: 0.125, maxP99Ratio: 1.5 },
      blastRadius: { expected: 0.0625, tolerance: 0.0625 },
      guardrail: { maxExcessErrorRate: 0.5, minOrdersRatio: 0.9 },
    });
    expectOutcome(verdict, 'passed', 'an increase of exactly 0.125 is within "≤ 0.125", p99 300 ms is within "≤ 1.5 × 200 ms", and a blast radius of exactly 0.125 is not above expected + tolerance = 0.125');
    expectBlastRadius(verdict, 0.125, 'experiment 512/2 048 minus control 256/2 048');
  });

  test('judges a window, and compares a service, with exactly minRequests requests', () => {
    const control = { search: [500, 5, 120], checkout: [500, 5, 200] } as const;
    const slowCheckout = { search: [500, 200, 2000], checkout: [500, 5, 400] } as const;
    const whole = judge([window(slowCheckout, 100, control, 100)], { minRequests: 1000 });
    expectOutcome(whole, 'passed', 'each cohort served exactly minRequests = 1 000 requests, so the window is judged ("at least"); checkout has only 500, too few to compare on its own');
    const perService = judge([window(slowCheckout, 100, control, 100)], { minRequests: 500 });
    expectOutcome(perService, 'failed', 'checkout has exactly minRequests = 500 requests in both cohorts, so it is compared, and its p99 doubled');
  });

  test('does not judge a window, or compare a service, when only one cohort has enough requests', () => {
    const tinyDisaster = { search: [30, 30, 5000], checkout: [20, 20, 5000], catalog: [10, 10, 5000] } as const;
    const trickle = { search: [20, 0, 120], checkout: [20, 0, 200], catalog: [20, 0, 90] } as const;
    const disaster = { search: [1000, 1000, 5000], checkout: [800, 800, 5000], catalog: [1200, 1200, 5000] } as const;
    const checkoutBarelyUsed = { search: [1000, 200, 2000], checkout: [50, 50, 5000], catalog: [1200, 12, 95] } as const;
    const windows = [
      window(tinyDisaster, 0), // control 3 000 requests, experiment 60
      window(HOLDING),
      window(HOLDING),
      window(checkoutBarelyUsed, 225), // checkout: 800 requests in control, 50 in the experiment
      window(disaster, 0, trickle, 2), // experiment 3 000 requests, control 60
    ];
    const verdict = judge(windows);
    expectOutcome(
      verdict,
      'passed',
      'windows 0 and 4 each have one cohort below minRequests 100, so neither is judged (a busy cohort does not make up for a quiet one); in window 3 checkout has 50 experiment requests, too few to compare with control',
    );
    expectBlastRadius(verdict, 102 / 5250 - 30 / 6000, 'the other services over windows 1, 2 and 3: experiment (20 + 20 + 62)/(2 000 + 2 000 + 1 250) minus control 30/6 000');
  });

  test('computes the blast radius from summed requests and errors of cohorts of unequal size', () => {
    // Window 0: experiment half of control; window 1: twice. Checkout and catalog only.
    const bigControl = { search: [1000, 5, 120], checkout: [1000, 5, 200], catalog: [2000, 10, 90] } as const;
    const smallExperiment = { search: [500, 100, 2000], checkout: [500, 5, 200], catalog: [1000, 10, 90] } as const;
    const smallControl = { search: [500, 3, 120], checkout: [500, 2, 200], catalog: [1000, 5, 90] } as const;
    const bigExperiment = { search: [1000, 200, 2000], checkout: [1000, 12, 200], catalog: [2000, 26, 90] } as const;
    const verdict = judge([window(smallExperiment, 200, bigControl, 400), window(bigExperiment, 400, smallControl, 200)]);
    expectOutcome(verdict, 'passed', 'per request, every cohort keeps its orders and the other services stay within a point of control');
    expectBlastRadius(
      verdict,
      (15 + 38) / (1500 + 3000) - (15 + 7) / (3000 + 1500),
      'experiment (15 + 38)/(1 500 + 3 000) minus control (15 + 7)/(3 000 + 1 500): the rate of the sums, not the average of each window\'s rate',
    );
  });

  test("an aborted run's reasons are about the guardrail only: no earlier SLO breach, no blast radius", () => {
    const slowCheckout = { ...HOLDING, checkout: [800, 8, 400] as const };
    const leaking = { ...HOLDING, checkout: [800, 300, 900] as const };
    const verdict = judge([window(slowCheckout), window(leaking)], { blastRadius: { expected: 0.001, tolerance: 0 } });
    expectOutcome(verdict, 'aborted', 'window 1 crosses the error budget');
    expect(verdict.abortedAtWindow, 'abortedAtWindow').toBe(1);
    expectBlastRadius(verdict, 312 / 4000, 'still computed for an aborted run, over windows 0 and 1: experiment (20 + 312)/4 000 minus control 20/4 000');
    if (!verdict.reasons.some((reason) => reason.includes('should have stopped at window 1'))) {
      expect(verdict.reasons, 'reasons: one must say "should have stopped at window 1"').toContain('the run should have stopped at window 1');
    }
    const extra = verdict.reasons.filter((reason) => reason.includes('window 0') || /blast radius/i.test(reason));
    if (extra.length > 0) {
      expect(extra, "reasons of an aborted run that are not about the guardrail (checkout's p99 in window 0, or the blast radius): the abort is the verdict, list only the guardrail breach").toEqual([]);
    }
  });

  test('gives two reasons when a service breaks both its error-rate and its p99 limit in one window', () => {
    const both = { ...HOLDING, checkout: [800, 40, 400] as const };
    const verdict = judge([window(both)]);
    expectOutcome(verdict, 'failed', 'checkout fails 5% against 0.5% in control and its p99 doubles');
    const aboutCheckout = verdict.reasons.filter((reason) => reason.includes('checkout') && reason.includes('window 0'));
    if (aboutCheckout.length !== 2) {
      expect(aboutCheckout, 'reasons naming checkout and window 0: one for the error rate, one for the p99 (each breach adds a reason)').toHaveLength(2);
    }
  });

  test('passes 60 random runs where the fault stays inside the injected service, with blast radius 0', async () => {
    await forEachSeed(60, (random) => {
      const windows: ExperimentWindow[] = [];
      const count = random.int(2, 8);
      for (let index = 0; index < count; index += 1) {
        const control: Record<string, Row> = {};
        const experiment: Record<string, Row> = {};
        for (const name of ['search', 'checkout', 'catalog', 'profile']) {
          const requests = random.int(200, 3000);
          const errors = random.int(0, Math.floor(requests * 0.03));
          const p99 = random.int(50, 400);
          control[name] = [requests, errors, p99];
          experiment[name] = name === 'search' ? [requests, Math.min(requests, errors + random.int(0, Math.floor(requests * 0.3))), p99 * 5] : [requests, errors, p99];
        }
        const orders = random.int(100, 1000);
        windows.push(window(experiment, orders, control, orders));
      }
      const verdict = judge(windows, { guardrail: { maxExcessErrorRate: 0.3, minOrdersRatio: 0.9 } });
      if (verdict.outcome !== 'passed' || verdict.blastRadius !== 0) {
        expect(show(verdict), `${count} windows where only search (injected) got worse and every other service matched control exactly`).toBe('outcome "passed", blastRadius 0, abortedAtWindow undefined, reasons []');
      }
    });
  });

  test('each RangeError message names the service, minRequests or the unknown injected service', () => {
    const cases: Array<[string, () => unknown, string]> = [
      ['negative requests for checkout in control', () => evaluateExperiment([window(HOLDING, 290, { ...CONTROL, checkout: [-5, 0, 200] })], hypothesis()), 'checkout'],
      ['fractional errors for checkout', () => evaluateExperiment([window({ ...HOLDING, checkout: [800, 2.5, 200] })], hypothesis()), 'checkout'],
      ['11 errors out of 10 requests for checkout', () => evaluateExperiment([window({ ...HOLDING, checkout: [10, 11, 200] })], hypothesis()), 'checkout'],
      ['minRequests 0', () => evaluateExperiment([window(HOLDING)], hypothesis({ minRequests: 0 })), 'minRequests'],
      ['injectedService "serach"', () => evaluateExperiment([window(HOLDING)], hypothesis({ injectedService: 'serach' })), 'serach'],
    ];
    for (const [label, run, name] of cases) {
      const error = thrownBy(run);
      expect(error, label).toBeInstanceOf(RangeError);
      expect((error as Error).message, `the message for ${label} must name ${name}`).toMatch(name);
    }
  });

  test('accepts minRequests 1, the smallest valid value', () => {
    const one = { search: [1, 0, 100], checkout: [1, 0, 200] } as const;
    const verdict = judge([window(one, 1, one, 1)], { minRequests: 1 });
    expectOutcome(verdict, 'passed', 'minRequests 1 is an integer ≥ 1, and each cohort served 2 requests: judged, and nothing got worse');
  });

  test('compares a service only when both cohorts report enough requests, also when control is the quiet one', () => {
    const experiment = { ...HOLDING, reports: [500, 0, 90] as const, audit: [500, 0, 90] as const };
    const control = { ...CONTROL, reports: [20, 0, 40] as const };
    const verdict = judge([window(experiment, 390, control, 300), window(experiment, 390, control, 300)]);
    expectOutcome(
      verdict,
      'passed',
      'reports has 20 control requests (below minRequests 100) and audit is missing from control altogether: neither can be compared, whatever their p99',
    );
    expectBlastRadius(verdict, 40 / 6000 - 20 / 4040, 'the other services over both windows: experiment (20 + 20)/(3 000 + 3 000) minus control (10 + 10)/(2 020 + 2 020)');
  });

  test('gives a blast radius of 0 when one cohort sent no requests to the other services', () => {
    const onlySearch = { search: [1000, 5, 120] } as const;
    const noOthersInControl = judge([window(HOLDING, 290, onlySearch, 100)]);
    expectOutcome(noOthersInControl, 'passed', 'control served only search; the other services cannot be compared');
    expect(noOthersInControl.blastRadius, 'blastRadius when control sent no requests to the other services').toBe(0);
    const noOthersInExperiment = judge([window({ search: [1000, 100, 900] }, 100, CONTROL, 300)]);
    expectOutcome(noOthersInExperiment, 'passed', 'the experiment served only search; the other services cannot be compared');
    expect(noOthersInExperiment.blastRadius, 'blastRadius when the experiment sent no requests to the other services').toBe(0);
  });

  test('throws a RangeError for counts that cannot be real, a bad minRequests, or an injected service that appears nowhere', () => {
    const cases: Array<[string, () => unknown]> = [
      ['more errors than requests', () => evaluateExperiment([window({ ...HOLDING, checkout: [10, 11, 200] })], hypothesis())],
      ['negative requests', () => evaluateExperiment([window({ ...HOLDING, checkout: [-5, 0, 200] })], hypothesis())],
      ['fractional errors', () => evaluateExperiment([window({ ...HOLDING, checkout: [800, 2.5, 200] })], hypothesis())],
      ['minRequests 0', () => evaluateExperiment([window(HOLDING)], hypothesis({ minRequests: 0 }))],
      ['minRequests 2.5', () => evaluateExperiment([window(HOLDING)], hypothesis({ minRequests: 2.5 }))],
      ['NaN requests', () => evaluateExperiment([window({ ...HOLDING, catalog: [Number.NaN, 0, 90] })], hypothesis())],
      ['negative errors', () => evaluateExperiment([window({ ...HOLDING, catalog: [1200, -1, 90] })], hypothesis())],
      ['more errors than requests in the CONTROL cohort', () => evaluateExperiment([window(HOLDING, 290, { ...CONTROL, checkout: [800, 801, 200] })], hypothesis())],
      ['injectedService "serach", a typo that matches no service', () => evaluateExperiment([window(HOLDING)], hypothesis({ injectedService: 'serach' }))],
    ];
    for (const [label, run] of cases) expect(thrownBy(run), label).toBeInstanceOf(RangeError);
  });
});
