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

/**
 * Compares experiment with control, window by window, and decides.
 * @param windows - consecutive windows, oldest first; index 0 is the first window.
 * @param hypothesis - the injected service, the SLO, the predicted blast radius and the guardrail.
 * @throws RangeError for counts that cannot be real or an injected service that appears nowhere.
 */
export function evaluateExperiment(windows: readonly ExperimentWindow[], hypothesis: Hypothesis): Verdict {
  // TODO 1: throw a RangeError for impossible input (see instructions.md).
  // TODO 2: walk the windows in order. Skip a window in which either cohort served fewer than
  //   hypothesis.minRequests requests in total. In each judged window:
  //   - add the OTHER services' requests and errors (not the injected one) to running totals for
  //     the blast radius, per cohort;
  //   - check the guardrail NOW, on this window alone: error-rate excess over control, and orders
  //     per request against control. On a breach, record the window index and stop reading;
  //   - check each other service's SLO against control, skipping any service with fewer than
  //     minRequests requests in either cohort.
  // TODO 3: no judged window means inconclusive. Otherwise compute the blast radius from the
  //   running totals and decide between aborted, failed and passed.
  void windows;
  void hypothesis;
  return { outcome: 'inconclusive', blastRadius: 0, reasons: ['not evaluated yet'] };
}
