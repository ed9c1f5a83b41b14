/**
 * Exercise: a chaos-experiment evaluator with guardrails.
 *
 * A fault was injected into one service for an experiment cohort, while a control cohort of the
 * same size was served normally, side by side. You get both cohorts' figures per service, window
 * by window, and decide: passed, failed, aborted or inconclusive.
 *
 * Read instructions.md for the full task. The tests call:
 *   evaluateExperiment(windows, {
 *     injectedService: 'search',
 *     slo: { maxErrorRateIncrease: 0.01, maxP99Ratio: 1.5 },
 *     blastRadius: { expected: 0.02, tolerance: 0.01 },
 *     guardrail: { maxExcessErrorRate: 0.2, minOrdersRatio: 0.9 },
 *     minRequests: 100,
 *   });
 *   // → { outcome: 'aborted', blastRadius: 0.0537, abortedAtWindow: 2, reasons: ['…', '… should have stopped at window 2'] }
 *
 * The types are finished. Shares are fractions: 0.01 is 1%.
 */

/** One service's totals for one cohort over one window. */
export interface ServiceWindow {
  /** Requests the service handled for this cohort in the window (an integer ≥ 0). */
  requests: number;
  /** Of those, requests that failed: errors and timeouts (an integer from 0 to requests). */
  errors: number;
  /** 99th-percentile latency in milliseconds (≥ 0); meaningless when requests is 0. */
  p99Ms: number;
}

/** One cohort's figures for one window. */
export interface CohortWindow {
  /** Per service, by name. */
  services: Readonly<Record<string, ServiceWindow>>;
  /** The business metric: orders the cohort completed in the window (≥ 0). */
  orders: number;
}

/** Both cohorts over the same window of time. */
export interface ExperimentWindow {
  control: CohortWindow;
  experiment: CohortWindow;
}

/** What the experiment set out to show, and when it must stop. */
export interface Hypothesis {
  /** The service the fault was injected into, for the experiment cohort only. */
  injectedService: string;
  /** What every other service must keep in each window, compared with control. */
  slo: {
    /** Most a service's error rate may exceed control's, as a share (0.01 = 1 point). */
    maxErrorRateIncrease: number;
    /** Most a service's p99 may be, as a multiple of control's (1.5 = 50% slower). */
    maxP99Ratio: number;
  };
  /** The predicted blast radius (a share, e.g. 1/N for one cell of N) and the allowed excess over it. */
  blastRadius: { expected: number; tolerance: number };
  /** Limits that stop the run in the first judged window that crosses one. */
  guardrail: {
    /** Error budget: most the experiment's error rate, over all services, may exceed control's. */
    maxExcessErrorRate: number;
    /** Least the experiment's orders per request may be, as a share of control's (0.9 = 90%). */
    minOrdersRatio: number;
  };
  /** Comparisons drawn from fewer requests than this, in either cohort, are not judged (an integer ≥ 1). */
  minRequests: number;
}

/** The evaluator's decision. */
export interface Verdict {
  /** passed, failed, aborted (a guardrail tripped) or inconclusive (too little traffic). */
  outcome: 'passed' | 'failed' | 'aborted' | 'inconclusive';
  /** Excess error share of the OTHER services' experiment requests over control's, in [0, 1]. */
  blastRadius: number;
  /** Index of the first judged window that crossed the guardrail; present only when aborted. */
  abortedAtWindow?: number;
  /** One sentence per problem found; empty when passed. */
  reasons: string[];
}

/** Requests and errors summed over some services of one cohort. */
interface Totals {
  requests: number;
  errors: number;
}

const NO_TRAFFIC: ServiceWindow = { requests: 0, errors: 0, p99Ms: 0 };

/** Throws a RangeError unless `value` is an integer ≥ 0. */
function checkCount(value: unknown, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${what} must be an integer >= 0, got ${String(value)}`);
  }
}

/** Throws a RangeError for counts that cannot be real, a bad minRequests or an unknown injected service. */
function checkInput(windows: readonly ExperimentWindow[], hypothesis: Hypothesis): void {
  const { minRequests, injectedService } = hypothesis;
  if (typeof minRequests !== 'number' || !Number.isInteger(minRequests) || minRequests < 1) {
    throw new RangeError(`minRequests must be an integer >= 1, got ${String(minRequests)}`);
  }
  let injectedSeen = false;
  windows.forEach((window, index) => {
    for (const cohortName of ['control', 'experiment'] as const) {
      for (const [service, figures] of Object.entries(window[cohortName].services)) {
        const where = `${cohortName} ${service} in window ${index}`;
        checkCount(figures.requests, `requests of ${where}`);
        checkCount(figures.errors, `errors of ${where}`);
        if (figures.errors > figures.requests) {
          throw new RangeError(`errors of ${where} (${figures.errors}) exceed its requests (${figures.requests})`);
        }
        if (service === injectedService) injectedSeen = true;
      }
    }
  });
  if (windows.length > 0 && !injectedSeen) {
    throw new RangeError(`injectedService ${JSON.stringify(injectedService)} appears in no window: a typo would count the fault as collateral damage`);
  }
}

/** Requests and errors of a cohort's services, all of them or all but `excluded`. */
function sumServices(cohort: CohortWindow, excluded?: string): Totals {
  const totals: Totals = { requests: 0, errors: 0 };
  for (const [service, figures] of Object.entries(cohort.services)) {
    if (service === excluded) continue;
    totals.requests += figures.requests;
    totals.errors += figures.errors;
  }
  return totals;
}

/**
 * The excess error rate of experiment over control as a fraction numerator / denominator:
 * errorsE/requestsE − errorsC/requestsC = (errorsE·requestsC − errorsC·requestsE) / (requestsE·requestsC).
 * The numerator is an exact integer, so thresholds are compared with one rounding (no 0.1 + 0.2 drift).
 */
function excess(experiment: Totals, control: Totals): { numerator: number; denominator: number } {
  return {
    numerator: experiment.errors * control.requests - control.errors * experiment.requests,
    denominator: experiment.requests * control.requests,
  };
}

/** A share as a percentage for messages, e.g. 0.0537 → "5.37%". */
function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

/**
 * Compares experiment with control, window by window, and decides.
 * @param windows - consecutive windows, oldest first; index 0 is the first window.
 * @param hypothesis - the injected service, the SLO, the predicted blast radius and the guardrail.
 * @throws RangeError for counts that cannot be real or an injected service that appears nowhere.
 */
export function evaluateExperiment(windows: readonly ExperimentWindow[], hypothesis: Hypothesis): Verdict {
  checkInput(windows, hypothesis);
  const { injectedService, slo, guardrail, minRequests } = hypothesis;

  const sloReasons: string[] = [];
  let abortReason: string | undefined;
  let abortedAtWindow: number | undefined;
  let judgedWindows = 0;
  // Running sums of the OTHER services over the judged windows, for the blast radius.
  const othersControl: Totals = { requests: 0, errors: 0 };
  const othersExperiment: Totals = { requests: 0, errors: 0 };

  for (const [index, window] of windows.entries()) {
    const control = sumServices(window.control);
    const experiment = sumServices(window.experiment);
    // Too little traffic in either cohort: no evidence, and no division by 0 further down.
    if (control.requests < minRequests || experiment.requests < minRequests) continue;
    judgedWindows += 1;

    const otherControl = sumServices(window.control, injectedService);
    const otherExperiment = sumServices(window.experiment, injectedService);
    othersControl.requests += otherControl.requests;
    othersControl.errors += otherControl.errors;
    othersExperiment.requests += otherExperiment.requests;
    othersExperiment.errors += otherExperiment.errors;

    // Guardrail, on this window alone. First the error budget…
    const budget = excess(experiment, control);
    if (budget.numerator > guardrail.maxExcessErrorRate * budget.denominator) {
      abortReason =
        `window ${index}: the experiment's error rate ${percent(experiment.errors / experiment.requests)} exceeds control's ` +
        `${percent(control.errors / control.requests)} by ${percent(budget.numerator / budget.denominator)}, over the error budget of ` +
        `${percent(guardrail.maxExcessErrorRate)}; the run should have stopped at window ${index}`;
    } else {
      // …then the business metric: ordersE/requestsE < ratio × ordersC/requestsC, cross-multiplied.
      const experimentOrders = window.experiment.orders * control.requests;
      const floor = guardrail.minOrdersRatio * (window.control.orders * experiment.requests);
      if (experimentOrders < floor) {
        abortReason =
          `window ${index}: the experiment completed ${(window.experiment.orders / experiment.requests).toFixed(4)} orders per request against ` +
          `control's ${(window.control.orders / control.requests).toFixed(4)} (${percent(experimentOrders / (window.control.orders * experiment.requests))} of control), ` +
          `below the floor of ${guardrail.minOrdersRatio} × control; ` +
          `the run should have stopped at window ${index}`;
      }
    }
    if (abortReason !== undefined) {
      abortedAtWindow = index; // nothing after the first breach is evidence
      break;
    }

    // SLO of every service except the injected one, each compared with control in this window.
    const services = new Set([...Object.keys(window.control.services), ...Object.keys(window.experiment.services)]);
    for (const service of [...services].sort()) {
      if (service === injectedService) continue;
      const inControl = window.control.services[service] ?? NO_TRAFFIC;
      const inExperiment = window.experiment.services[service] ?? NO_TRAFFIC;
      if (inControl.requests < minRequests || inExperiment.requests < minRequests) continue;
      const increase = excess(inExperiment, inControl);
      if (increase.numerator > slo.maxErrorRateIncrease * increase.denominator) {
        sloReasons.push(
          `${service} breached its SLO in window ${index}: error rate ${percent(inExperiment.errors / inExperiment.requests)} against ` +
            `${percent(inControl.errors / inControl.requests)} in control, an increase of ${percent(increase.numerator / increase.denominator)} ` +
            `(at most ${percent(slo.maxErrorRateIncrease)} allowed)`,
        );
      }
      if (inExperiment.p99Ms > slo.maxP99Ratio * inControl.p99Ms) {
        sloReasons.push(
          `${service} breached its SLO in window ${index}: p99 ${inExperiment.p99Ms} ms against ${inControl.p99Ms} ms in control ` +
            `(at most ${slo.maxP99Ratio}× allowed)`,
        );
      }
    }
  }

  if (judgedWindows === 0) {
    return {
      outcome: 'inconclusive',
      blastRadius: 0,
      reasons: [`too little traffic: no window had at least ${minRequests} requests in each cohort, so nothing could be judged`],
    };
  }

  // Blast radius: the other services' excess error rate over the judged windows, clamped to [0, 1].
  const spread = excess(othersExperiment, othersControl);
  const blastRadius = spread.denominator === 0 ? 0 : Math.min(1, Math.max(0, spread.numerator / spread.denominator));
  const limit = hypothesis.blastRadius.expected + hypothesis.blastRadius.tolerance;
  const blastExceeded = spread.denominator > 0 && spread.numerator > 0 ? spread.numerator > limit * spread.denominator : 0 > limit;

  const reasons = [...sloReasons];
  if (blastExceeded) {
    reasons.push(
      `blast radius ${percent(blastRadius)} of the other services' requests is above the expected ${percent(hypothesis.blastRadius.expected)} ` +
        `plus the tolerance of ${percent(hypothesis.blastRadius.tolerance)}`,
    );
  }
  if (abortReason !== undefined && abortedAtWindow !== undefined) {
    // An aborted run's reasons are about the guardrail only.
    return { outcome: 'aborted', blastRadius, abortedAtWindow, reasons: [abortReason] };
  }
  if (reasons.length > 0) return { outcome: 'failed', blastRadius, reasons };
  return { outcome: 'passed', blastRadius, reasons: [] };
}
