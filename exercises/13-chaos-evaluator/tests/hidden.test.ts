import { describe, expect, forEachSeed, test } from '../../_harness';
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
    const verdict = evaluateExperiment([window(HOLDING), window(HOLDING), window(leaking), window(HOLDING), window(disaster, 0)], hypothesis());
    expectOutcome(verdict, 'aborted', 'window 2 crosses the error budget');
    expect(verdict.abortedAtWindow, 'abortedAtWindow').toBe(2);
    expectBlastRadius(verdict, (20 + 20 + 312 - 30) / 6000, 'windows 0 to 2 only: experiment (20 + 20 + 312)/6 000 minus control 30/6 000');
    const later = verdict.reasons.filter((reason) => reason.includes('window 4'));
    if (later.length > 0) expect(later, 'reasons about window 4, which the run should never have reached').toEqual([]);
  });

  test('names the guardrail that tripped', () => {
    const budget = evaluateExperiment([window({ ...HOLDING, checkout: [800, 300, 900] })], hypothesis());
    if (!budget.reasons.some((reason) => /error/i.test(reason))) expect(budget.reasons, 'reasons when the error budget tripped: one must mention the error rate').toContain('a reason about errors');
    const orders = evaluateExperiment([window(HOLDING, 200)], hypothesis());
    if (!orders.reasons.some((reason) => /order/i.test(reason))) expect(orders.reasons, 'reasons when orders fell: one must mention orders').toContain('a reason about orders');
    expect(orders.abortedAtWindow, 'abortedAtWindow when the very first window trips').toBe(0);
  });

  test('does not abort on a window too small to judge, however bad it looks', () => {
    const tinyAndBad = window({ search: [20, 20, 3000], checkout: [20, 20, 3000], catalog: [20, 20, 3000] }, 0, { search: [20, 0, 120], checkout: [20, 0, 200], catalog: [20, 0, 90] }, 2);
    const verdict = evaluateExperiment([tinyAndBad, window(HOLDING), window(HOLDING)], hypothesis());
    expectOutcome(verdict, 'passed', 'window 0 has 60 requests per cohort, below minRequests 100: skipped as noise; the judged windows 1 and 2 are healthy');
    expectBlastRadius(verdict, 0.005, 'windows 1 and 2 only');
  });

  test('is inconclusive for an empty list of windows', () => {
    const verdict = evaluateExperiment([], hypothesis());
    expectOutcome(verdict, 'inconclusive', 'no windows, no evidence');
    expect(verdict.blastRadius, 'blastRadius').toBe(0);
  });

  test('is inconclusive when only some services have traffic, but no window reaches minRequests overall', () => {
    const quiet = { search: [40, 10, 900], checkout: [30, 0, 200], catalog: [20, 0, 90] } as const;
    const verdict = evaluateExperiment([window(quiet, 5, quiet, 5), window(quiet, 5, quiet, 5)], hypothesis());
    expectOutcome(verdict, 'inconclusive', '90 requests per cohort per window is below minRequests 100');
  });

  test('fails on an SLO breach in a single window and says which window', () => {
    const spike = { ...HOLDING, catalog: [1200, 60, 95] as const };
    const verdict = evaluateExperiment([window(HOLDING), window(spike), window(HOLDING)], hypothesis({ blastRadius: { expected: 0.05, tolerance: 0.01 } }));
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
    const verdict = evaluateExperiment([window(calm), window(calm)], hypothesis());
    expectOutcome(verdict, 'passed', 'the other services failed less than in control');
    expect(verdict.blastRadius, 'blastRadius when the experiment does better than control (a share, never below 0)').toBe(0);
  });

  test('skips a service that one cohort does not report in a window', () => {
    const withoutCatalog = { search: [1000, 200, 2000] as const, checkout: [800, 8, 210] as const };
    const verdict = evaluateExperiment([window(withoutCatalog), window(HOLDING)], hypothesis());
    expectOutcome(verdict, 'passed', 'catalog is missing from the experiment in window 0 (no requests were routed to it): nothing to compare there');
    expect(Number.isFinite(verdict.blastRadius), `blastRadius ${String(verdict.blastRadius)} is finite`).toBe(true);
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
      const verdict = evaluateExperiment(windows, hypothesis({ guardrail: { maxExcessErrorRate: 0.3, minOrdersRatio: 0.9 } }));
      if (verdict.outcome !== 'passed' || verdict.blastRadius !== 0) {
        expect(show(verdict), `${count} windows where only search (injected) got worse and every other service matched control exactly`).toBe('outcome "passed", blastRadius 0, abortedAtWindow undefined, reasons []');
      }
    });
  });

  test('throws a RangeError for counts that cannot be real, a bad minRequests, or an injected service that appears nowhere', () => {
    const cases: Array<[string, () => unknown]> = [
      ['more errors than requests', () => evaluateExperiment([window({ ...HOLDING, checkout: [10, 11, 200] })], hypothesis())],
      ['negative requests', () => evaluateExperiment([window({ ...HOLDING, checkout: [-5, 0, 200] })], hypothesis())],
      ['fractional errors', () => evaluateExperiment([window({ ...HOLDING, checkout: [800, 2.5, 200] })], hypothesis())],
      ['minRequests 0', () => evaluateExperiment([window(HOLDING)], hypothesis({ minRequests: 0 }))],
      ['injectedService "serach", a typo that matches no service', () => evaluateExperiment([window(HOLDING)], hypothesis({ injectedService: 'serach' }))],
    ];
    for (const [label, run] of cases) expect(thrownBy(run), label).toBeInstanceOf(RangeError);
  });
});
