/**
 * Closed-form queueing, sharding, availability and cost math for sizing bulkheads.
 * Pure TypeScript: no DOM, no clocks, no randomness. Other code imports only this file.
 *
 * Every function takes one object of named inputs, validates it, and throws
 * {@link QueueingInputError} (with the offending `field`) on bad input. Results are always finite.
 * @module
 */
export { QueueingInputError, QueueingUnstableError } from './errors';
export { littlesLaw } from './littles-law';
export type { LittlesLawInput, LittlesLawResult } from './littles-law';
export { MAX_SERVERS, erlangB, erlangBInverse, erlangC, mmcWait } from './erlang';
export type { ErlangBInverseInput, ErlangInput, MmcInput, MmcResult } from './erlang';
export { MAX_CAPACITY, mmck, mmckDistribution } from './mmck';
export type { MmckInput, MmckResult } from './mmck';
export { MAX_ABANDONMENT_STATES, erlangA } from './abandonment';
export type { ErlangAInput, ErlangAResult } from './abandonment';
export { MAX_TRIES, attemptsPerCall, retryLoad, timeoutRetryLoad } from './retries';
export type { RetryLoadInput, RetryLoadResult, RetrySettledState, TimeoutRetryInput, TimeoutRetryResult, TimeoutRetryState } from './retries';
export { DEFAULT_MAX_SERVERS, MAX_CURVE_POINTS, poolSizeCurve, quickRuleSize, sizePool } from './sizing';
export type {
  PoolEvaluation,
  PoolSizeCurveInput,
  PoolSizePoint,
  PoolSizing,
  QueueCapacityChoice,
  QuickRuleInput,
  QuickRuleResult,
  SizePoolInput,
  SizingModel,
  SizingStep,
} from './sizing';
export { MAX_PARTITIONS, priceOfIsolation, splitBlocking } from './isolation';
export type { PriceOfIsolation, PriceOfIsolationInput, SplitBlockingInput, SplitBlockingResult } from './isolation';
export {
  MAX_COMBINATION_TERMS,
  MAX_SHARD_NODES,
  MAX_SHARD_SIZE,
  cellFailureImpact,
  combinations,
  combinationsNumber,
  fullShardOverlapProbability,
  shardOverlapProbability,
  shuffleShardImpact,
} from './sharding';
export type { CellFailureInput, CombinationsInput, ShuffleShardImpact, ShuffleShardInput } from './sharding';
export {
  HOURS_PER_YEAR,
  availabilityFromDowntime,
  availabilityToNines,
  downtimeBudget,
  ninesToAvailability,
  parallelAvailability,
  serialAvailability,
} from './availability';
export type { DowntimeBudget, DowntimePeriod, YearBasis } from './availability';
export { annualBenefit, expectedAnnualLoss, paybackPeriod, returnOnInvestment } from './economics';
export type {
  ExpectedAnnualLoss,
  ExpectedAnnualLossInput,
  FailureMode,
  FailureModeLoss,
  InvestmentInput,
  Payback,
  ReturnOnInvestment,
  ReturnOnInvestmentInput,
} from './economics';
export { MAX_SOURCES, engset, finiteSourceQueue, mvaSingleServer } from './finite-source';
export type { EngsetInput, FiniteSourceInput, FiniteSourceResult, MvaInput, MvaResult } from './finite-source';
export { pollaczekKhinchine, priorityWaits } from './mg1';
export type { PollaczekKhinchineInput, PollaczekKhinchineResult, PriorityClassInput } from './mg1';
