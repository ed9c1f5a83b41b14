// Wrong on purpose — mistake: treating the error budget as a limit that must stay strictly below.
// "Must not exceed maxExcessErrorRate" is written as excess >= budget, so an experiment whose
// excess error rate is exactly the budget (25% against a 25% budget) is aborted, although it used
// its budget and no more: exactly at the limit is allowed.

/**
 * Judging a chaos experiment the way an automated platform does: a control cohort and an
 * experiment cohort served side by side, a fault injected into one service for the experiment
 * only, every comparison made against control, a guardrail checked window by window that stops
 * the run at the first breach, and no verdict at all when there is too little traffic to judge.
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

const percent = (share: number): string => `${(share * 100).toFixed(2)}%`;

function checkCount(value: unknown, label: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new RangeError(`${label} must be an integer ≥ 0, got ${String(value)}`);
}

function checkShare(value: unknown, label: string, upper = Number.POSITIVE_INFINITY): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > upper) {
    throw new RangeError(`${label} must be a finite number from 0${upper === Number.POSITIVE_INFINITY ? '' : ` to ${upper}`}, got ${String(value)}`);
  }
}

function checkInput(windows: readonly ExperimentWindow[], hypothesis: Hypothesis): void {
  if (!Array.isArray(windows as unknown)) throw new RangeError('windows must be an array');
  if (typeof hypothesis.injectedService !== 'string' || hypothesis.injectedService === '') throw new RangeError('injectedService must name a service');
  if (!Number.isSafeInteger(hypothesis.minRequests) || hypothesis.minRequests < 1) {
    throw new RangeError(`minRequests must be an integer ≥ 1, got ${String(hypothesis.minRequests)}`);
  }
  checkShare(hypothesis.slo.maxErrorRateIncrease, 'slo.maxErrorRateIncrease', 1);
  checkShare(hypothesis.slo.maxP99Ratio, 'slo.maxP99Ratio');
  checkShare(hypothesis.blastRadius.expected, 'blastRadius.expected', 1);
  checkShare(hypothesis.blastRadius.tolerance, 'blastRadius.tolerance', 1);
  checkShare(hypothesis.guardrail.maxExcessErrorRate, 'guardrail.maxExcessErrorRate', 1);
  checkShare(hypothesis.guardrail.minOrdersRatio, 'guardrail.minOrdersRatio');
  let injectedSeen = false;
  for (const [index, window] of windows.entries()) {
    for (const cohort of ['control', 'experiment'] as const) {
      const figures = window[cohort];
      checkShare(figures.orders, `window ${index} ${cohort} orders`);
      for (const [name, service] of Object.entries(figures.services)) {
        const label = `window ${index} ${cohort} ${name}`;
        checkCount(service.requests, `${label} requests`);
        checkCount(service.errors, `${label} errors`);
        if (service.errors > service.requests) throw new RangeError(`${label} has ${service.errors} errors out of ${service.requests} requests`);
        checkShare(service.p99Ms, `${label} p99Ms`);
        if (name === hypothesis.injectedService) injectedSeen = true;
      }
    }
  }
  if (windows.length > 0 && !injectedSeen) {
    throw new RangeError(`injectedService "${hypothesis.injectedService}" appears in no window: a misspelt name would count the fault as collateral damage`);
  }
}

interface Totals {
  requests: number;
  errors: number;
}

function totals(cohort: CohortWindow, include: (name: string) => boolean): Totals {
  let requests = 0;
  let errors = 0;
  for (const [name, service] of Object.entries(cohort.services)) {
    if (!include(name)) continue;
    requests += service.requests;
    errors += service.errors;
  }
  return { requests, errors };
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
  const everyService = (): boolean => true;
  const others = (name: string): boolean => name !== injectedService;

  let judged = 0;
  let abortedAtWindow: number | undefined;
  const reasons: string[] = [];
  const collateral = { control: { requests: 0, errors: 0 }, experiment: { requests: 0, errors: 0 } };

  for (const [index, window] of windows.entries()) {
    const control = totals(window.control, everyService);
    const experiment = totals(window.experiment, everyService);
    // Too few requests make every rate noise; this also keeps every division below away from 0.
    if (control.requests < minRequests || experiment.requests < minRequests) continue;
    judged += 1;

    for (const cohort of ['control', 'experiment'] as const) {
      const spread = totals(window[cohort], others);
      collateral[cohort].requests += spread.requests;
      collateral[cohort].errors += spread.errors;
    }

    // The guardrail runs on every window as it arrives: a real platform stops injecting at the
    // first breach, so nothing after it is evidence.
    const breaches: string[] = [];
    const excess = experiment.errors / experiment.requests - control.errors / control.requests;
    if (excess >= guardrail.maxExcessErrorRate) {
      breaches.push(`window ${index}: the experiment's error rate is ${percent(excess)} above control, over the error budget of ${percent(guardrail.maxExcessErrorRate)}`);
    }
    const controlOrders = window.control.orders / control.requests;
    const experimentOrders = window.experiment.orders / experiment.requests;
    if (experimentOrders < guardrail.minOrdersRatio * controlOrders) {
      breaches.push(`window ${index}: orders per request fell to ${percent(experimentOrders / controlOrders)} of control, below ${percent(guardrail.minOrdersRatio)}`);
    }
    if (breaches.length > 0) {
      abortedAtWindow = index;
      reasons.length = 0;
      reasons.push(...breaches, `the guardrail tripped: the run should have stopped at window ${index}`);
      break;
    }

    const names = new Set([...Object.keys(window.control.services), ...Object.keys(window.experiment.services)]);
    for (const name of names) {
      if (name === injectedService) continue;
      const before = window.control.services[name];
      const after = window.experiment.services[name];
      if (before === undefined || after === undefined || before.requests < minRequests || after.requests < minRequests) continue;
      const increase = after.errors / after.requests - before.errors / before.requests;
      if (increase > slo.maxErrorRateIncrease) {
        reasons.push(`window ${index}: ${name} failed ${percent(increase)} more requests than in control, above its SLO of ${percent(slo.maxErrorRateIncrease)}`);
      }
      if (after.p99Ms > slo.maxP99Ratio * before.p99Ms) {
        reasons.push(`window ${index}: ${name} p99 was ${after.p99Ms} ms against ${before.p99Ms} ms in control, above ${slo.maxP99Ratio}× control`);
      }
    }
  }

  if (judged === 0) {
    return { outcome: 'inconclusive', blastRadius: 0, reasons: [`too little traffic to judge: no window had ${minRequests} requests in both cohorts`] };
  }

  const { control, experiment } = collateral;
  const blastRadius =
    control.requests === 0 || experiment.requests === 0
      ? 0
      : Math.min(1, Math.max(0, experiment.errors / experiment.requests - control.errors / control.requests));

  if (abortedAtWindow !== undefined) return { outcome: 'aborted', blastRadius, abortedAtWindow, reasons };

  const { expected, tolerance } = hypothesis.blastRadius;
  if (blastRadius > expected + tolerance) {
    reasons.push(`blast radius ${percent(blastRadius)} of the other services' requests exceeds the expected ${percent(expected)} by more than the tolerance of ${percent(tolerance)}`);
  }
  return { outcome: reasons.length === 0 ? 'passed' : 'failed', blastRadius, reasons };
}
