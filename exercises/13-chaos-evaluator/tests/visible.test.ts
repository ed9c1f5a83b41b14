import { describe, during, expect, test } from '../../_harness';
import { evaluateExperiment, type CohortWindow, type ExperimentWindow, type Hypothesis, type Verdict } from '../start/chaos-evaluator';

/** requests, errors, p99 in ms */
type Row = readonly [number, number, number];

function cohort(rows: Readonly<Record<string, Row>>, orders: number): CohortWindow {
  const services: Record<string, { requests: number; errors: number; p99Ms: number }> = {};
  for (const [name, [requests, errors, p99Ms]] of Object.entries(rows)) services[name] = { requests, errors, p99Ms };
  return { services, orders };
}

/** Control in every window: 3 000 requests, 0.5% errors everywhere, 0.1 orders per request. */
const CONTROL: Readonly<Record<string, Row>> = { search: [1000, 5, 120], checkout: [800, 4, 200], catalog: [1200, 6, 90] };
/** The experiment when the bulkhead holds: search (injected) fails 40%, the others barely notice. */
const HOLDING: Readonly<Record<string, Row>> = { search: [1000, 400, 2000], checkout: [800, 8, 210], catalog: [1200, 12, 95] };

function window(experiment: Readonly<Record<string, Row>>, experimentOrders = 290, control: Readonly<Record<string, Row>> = CONTROL, controlOrders = 300): ExperimentWindow {
  return { control: cohort(control, controlOrders), experiment: cohort(experiment, experimentOrders) };
}

/** The hypothesis every test starts from; blast radius 0.02 is one cell of 50. */
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

function expectNoBrokenNumbers(verdict: Verdict): void {
  const broken = verdict.reasons.filter((reason) => /NaN|Infinity/.test(reason));
  if (broken.length > 0 || !Number.isFinite(verdict.blastRadius)) {
    expect(
      show(verdict),
      'a verdict with NaN or Infinity in it: something divided by a request count of 0. Skip comparisons with fewer than minRequests requests in either cohort',
    ).toBe('a verdict with finite numbers only');
  }
}

describe('evaluateExperiment', () => {
  test('passes a run where only the injected service suffers, with blast radius 0.5%', () => {
    const verdict = judge([window(HOLDING), window(HOLDING), window(HOLDING), window(HOLDING)]);
    expectBlastRadius(
      verdict,
      0.005,
      "only the OTHER services count: their experiment error rate 20/2 000 = 1% minus control's 10/2 000 = 0.5%. Search's own errors are the fault itself, not how far it spread",
    );
    expectOutcome(verdict, 'passed', 'search fails 40% because the fault is injected there; checkout and catalog stay within their SLO');
    expect(verdict.reasons, 'reasons of a passed run').toEqual([]);
    expect(verdict.abortedAtWindow, 'abortedAtWindow of a run that was never stopped').toBeUndefined();
  });

  test('judges each service against control, not against the SLO alone', () => {
    // Catalog calls a flaky supplier: it fails 6% of requests in BOTH cohorts. The fault changed nothing there.
    const flakyControl = { ...CONTROL, catalog: [1200, 72, 90] as const };
    const flakyExperiment = { ...HOLDING, catalog: [1200, 74, 92] as const };
    const windows = [0, 1, 2].map(() => window(flakyExperiment, 290, flakyControl));
    const verdict = judge(windows);
    expectOutcome(verdict, 'passed', "catalog fails 6.2% in the experiment and 6% in control: its increase, 0.17 points, is within the SLO's 1 point. Compare with control, never with the SLO number alone");
    expectBlastRadius(verdict, 0.003, 'experiment (8 + 74)/2 000 minus control (4 + 72)/2 000');
  });

  test('fails when another service breaches its SLO: checkout p99 doubles', () => {
    const slowCheckout = { ...HOLDING, checkout: [800, 8, 400] as const };
    const verdict = judge([window(slowCheckout), window(slowCheckout), window(slowCheckout)]);
    expectOutcome(verdict, 'failed', 'checkout p99 is 400 ms against 200 ms in control, above the 1.5× SLO: the wall leaks (a shared pool, perhaps)');
    if (!verdict.reasons.some((reason) => reason.includes('checkout'))) {
      expect(verdict.reasons, 'reasons: one must name the service that breached its SLO, "checkout"').toContain('a reason naming checkout');
    }
  });

  test('fails when the blast radius exceeds the expected share plus the tolerance', () => {
    // Each other service stays within its SLO, but together they lose 0.85 points more than control.
    const spreading = { ...HOLDING, checkout: [800, 11, 205] as const, catalog: [1200, 16, 92] as const };
    const verdict = judge([window(spreading), window(spreading)], { blastRadius: { expected: 0.002, tolerance: 0.003 } });
    expectBlastRadius(verdict, 0.0085, 'experiment (11 + 16)/2 000 minus control 10/2 000');
    expectOutcome(verdict, 'failed', 'blast radius 0.85% is above the expected 0.2% plus the tolerance of 0.3%');
    if (!verdict.reasons.some((reason) => reason.includes('blast radius'))) {
      expect(verdict.reasons, 'reasons: one must say "blast radius"').toContain('a reason about the blast radius');
    }
  });

  test('aborts at the first window that crosses the error budget, and says the run should have stopped there', () => {
    // A shared connection pool gives way in windows 2 and 3; the run recovers in window 4. Over all
    // five windows the excess error rate is about 17%, under the 20% budget, but windows 2 (about
    // 23.2%: 712 of 3 000 failed against control's 15) and 3 (about 21.6%) are over it.
    const leaking = { ...HOLDING, checkout: [800, 300, 900] as const };
    const leakingLess = { ...HOLDING, checkout: [800, 250, 700] as const };
    const verdict = judge([window(HOLDING), window(HOLDING), window(leaking), window(leakingLess), window(HOLDING)]);
    expectOutcome(verdict, 'aborted', 'window 2 has an excess error rate of about 23.2% (712/3 000 − 15/3 000), over the 20% error budget. Check the guardrail in every window as it comes, not once over the whole run');
    if (verdict.abortedAtWindow !== 2) {
      expect(verdict.abortedAtWindow, 'abortedAtWindow: the FIRST window over the budget (windows are numbered from 0), where a platform stops injecting').toBe(2);
    }
    if (!verdict.reasons.some((reason) => reason.includes('should have stopped at window 2'))) {
      expect(verdict.reasons, 'reasons: one must say "should have stopped at window 2"').toContain('the run should have stopped at window 2');
    }
  });

  test('aborts when the business metric falls below its floor', () => {
    const verdict = judge([window(HOLDING), window(HOLDING, 250), window(HOLDING)]);
    expectOutcome(verdict, 'aborted', 'in window 1 the experiment completes 250 orders per 3 000 requests against control\'s 300: 83% of control, below the 90% floor');
    expect(verdict.abortedAtWindow, 'abortedAtWindow').toBe(1);
  });

  test('does not abort when the excess equals the error budget or orders sit exactly on the floor', () => {
    // Powers of two keep every rate exact: control fails 512 of 4 096 (12.5%), the experiment 1 536 of
    // 4 096 (37.5%), an excess of exactly 25%; orders per request are 0.125 and exactly half of it.
    const control = { search: [2048, 256, 100], checkout: [1024, 128, 200], catalog: [1024, 128, 90] } as const;
    const experiment = { search: [2048, 1280, 900], checkout: [1024, 128, 200], catalog: [1024, 128, 90] } as const;
    const verdict = judge([window(experiment, 256, control, 512), window(experiment, 256, control, 512)], {
      guardrail: { maxExcessErrorRate: 0.25, minOrdersRatio: 0.5 },
    });
    expectOutcome(
      verdict,
      'passed',
      'an excess error rate of exactly 25% does not EXCEED a 25% budget, and 0.0625 orders per request is not BELOW 0.5 × 0.125: a limit reached exactly is not a breach (use >, not >=)',
    );
  });

  test('compares orders per request, not totals, when the cohorts differ in size', () => {
    // Window 0: the experiment is half the size of control and keeps 95% of control's orders per
    // request (190 of 2 000 against 400 of 4 000). Window 1: it is twice the size and keeps only 85%
    // (340 of 4 000 against 200 of 2 000), below the 90% floor, although 340 orders is more in total.
    const bigControl = { search: [1000, 5, 120], checkout: [1000, 5, 200], catalog: [2000, 10, 90] } as const;
    const smallExperiment = { search: [500, 200, 2000], checkout: [500, 5, 200], catalog: [1000, 10, 90] } as const;
    const smallControl = { search: [500, 3, 120], checkout: [500, 2, 200], catalog: [1000, 5, 90] } as const;
    const bigExperiment = { search: [1000, 400, 2000], checkout: [1000, 10, 200], catalog: [2000, 20, 90] } as const;
    const verdict = judge([window(smallExperiment, 190, bigControl, 400), window(bigExperiment, 340, smallControl, 200)]);
    expectOutcome(
      verdict,
      'aborted',
      'window 1 keeps 0.085 orders per request against control\'s 0.1 (85%, below the 90% floor); window 0 keeps 95%. Divide each cohort\'s orders by its own requests: comparing totals gets both windows backwards',
    );
    if (verdict.abortedAtWindow !== 1) expect(verdict.abortedAtWindow, 'abortedAtWindow: window 0 is fine per request (95% of control), window 1 is not (85%)').toBe(1);
  });

  test('is inconclusive, not passed, when no window has enough traffic to judge', () => {
    const trickle = { search: [10, 1, 100], checkout: [10, 0, 200], catalog: [10, 0, 90] } as const;
    const verdict = judge([0, 1, 2, 3].map(() => window(trickle, 1, trickle, 1)));
    expectOutcome(verdict, 'inconclusive', '30 requests per cohort per window is below minRequests 100: there is no evidence either way, and "nothing went wrong" is not a pass');
    expectBlastRadius(verdict, 0, 'nothing was judged');
    expectNoBrokenNumbers(verdict);
    if (!verdict.reasons.some((reason) => /traffic/i.test(reason))) {
      expect(verdict.reasons, 'reasons: one must say there was too little traffic').toContain('a reason about too little traffic');
    }
  });

  test('skips an empty window and an idle service instead of dividing by zero', () => {
    const idle = [0, 0, 0] as const;
    const silent = { search: idle, checkout: idle, catalog: idle, reports: idle };
    const windows = [
      window({ ...HOLDING, reports: [3, 0, 40] }, 290, { ...CONTROL, reports: idle }),
      window(silent, 0, silent, 0),
      window({ ...HOLDING, reports: idle }, 290, { ...CONTROL, reports: idle }),
      window({ ...HOLDING, reports: idle }, 290, { ...CONTROL, reports: idle }),
    ];
    const verdict = judge(windows);
    expectNoBrokenNumbers(verdict);
    expectOutcome(verdict, 'passed', 'window 1 had no traffic at all and the reports service got 0 control requests and 3 experiment requests: too few to compare, so they are skipped, not failed');
    expectBlastRadius(verdict, 60 / 6003 - 0.005, 'the other services over windows 0, 2 and 3: experiment 60/6 003 minus control 30/6 000');
  });

  test('throws a RangeError for more errors than requests, minRequests 0, and an injected service that appears nowhere', () => {
    const cases: Array<[string, () => unknown]> = [
      ['checkout with 11 errors out of 10 requests', () => evaluateExperiment([window({ ...HOLDING, checkout: [10, 11, 200] })], hypothesis())],
      ['minRequests 0 (every window would be judged, however small)', () => evaluateExperiment([window(HOLDING)], hypothesis({ minRequests: 0 }))],
      ['injectedService "serach", a typo that matches no service in any window', () => evaluateExperiment([window(HOLDING)], hypothesis({ injectedService: 'serach' }))],
    ];
    for (const [label, run] of cases) expect(thrownBy(run), label).toBeInstanceOf(RangeError);
  });
});
