/**
 * Public surface of the pool simulator (`src/sim`). Other code imports only this file.
 */
export { createSimulation, runScenario, compare, ScenarioError } from './models/run';
export type { CreateSimulationOptions, Comparison, CompareOptions } from './models/run';
export { PoolSimulation } from './models/pool-simulation';
export type {
  AttemptCounts,
  AutoscaleView,
  DegradationChange,
  DegradationView,
  DependencySnapshot,
  HedgeCounts,
  LatencySummary,
  LittleFigures,
  QueueWaitSummary,
  PoolSnapshot,
  SeriesSnapshot,
  ServiceSnapshot,
  SimulationSnapshot,
  SlotView,
  SnapshotOptions,
  TenantSnapshot,
} from './models/pool-simulation';
export { presets, PRESET_NAMES, isPresetName } from './models/presets';
export { curvePoints, dailyPoints, rampPoints, spikePoints } from './models/load-curve';
export type { CurvePoint } from './models/arrival-schedule';
export type { PresetName } from './models/presets';
export { parseScenario, parsePolicy, scenarioSchema, policySchema } from '../schemas/scenario';
export type { Scenario, ScenarioInput, Policy, PolicyInput, Degradation, ServiceSpec, ParseResult, LoadCurveSpec, HedgeSpec } from '../schemas/scenario';
export { MAX_CLIENTS, MAX_CURVE_POINTS, MAX_HEDGES, MAX_EXPECTED_CALLS, MAX_SAMPLES, MIN_SAMPLE_INTERVAL } from '../schemas/scenario';
export { createRng, deriveSeed, Rng } from './random/prng';
export { exponential, lognormal, lognormalFromP99, lognormalFromSigma, standardNormal } from './random/distributions';
export type { LognormalParameters } from './random/distributions';
export { EventQueue } from './engine/event-queue';
export { Engine } from './engine/engine';
export type { EventHandler } from './engine/engine';
export { LatencyHistogram, HISTOGRAM_RELATIVE_ERROR } from './stats/latency-histogram';
export { CircuitBreaker } from './models/circuit-breaker';
export type { BreakerState, CircuitBreakerSettings } from './models/circuit-breaker';
export { AimdLimit } from './models/adaptive-limit';
export type { AimdSettings } from './models/adaptive-limit';
