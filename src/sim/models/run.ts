/**
 * Entry points: build a simulation from a scenario, a policy and a seed; run one to the end; or
 * run the same scenario and seed under several policies (common random numbers).
 */
import { parsePolicy, parseScenario, type Policy, type Scenario } from '../../schemas/scenario';
import { assertSeed } from '../random/prng';
import { PoolSimulation, type SimulationSnapshot, type SnapshotOptions } from './pool-simulation';

/** Thrown when a scenario or policy given to the simulator is invalid; `errors` name the fields. */
export class ScenarioError extends Error {
  override readonly name: string = 'ScenarioError';
  /** One sentence per problem, each starting with the field path. */
  readonly errors: readonly string[];

  constructor(errors: readonly string[]) {
    super(errors.join('\n'));
    this.errors = errors;
  }
}

/** Options of {@link createSimulation}. */
export interface CreateSimulationOptions {
  /** The scenario, as JSON or already parsed; it is validated either way. */
  readonly scenario: unknown;
  /** A policy name from `scenario.policies`, or a policy object (validated against the scenario). */
  readonly policy: string | Policy;
  /** Run seed: an integer from 0 to 4294967295. */
  readonly seed: number;
  /** Overrides the scenario's duration, seconds. */
  readonly duration?: number;
  /** How many recent time-series samples to keep (default 3,600). */
  readonly seriesCapacity?: number;
}

function validScenario(input: unknown, duration: number | undefined): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new ScenarioError(parsed.errors);
  if (duration === undefined) return parsed.value;
  if (!(duration > 0 && duration <= 1e7)) throw new ScenarioError(['duration must be a positive number of seconds (at most 10,000,000)']);
  if (parsed.value.warmup >= duration) throw new ScenarioError([`duration must be longer than the warmup (${parsed.value.warmup} s)`]);
  // Parsed again with the new duration, so the guardrails on samples and calls see it.
  const resized = parseScenario({ ...parsed.value, duration });
  if (!resized.ok) throw new ScenarioError(resized.errors);
  return resized.value;
}

/**
 * Creates a simulation at time 0. Throws {@link ScenarioError} for an invalid scenario or policy
 * and RangeError for a bad seed.
 */
export function createSimulation(options: CreateSimulationOptions): PoolSimulation {
  assertSeed(options.seed);
  const scenario = validScenario(options.scenario, options.duration);
  let policy: Policy;
  let policyName: string;
  if (typeof options.policy === 'string') {
    const named = scenario.policies[options.policy];
    if (!named) {
      throw new ScenarioError([`policy "${options.policy}" is not defined; the scenario defines ${Object.keys(scenario.policies).map((k) => `"${k}"`).join(', ')}`]);
    }
    policy = named;
    policyName = options.policy;
  } else {
    const parsed = parsePolicy(options.policy, scenario);
    if (!parsed.ok) throw new ScenarioError(parsed.errors);
    policy = parsed.value;
    policyName = 'custom';
  }
  return new PoolSimulation({
    scenario,
    policy,
    policyName,
    seed: options.seed,
    ...(options.seriesCapacity !== undefined ? { seriesCapacity: options.seriesCapacity } : {}),
  });
}

/** Runs a scenario to the end under one policy and returns the final snapshot. */
export function runScenario(options: CreateSimulationOptions, snapshotOptions?: SnapshotOptions): SimulationSnapshot {
  return createSimulation(options).run(snapshotOptions);
}

/** Result of {@link compare}: one final snapshot per policy, all from the same seed. */
export interface Comparison {
  readonly seed: number;
  /** Policy names in the order run. */
  readonly policies: readonly string[];
  readonly runs: Readonly<Record<string, SimulationSnapshot>>;
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Policy names to run (default `["shared", "partitioned"]`). */
  readonly policies?: readonly string[];
  /** Overrides the scenario's duration, seconds. */
  readonly duration?: number;
  readonly snapshot?: SnapshotOptions;
}

/**
 * Runs one scenario under several policies with the same seed. Each service draws its arrivals,
 * base service times and failure coins from its own substreams, so every run sees the same
 * traffic and the differences are the isolation alone.
 */
export function compare(scenario: unknown, seed: number, options: CompareOptions = {}): Comparison {
  const policies = options.policies ?? ['shared', 'partitioned'];
  const runs: Record<string, SimulationSnapshot> = {};
  for (const policy of policies) {
    runs[policy] = runScenario(
      { scenario, policy, seed, ...(options.duration !== undefined ? { duration: options.duration } : {}) },
      options.snapshot,
    );
  }
  return Object.freeze({ seed, policies: Object.freeze([...policies]), runs: Object.freeze(runs) });
}
