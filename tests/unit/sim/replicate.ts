/**
 * Replications for the validation tests: run a scenario under several seeds, average a measure,
 * and accept the mean when it lies within 4 standard errors of the exact value (the standard
 * error estimated from the spread between seeds). A correct engine then fails with probability
 * well under 0.1%; a bias of a few per cent fails every time.
 *
 * With VALIDATION_TABLE=1 in the environment, each check adds a row to a table printed at the
 * end of the file: `VALIDATION_TABLE=1 npx vitest run tests/unit/sim/validation-*.test.ts`.
 */
import { afterAll, expect } from 'vitest';
import { runScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';

export const SEEDS = [11, 22, 33, 44, 55, 66, 77, 88];

export interface Estimate {
  readonly mean: number;
  readonly standardError: number;
  readonly replications: number;
}

const runsCache = new Map<ScenarioInput, SimulationSnapshot[]>();

/** Runs a scenario once per seed under its `shared` policy (cached per scenario object). */
export function runs(scenario: ScenarioInput, policy = 'shared'): SimulationSnapshot[] {
  let cached = runsCache.get(scenario);
  if (!cached) {
    cached = SEEDS.map((seed) => runScenario({ scenario, policy, seed }));
    runsCache.set(scenario, cached);
  }
  return cached;
}

/** Mean and standard error of a measure over the replications of a scenario. */
export function replicate(scenario: ScenarioInput, measure: (run: SimulationSnapshot) => number, policy = 'shared'): Estimate {
  const values = runs(scenario, policy).map(measure);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, standardError: Math.sqrt(variance / values.length), replications: values.length };
}

const rows: string[] = [];
if (process.env['VALIDATION_TABLE']) {
  afterAll(() => {
    console.log(['| case | theory | simulation mean ± 95% CI | replications |', '|---|---|---|---|', ...rows].join('\n'));
  });
}

const figure = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(4) : x.toPrecision(4));

/** Expects the estimate within 4 standard errors of `exact` (with a small floor), and records a row. */
export function expectWithin(label: string, estimate: Estimate, exact: number): void {
  rows.push(`| ${label} | ${figure(exact)} | ${figure(estimate.mean)} ± ${figure(1.96 * estimate.standardError)} | ${estimate.replications} |`);
  // The floor guards against a lucky near-zero spread between seeds.
  const tolerance = Math.max(4 * estimate.standardError, 0.002 * Math.abs(exact));
  expect(Math.abs(estimate.mean - exact), `${label}: estimate ${estimate.mean} ± ${estimate.standardError} vs exact ${exact}`).toBeLessThanOrEqual(tolerance);
}

/**
 * Expects a mean count within 4 Poisson standard errors of its expected value: over R
 * replications the mean of Poisson(Λ) counts has standard error √(Λ/R), known exactly.
 */
export function expectPoissonMean(label: string, scenario: ScenarioInput, measure: (run: SimulationSnapshot) => number, expected: number): void {
  const values = runs(scenario).map(measure);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const standardError = Math.sqrt(expected / values.length);
  rows.push(`| ${label} | ${figure(expected)} | ${figure(mean)} ± ${figure(1.96 * standardError)} (Poisson) | ${values.length} |`);
  expect(Math.abs(mean - expected), `${label}: mean ${mean} vs expected ${expected} (standard error ${standardError})`).toBeLessThanOrEqual(4 * standardError);
}

/** Rejected / offered attempts of the first service. */
export const blocking = (run: SimulationSnapshot): number => {
  const counts = run.services[0]?.counts;
  if (!counts) throw new Error('no service');
  return counts.rejected / counts.offered;
};

/** Mean time in system of the first service's attempts. */
export const meanTimeInSystem = (run: SimulationSnapshot): number => run.services[0]?.little.meanTimeInSystem ?? NaN;
