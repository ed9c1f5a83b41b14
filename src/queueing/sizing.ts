import { QueueingInputError } from './errors';
import { MAX_SERVERS, erlangCFromB } from './erlang';
import { MAX_CAPACITY } from './mmck';
import { QueueGrowth } from './queue-growth';
import {
  ceilTolerant,
  describeValue,
  finiteResult,
  nonNegative,
  openProbability,
  positive,
  requireInput,
  whole,
} from './validate';

/** Largest pool {@link sizePool} searches unless told otherwise. */
export const DEFAULT_MAX_SERVERS = 1_000_000;

/** Most points {@link poolSizeCurve} returns: plenty for a chart, cheap enough for a frame. */
export const MAX_CURVE_POINTS = 2_000;

/** The queueing model behind a figure. */
export type SizingModel = 'erlang-b' | 'erlang-c' | 'mmck';

/**
 * Waiting room in front of the pool: a number of places (0 = calls that find every slot busy are
 * rejected at once), `'unbounded'` (calls always wait), or `'auto'` (find the smallest queue that
 * meets both targets; needs `targetBlocking` and `targetMeanWait`).
 */
export type QueueCapacityChoice = number | 'unbounded' | 'auto';

/** Inputs of {@link sizePool}. Use one time unit throughout (seconds in the examples). */
export interface SizePoolInput {
  /** λ: calls arriving per second, > 0. */
  arrivalRate: number;
  /** S: mean time a call holds a slot, in seconds, > 0. */
  meanServiceTime: number;
  /** Highest acceptable share of calls turned away, strictly between 0 and 1 (0.01 = 1%). */
  targetBlocking?: number | undefined;
  /** Highest acceptable mean wait in the queue of an admitted call, in seconds, > 0. */
  targetMeanWait?: number | undefined;
  /**
   * Waiting room; see {@link QueueCapacityChoice}. Default: 0 with only a blocking target,
   * `'unbounded'` with only a wait target, `'auto'` with both.
   */
  queueCapacity?: QueueCapacityChoice | undefined;
  /** Largest pool to consider, a whole number ≥ 1; default {@link DEFAULT_MAX_SERVERS}. */
  maxServers?: number | undefined;
}

/** The figures of one pool size. Times in seconds (the unit of `meanServiceTime`). */
export interface PoolEvaluation {
  /** c: slots. */
  servers: number;
  /** Waiting places in front of the slots. */
  queueCapacity: number | 'unbounded';
  /** Which formula produced the figures. */
  model: SizingModel;
  /** Share of calls turned away, in [0, 1]. */
  blocking: number;
  /** Mean wait in the queue of an admitted call; `null` when the queue never settles (a ≥ c, unbounded). */
  meanWait: number | null;
  /** Probability an admitted call waits; `null` when the queue never settles. */
  probabilityOfWait: number | null;
  /** Mean busy slots / c, in [0, 1]. */
  utilization: number;
  /** False when an unbounded queue never settles (offered load ≥ servers); such a pool never fits. */
  stable: boolean;
  /** Whether blocking ≤ the target; `null` without a blocking target. */
  meetsBlocking: boolean | null;
  /** Whether mean wait ≤ the target; `null` without a wait target. */
  meetsWait: boolean | null;
}

/** One step of the sizing argument, as data for a UI to lay out. */
export type SizingStep =
  | {
      kind: 'offered-load';
      /** Little's law: mean busy slots if nothing were turned away. */
      formula: 'a = λ × S';
      arrivalRate: number;
      meanServiceTime: number;
      /** a, in Erlangs. */
      offeredLoad: number;
      citation: string;
    }
  | {
      kind: 'lower-bound';
      formula: string;
      /** No pool smaller than this can meet the targets. */
      servers: number;
      reason: 'stable-queue' | 'carried-load';
      citation: string;
    }
  | {
      kind: 'evaluate';
      /** `chosen`: the answer; `one-fewer-server` / `one-fewer-queue-place`: shows it is the smallest. */
      role: 'chosen' | 'one-fewer-server' | 'one-fewer-queue-place';
      formula: string;
      citation: string;
      evaluation: PoolEvaluation;
    };

/** The answer of {@link sizePool}: the chosen pool's figures, the targets and the reasoning. */
export interface PoolSizing extends PoolEvaluation {
  /** a = λ × S, in Erlangs. */
  offeredLoad: number;
  /** The targets that were applied (`null` = none). */
  targets: { blocking: number | null; meanWait: number | null };
  /** The argument, in order: offered load, any lower bound, the chosen size, the size one below. */
  steps: SizingStep[];
}

const CITATIONS = {
  little: 'Little, Operations Research 9(3), 1961',
  erlangB: 'Erlang B recursion; Jagerman, Bell Syst. Tech. J. 53(3), 1974',
  erlangC: 'Erlang C from B; Cooper, Introduction to Queueing Theory, 2nd ed., 1981',
  mmck: 'M/M/c/K stationary distribution; Gross et al., Fundamentals of Queueing Theory, 4th ed., 2008',
} as const;

const FORMULAS: Record<SizingModel, string> = {
  'erlang-b': 'B(a, c) = a·B(a, c−1) / (c + a·B(a, c−1)), B(a, 0) = 1',
  'erlang-c': 'C = c·B / (c − a·(1 − B)); Wq = C·S / (c − a)',
  mmck: 'pₙ/pₙ₋₁ = a / min(n, c); blocking = p_K; Wq = Lq / (λ·(1 − p_K))',
};

interface Targets {
  blocking: number | null;
  meanWait: number | null;
}

function judge(
  base: Omit<PoolEvaluation, 'meetsBlocking' | 'meetsWait'>,
  targets: Targets,
): PoolEvaluation {
  return {
    ...base,
    meetsBlocking: targets.blocking === null ? null : base.blocking <= targets.blocking,
    meetsWait: targets.meanWait === null ? null : base.meanWait !== null && base.meanWait <= targets.meanWait,
  };
}

const meets = (evaluation: PoolEvaluation): boolean =>
  evaluation.stable && evaluation.meetsBlocking !== false && evaluation.meetsWait !== false;

function lossFigures(offeredLoad: number, servers: number, blocking: number, targets: Targets): PoolEvaluation {
  return judge(
    {
      servers,
      queueCapacity: 0,
      model: 'erlang-b',
      blocking,
      meanWait: 0,
      probabilityOfWait: 0,
      utilization: Math.min(1, (offeredLoad * (1 - blocking)) / servers),
      stable: true,
    },
    targets,
  );
}

function unboundedFigures(
  offeredLoad: number,
  meanServiceTime: number,
  servers: number,
  blocking: number,
  targets: Targets,
): PoolEvaluation {
  if (offeredLoad >= servers) {
    return judge(
      {
        servers,
        queueCapacity: 'unbounded',
        model: 'erlang-c',
        blocking: 0,
        meanWait: null,
        probabilityOfWait: null,
        utilization: 1,
        stable: false,
      },
      targets,
    );
  }
  const probabilityOfWait = erlangCFromB(offeredLoad, servers, blocking);
  return judge(
    {
      servers,
      queueCapacity: 'unbounded',
      model: 'erlang-c',
      blocking: 0,
      meanWait: (probabilityOfWait * meanServiceTime) / (servers - offeredLoad),
      probabilityOfWait,
      utilization: offeredLoad / servers,
      stable: true,
    },
    targets,
  );
}

/**
 * B(a, c) and 1 − B(a, c) for c = 0, 1, 2, …, extended on demand along the Erlang B recursion,
 * so a search can revisit any pool size in O(1).
 */
class ErlangBTable {
  private blocking = new Float64Array(1024);
  private complement = new Float64Array(1024);
  private filled = 0;
  private readonly offeredLoad: number;

  constructor(offeredLoad: number) {
    this.offeredLoad = offeredLoad;
    this.blocking[0] = 1;
    this.complement[0] = 0;
  }

  /** B(a, c). */
  blockingAt(servers: number): number {
    this.fill(servers);
    return this.blocking[servers] ?? 1;
  }

  /** 1 − B(a, c), computed as c / (c + a·B(a, c−1)) to keep precision when B is near 1. */
  complementAt(servers: number): number {
    this.fill(servers);
    return this.complement[servers] ?? 0;
  }

  private fill(servers: number): void {
    if (servers <= this.filled) return;
    if (servers >= this.blocking.length) {
      const size = Math.max(servers + 1, this.blocking.length * 2);
      const blocking = new Float64Array(size);
      const complement = new Float64Array(size);
      blocking.set(this.blocking);
      complement.set(this.complement);
      this.blocking = blocking;
      this.complement = complement;
    }
    for (let k = this.filled + 1; k <= servers; k++) {
      const carried = this.offeredLoad * (this.blocking[k - 1] ?? 1);
      this.blocking[k] = carried / (k + carried);
      this.complement[k] = k / (k + carried);
    }
    this.filled = servers;
  }
}

function growthEvaluation(growth: QueueGrowth, servers: number, targets: Targets): PoolEvaluation {
  const figures = growth.figures();
  return judge(
    {
      servers,
      queueCapacity: growth.queueCapacity,
      model: 'mmck',
      blocking: figures.blocking,
      meanWait: figures.meanTimeInQueue,
      probabilityOfWait: figures.probabilityOfWait,
      utilization: figures.utilization,
      stable: true,
    },
    targets,
  );
}

function startGrowth(problem: Problem, table: ErlangBTable, servers: number): QueueGrowth {
  return new QueueGrowth(
    problem.arrivalRate,
    problem.offeredLoad,
    servers,
    table.blockingAt(servers),
    table.complementAt(servers),
  );
}

/** M/M/c/(c + queue) figures, built up one waiting place at a time from Erlang B. */
function boundedFigures(problem: Problem, table: ErlangBTable, servers: number, queueCapacity: number): PoolEvaluation {
  const growth = startGrowth(problem, table, servers);
  for (let place = 0; place < queueCapacity; place++) growth.grow();
  return growthEvaluation(growth, servers, problem.targets);
}

function noPoolFound(maxServers: number): never {
  throw new QueueingInputError(
    'maxServers',
    `no pool of up to ${maxServers} servers meets the targets; relax the targets or raise maxServers`,
    maxServers,
  );
}

interface Problem {
  arrivalRate: number;
  meanServiceTime: number;
  offeredLoad: number;
  targets: Targets;
  maxServers: number;
}

/** Walks the Erlang B recursion upwards and returns the first size that meets the targets. */
function scanUpwards(
  problem: Problem,
  figuresAt: (servers: number, blocking: number) => PoolEvaluation,
): { chosen: PoolEvaluation; previous: PoolEvaluation | null } {
  let blocking = 1;
  let previous: PoolEvaluation | null = null;
  for (let servers = 1; servers <= problem.maxServers; servers++) {
    const carried = problem.offeredLoad * blocking;
    blocking = carried / (servers + carried);
    const current = figuresAt(servers, blocking);
    if (meets(current)) return { chosen: current, previous };
    previous = current;
  }
  return noPoolFound(problem.maxServers);
}

/**
 * Smallest `servers` in (`low`, `high`] for which `fits` holds, given that it fails at `low`
 * (or `low` = 0) and, once it holds, holds for every larger size (both checked for M/M/c/K:
 * blocking and mean wait both fall as servers grow at a fixed queue size).
 */
function firstFitting(low: number, high: number, fits: (servers: number) => boolean): number {
  let bad = low;
  let good = high;
  while (good - bad > 1) {
    const middle = bad + Math.floor((good - bad) / 2);
    if (fits(middle)) good = middle;
    else bad = middle;
  }
  return good;
}

function sizeFixedQueue(problem: Problem, queueCapacity: number): { chosen: PoolEvaluation; previous: PoolEvaluation | null } {
  const limit = Math.min(problem.maxServers, MAX_CAPACITY - queueCapacity);
  if (limit < 1) noPoolFound(problem.maxServers);
  const table = new ErlangBTable(problem.offeredLoad);
  const at = (servers: number): PoolEvaluation => boundedFigures(problem, table, servers, queueCapacity);
  let low = 0;
  let high = Math.min(limit, Math.max(1, Math.ceil(problem.offeredLoad)));
  while (!meets(at(high))) {
    if (high === limit) noPoolFound(limit);
    low = high;
    high = Math.min(limit, high * 2);
  }
  const servers = firstFitting(low, high, (candidate) => meets(at(candidate)));
  return { chosen: at(servers), previous: servers > 1 ? at(servers - 1) : null };
}

interface QueueSearch {
  /** The smallest queue meeting both targets at this size, or the last one tried. */
  evaluation: PoolEvaluation;
  fits: boolean;
}

/**
 * For a fixed pool, the smallest queue that meets the blocking target, provided the mean wait
 * there also meets its target. Blocking falls and mean wait rises as the queue grows, so once
 * the wait target is missed no larger queue helps. O(1) per queue place tried.
 */
function smallestQueue(problem: Problem, table: ErlangBTable, servers: number): QueueSearch {
  const targetBlocking = problem.targets.blocking ?? 0;
  const growth = startGrowth(problem, table, servers);
  // Even an endless queue carries at most c Erlangs, so blocking stays above 1 − c/a.
  const hopeless = problem.offeredLoad > servers && 1 - servers / problem.offeredLoad > targetBlocking;
  const limit = MAX_CAPACITY - servers;
  for (;;) {
    const evaluation = growthEvaluation(growth, servers, problem.targets);
    if (evaluation.meetsBlocking === true) return { evaluation, fits: meets(evaluation) };
    if (hopeless || evaluation.meetsWait === false || growth.queueCapacity >= limit) return { evaluation, fits: false };
    growth.grow();
  }
}

function sizeAutoQueue(
  problem: Problem,
  targetBlocking: number,
): { chosen: PoolEvaluation; previous: PoolEvaluation | null; lowerBound: number } {
  const lowerBound = Math.max(1, ceilTolerant(problem.offeredLoad * (1 - targetBlocking)));
  const limit = Math.min(problem.maxServers, MAX_CAPACITY - 1);
  const tooBig = (): never => {
    if (limit < problem.maxServers) {
      throw new QueueingInputError(
        'queueCapacity',
        `queueCapacity 'auto' handles pools of up to ${limit.toLocaleString('en-US')} servers and this load needs more; use queueCapacity 0 or 'unbounded'`,
        'auto',
      );
    }
    return noPoolFound(limit);
  };
  if (lowerBound > limit) tooBig();
  const table = new ErlangBTable(problem.offeredLoad);
  // With no queue the wait is 0, so the smallest loss pool meeting the blocking target (Erlang B)
  // meets both targets and bounds the search from above.
  let high = lowerBound;
  while (high < limit && table.blockingAt(high) > targetBlocking) high++;
  const fits = (servers: number): boolean => smallestQueue(problem, table, servers).fits;
  if (!fits(high)) tooBig();
  const servers = firstFitting(lowerBound - 1, high, fits);
  const chosen = smallestQueue(problem, table, servers).evaluation;
  const previous = servers > 1 ? smallestQueue(problem, table, servers - 1).evaluation : null;
  return { chosen, previous, lowerBound };
}

/**
 * Finds the smallest pool (and, with `queueCapacity: 'auto'`, the smallest queue) that meets a
 * blocking target and/or a mean-wait target, and returns the reasoning as steps:
 * the offered load by Little's law, any lower bound, the figures at the chosen size and at one
 * server fewer (which misses a target, proving the choice minimal).
 *
 * Models: no queue → Erlang B; unbounded queue → Erlang C; a fixed or searched queue → M/M/c/K.
 * Example: 16 Erlangs at ≤ 1% blocking with no queue needs 25 slots.
 * @throws QueueingInputError on invalid input or when no pool up to `maxServers` fits.
 */
export function sizePool(input: SizePoolInput): PoolSizing {
  requireInput(input);
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const meanServiceTime = positive('meanServiceTime', input.meanServiceTime);
  const targets: Targets = {
    blocking: input.targetBlocking === undefined ? null : openProbability('targetBlocking', input.targetBlocking),
    meanWait: input.targetMeanWait === undefined ? null : positive('targetMeanWait', input.targetMeanWait),
  };
  if (targets.blocking === null && targets.meanWait === null) {
    throw new QueueingInputError('targetBlocking', 'give targetBlocking, targetMeanWait or both', undefined);
  }
  const maxServers =
    input.maxServers === undefined ? DEFAULT_MAX_SERVERS : whole('maxServers', input.maxServers, 1, MAX_SERVERS);
  const queueChoice = readQueueChoice(input.queueCapacity, targets);
  const offeredLoad = arrivalRate * meanServiceTime;
  if (!Number.isFinite(offeredLoad)) {
    throw new QueueingInputError('arrivalRate', 'arrivalRate × meanServiceTime is too large to compute', arrivalRate);
  }
  const problem: Problem = { arrivalRate, meanServiceTime, offeredLoad, targets, maxServers };

  const steps: SizingStep[] = [
    {
      kind: 'offered-load',
      formula: 'a = λ × S',
      arrivalRate,
      meanServiceTime,
      offeredLoad,
      citation: CITATIONS.little,
    },
  ];
  let result: { chosen: PoolEvaluation; previous: PoolEvaluation | null };
  let fewerQueue: PoolEvaluation | null = null;
  if (queueChoice === 0) {
    result = scanUpwards(problem, (servers, blocking) => lossFigures(offeredLoad, servers, blocking, targets));
  } else if (queueChoice === 'unbounded') {
    steps.push({
      kind: 'lower-bound',
      formula: 'c > a',
      servers: Math.floor(offeredLoad) + 1,
      reason: 'stable-queue',
      citation: CITATIONS.erlangC,
    });
    result = scanUpwards(problem, (servers, blocking) =>
      unboundedFigures(offeredLoad, meanServiceTime, servers, blocking, targets),
    );
  } else if (queueChoice === 'auto') {
    const auto = sizeAutoQueue(problem, targets.blocking ?? 0);
    steps.push({
      kind: 'lower-bound',
      formula: 'c ≥ a·(1 − target blocking)',
      servers: auto.lowerBound,
      reason: 'carried-load',
      citation: CITATIONS.erlangB,
    });
    result = auto;
    const queue = auto.chosen.queueCapacity;
    if (typeof queue === 'number' && queue > 0) {
      const table = new ErlangBTable(offeredLoad);
      fewerQueue = boundedFigures(problem, table, auto.chosen.servers, queue - 1);
    }
  } else {
    result = sizeFixedQueue(problem, queueChoice);
  }

  const { chosen, previous } = result;
  const describe = (role: 'chosen' | 'one-fewer-server' | 'one-fewer-queue-place', evaluation: PoolEvaluation): SizingStep => ({
    kind: 'evaluate',
    role,
    formula: FORMULAS[evaluation.model],
    citation: CITATIONS[evaluation.model === 'erlang-b' ? 'erlangB' : evaluation.model === 'erlang-c' ? 'erlangC' : 'mmck'],
    evaluation,
  });
  steps.push(describe('chosen', chosen));
  if (previous !== null) steps.push(describe('one-fewer-server', previous));
  if (fewerQueue !== null) steps.push(describe('one-fewer-queue-place', fewerQueue));
  finiteResult('arrivalRate', { ...chosen, offeredLoad });
  return { ...chosen, offeredLoad, targets, steps };
}

function readQueueChoice(value: unknown, targets: Targets): number | 'unbounded' | 'auto' {
  if (value === undefined) {
    if (targets.meanWait === null) return 0;
    return targets.blocking === null ? 'unbounded' : 'auto';
  }
  if (value === 'unbounded') return value;
  if (value === 'auto') {
    if (targets.blocking === null || targets.meanWait === null) {
      throw new QueueingInputError(
        'queueCapacity',
        "queueCapacity 'auto' needs both targetBlocking and targetMeanWait: one target alone is met by a queue of 0 or an endless one",
        value,
      );
    }
    return value;
  }
  if (typeof value === 'number') return whole('queueCapacity', value, 0, MAX_CAPACITY - 1);
  throw new QueueingInputError(
    'queueCapacity',
    `queueCapacity must be a whole number of at least 0, 'unbounded' or 'auto' (got ${describeValue(value)})`,
    value,
  );
}

/** Inputs of {@link poolSizeCurve}. */
export interface PoolSizeCurveInput {
  /** λ: calls arriving per second, > 0. */
  arrivalRate: number;
  /** S: mean time a call holds a slot, in seconds, > 0. */
  meanServiceTime: number;
  /** First pool size, a whole number ≥ 1. */
  fromServers: number;
  /** Last pool size (inclusive), ≥ fromServers. */
  toServers: number;
  /** Pool sizes between points, a whole number ≥ 1; default 1. */
  step?: number | undefined;
  /** Waiting places (default 0: no queue) or `'unbounded'`. */
  queueCapacity?: number | 'unbounded' | undefined;
}

/** One point of a sizing chart. Times in seconds. */
export interface PoolSizePoint {
  servers: number;
  /** Share of calls turned away, in [0, 1]. */
  blocking: number;
  /** Mean wait of an admitted call; `null` when an unbounded queue never settles. */
  meanWait: number | null;
  /** Probability an admitted call waits; `null` when an unbounded queue never settles. */
  probabilityOfWait: number | null;
  /** Mean busy slots / c, in [0, 1]. */
  utilization: number;
}

/**
 * Blocking and mean wait for a range of pool sizes, for a chart. At most
 * {@link MAX_CURVE_POINTS} points; use `step` to cover a wider range.
 */
export function poolSizeCurve(input: PoolSizeCurveInput): PoolSizePoint[] {
  requireInput(input);
  const arrivalRate = positive('arrivalRate', input.arrivalRate);
  const meanServiceTime = positive('meanServiceTime', input.meanServiceTime);
  const fromServers = whole('fromServers', input.fromServers, 1, MAX_SERVERS);
  const toServers = whole('toServers', input.toServers, fromServers, MAX_SERVERS);
  const step = input.step === undefined ? 1 : whole('step', input.step, 1, MAX_SERVERS);
  const pointCount = Math.floor((toServers - fromServers) / step) + 1;
  if (pointCount > MAX_CURVE_POINTS) {
    throw new QueueingInputError(
      'step',
      `the range from ${fromServers} to ${toServers} in steps of ${step} gives ${pointCount} points; at most ${MAX_CURVE_POINTS} are allowed, so use a step of at least ${Math.ceil((toServers - fromServers + 1) / MAX_CURVE_POINTS)}`,
      step,
    );
  }
  const queue = input.queueCapacity ?? 0;
  if (queue !== 'unbounded') whole('queueCapacity', queue, 0, MAX_CAPACITY - 1);
  if (typeof queue === 'number' && toServers + queue > MAX_CAPACITY) {
    throw new QueueingInputError(
      'toServers',
      `toServers plus queueCapacity must be at most ${MAX_CAPACITY} (got ${toServers} + ${queue})`,
      toServers,
    );
  }
  const offeredLoad = arrivalRate * meanServiceTime;
  if (!Number.isFinite(offeredLoad)) {
    throw new QueueingInputError('arrivalRate', 'arrivalRate × meanServiceTime is too large to compute', arrivalRate);
  }
  const targets: Targets = { blocking: null, meanWait: null };
  const point = (evaluation: PoolEvaluation): PoolSizePoint => ({
    servers: evaluation.servers,
    blocking: evaluation.blocking,
    meanWait: evaluation.meanWait,
    probabilityOfWait: evaluation.probabilityOfWait,
    utilization: evaluation.utilization,
  });
  const points: PoolSizePoint[] = [];
  if (typeof queue === 'number' && queue > 0) {
    const problem: Problem = { arrivalRate, meanServiceTime, offeredLoad, targets, maxServers: toServers };
    const table = new ErlangBTable(offeredLoad);
    for (let servers = fromServers; servers <= toServers; servers += step) {
      points.push(point(boundedFigures(problem, table, servers, queue)));
    }
    return points;
  }
  let blocking = 1;
  for (let servers = 1; servers <= toServers; servers++) {
    const carried = offeredLoad * blocking;
    blocking = carried / (servers + carried);
    if (servers < fromServers || (servers - fromServers) % step !== 0) continue;
    points.push(
      point(
        queue === 'unbounded'
          ? unboundedFigures(offeredLoad, meanServiceTime, servers, blocking, targets)
          : lossFigures(offeredLoad, servers, blocking, targets),
      ),
    );
  }
  return points;
}

/** Inputs of {@link quickRuleSize}. */
export interface QuickRuleInput {
  /** Calls per second at peak while healthy, > 0. */
  peakArrivalRate: number;
  /** 99th-percentile latency of the call while healthy, in seconds, > 0. */
  p99Latency: number;
  /** Extra slots of breathing room added on top, ≥ 0; default 0. */
  headroomSlots?: number | undefined;
  /** Extra share of breathing room (0.25 = +25%), ≥ 0; default 0. Applied before `headroomSlots`. */
  headroomFraction?: number | undefined;
}

/** The Hystrix rule's figures. */
export interface QuickRuleResult {
  /** Peak rate × p99 latency: calls in flight at peak (Little's law with the p99 as the time). */
  inFlightAtPeak: number;
  /** Slots added as breathing room. */
  headroom: number;
  /** Pool size: inFlightAtPeak + headroom, rounded up, at least 1. */
  size: number;
}

/**
 * The Hystrix wiki's rule of thumb for a thread pool: "requests per second at peak when healthy ×
 * 99th percentile latency in seconds + some breathing room". Example: 30 rps × 0.2 s = 6, plus 4
 * slots of room = 10. A rule of thumb, not a queueing result: see {@link sizePool} for targets.
 */
export function quickRuleSize(input: QuickRuleInput): QuickRuleResult {
  requireInput(input);
  const peakArrivalRate = positive('peakArrivalRate', input.peakArrivalRate);
  const p99Latency = positive('p99Latency', input.p99Latency);
  const headroomSlots = input.headroomSlots === undefined ? 0 : nonNegative('headroomSlots', input.headroomSlots);
  const headroomFraction =
    input.headroomFraction === undefined ? 0 : nonNegative('headroomFraction', input.headroomFraction);
  // Source: Netflix Hystrix wiki, "Configuration", thread-pool sizing rule.
  const inFlightAtPeak = peakArrivalRate * p99Latency;
  const headroom = inFlightAtPeak * headroomFraction + headroomSlots;
  return finiteResult('peakArrivalRate', {
    inFlightAtPeak,
    headroom,
    size: Math.max(1, ceilTolerant(inFlightAtPeak + headroom)),
  });
}
