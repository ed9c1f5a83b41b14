/**
 * The sizing calculator's form and its results, as data: the island only lays them out.
 * All queueing math comes from `src/queueing`.
 */
import {
  erlangB,
  poolSizeCurve,
  quickRuleSize,
  sizePool,
  type PoolEvaluation,
  type PoolSizePoint,
  type PoolSizing,
  type QuickRuleResult,
  type SizingStep,
} from '../../queueing';
import { linearAxis, logAxis } from './chart-scale';
import type { ChartSpec } from './chart-spec';
import { hasErrors, invalidFromError, readNumbers, type FieldMapping, type Invalid } from './form-errors';
import { formatCount, formatDuration, formatMilliseconds, formatNumber, formatPercent, formatPercentDistinct } from './format';
import { simulatorHref } from './simulator-link';
import type { Figure, StepView } from './result-types';
import type { FormSpec } from './url-state';

/** Largest pool the calculator searches. */
export const SIZING_MAX_SERVERS = 100_000;
/** Largest fixed queue the calculator accepts. */
export const SIZING_MAX_QUEUE = 10_000;
/** Most pool sizes drawn on a chart. */
const MAX_CHART_POINTS = 101;

/** URL parameter names of the sizing form (rate in req/s, times in ms, blocking in %). */
export type SizingKey = 'method' | 'rate' | 'mean' | 'block' | 'wait' | 'queue' | 'qsize' | 'p99' | 'headroom';

/** The sizing form: URL parameter names, limits and defaults (16 Erlangs at 1% blocking: 25 slots). */
export const SIZING_FORM: FormSpec<SizingKey> = {
  fields: {
    method: { kind: 'choice', name: 'Method', options: ['model', 'quick'], default: 'model' },
    rate: { kind: 'number', name: 'Arrival rate', rule: { min: 0, minExclusive: true, max: 10_000_000 }, default: '160' },
    mean: { kind: 'number', name: 'Mean service time', rule: { min: 0, minExclusive: true, max: 3_600_000, optional: true }, default: '100' },
    block: { kind: 'number', name: 'Target blocking', rule: { min: 0, minExclusive: true, max: 100, maxExclusive: true, optional: true }, default: '1' },
    wait: { kind: 'number', name: 'Target mean wait', rule: { min: 0, minExclusive: true, max: 3_600_000, optional: true }, default: '' },
    queue: { kind: 'choice', name: 'Queue in front of the pool', options: ['none', 'fixed', 'auto', 'unbounded'], default: 'none' },
    qsize: { kind: 'number', name: 'Queue places', rule: { min: 0, max: SIZING_MAX_QUEUE, integer: true }, default: '10' },
    p99: { kind: 'number', name: 'p99 latency', rule: { min: 0, minExclusive: true, max: 3_600_000, optional: true }, default: '250' },
    headroom: { kind: 'number', name: 'Headroom', rule: { min: 0, max: 1_000_000 }, default: '4' },
  },
  rows: {},
};

/** The pool (and queue) that meets the targets, with the working, charts and a simulator link. */
export interface SizingModelResult {
  status: 'model';
  /** One sentence: the recommendation. */
  headline: string;
  figures: Figure[];
  steps: StepView[];
  charts: ChartSpec[];
  simulate: string | null;
  sizing: PoolSizing;
}

/** The Hystrix rule-of-thumb size, checked with Erlang B when a mean service time is known. */
export interface SizingQuickResult {
  status: 'quick';
  headline: string;
  figures: Figure[];
  steps: StepView[];
  charts: ChartSpec[];
  simulate: string | null;
  quick: QuickRuleResult;
}

/** The sizing result, or what to fix. */
export type SizingOutcome = Invalid<SizingKey> | SizingModelResult | SizingQuickResult;

const MAPPING: Readonly<Record<string, FieldMapping<SizingKey>>> = {
  arrivalRate: { key: 'rate', name: 'Arrival rate' },
  peakArrivalRate: { key: 'rate', name: 'Arrival rate at peak' },
  meanServiceTime: { key: 'mean', name: 'Mean service time' },
  targetBlocking: { key: 'block', name: 'Target blocking' },
  targetMeanWait: { key: 'wait', name: 'Target mean wait' },
  p99Latency: { key: 'p99', name: 'p99 latency' },
  headroomSlots: { key: 'headroom', name: 'Headroom' },
  queueCapacity: { key: 'qsize', name: 'Queue places' },
  offeredLoad: { key: 'rate', name: 'Arrival rate × mean service time' },
};

/** The fields a queueing-targets result depends on, for a message that belongs to none of them. */
const MODEL_FIELDS = 'Arrival rate, Mean service time, Target blocking and Target mean wait';
/** The fields a quick-rule result depends on. */
const QUICK_FIELDS = 'Arrival rate at peak, p99 latency, Headroom and Mean service time';

const slots = (count: number): string => `${formatCount(count)} ${count === 1 ? 'slot' : 'slots'}`;
const places = (count: number): string => `${formatCount(count)} ${count === 1 ? 'place' : 'places'}`;

/** "no queue", "a queue of 7 places", "an unlimited queue". */
export function queuePhrase(queue: number | 'unbounded'): string {
  if (queue === 'unbounded') return 'an unlimited queue';
  return queue === 0 ? 'no queue' : `a queue of ${places(queue)}`;
}

/** Pool sizes to chart around `chosen`: about half as many again on each side, at most {@link MAX_CHART_POINTS}. */
export function chartRange(chosen: number, maxPoints = MAX_CHART_POINTS): { from: number; to: number; step: number } {
  const span = Math.max(10, Math.ceil(chosen * 0.5));
  const step = Math.max(1, Math.ceil((2 * span + 1) / Math.max(3, maxPoints)));
  const below = Math.min(Math.floor((chosen - 1) / step), Math.floor(span / step));
  const above = Math.floor(span / step);
  return { from: chosen - below * step, to: chosen + above * step, step };
}

function targetsPhrase(evaluation: PoolEvaluation, targets: PoolSizing['targets']): string {
  const misses: string[] = [];
  if (!evaluation.stable) return 'the unlimited queue never settles (the load is at least the number of slots)';
  if (evaluation.meetsBlocking === false && targets.blocking !== null) {
    misses.push(`blocking ${formatPercentDistinct(evaluation.blocking, targets.blocking)} is above the ${formatPercent(targets.blocking)} target`);
  }
  if (evaluation.meetsWait === false && targets.meanWait !== null && evaluation.meanWait !== null) {
    misses.push(`the mean wait of ${formatDuration(evaluation.meanWait)} is above the ${formatDuration(targets.meanWait)} target`);
  }
  return misses.join(' and ');
}

function evaluationFigures(evaluation: PoolEvaluation): string {
  const blocking = `blocking ${formatPercent(evaluation.blocking)}`;
  if (!evaluation.stable) return 'the queue grows without limit';
  switch (evaluation.model) {
    case 'erlang-b':
      return `Erlang B gives ${blocking}`;
    case 'erlang-c':
      return `Erlang C gives a ${formatPercent(evaluation.probabilityOfWait ?? 0)} chance of waiting and a mean wait of ${formatDuration(evaluation.meanWait ?? 0)}`;
    case 'mmck':
      return `the M/M/c/K model gives ${blocking} and a mean wait of ${formatDuration(evaluation.meanWait ?? 0)}`;
  }
}

function meetsPhrase(evaluation: PoolEvaluation, targets: PoolSizing['targets']): string {
  const met: string[] = [];
  if (targets.blocking !== null) met.push(`the ${formatPercent(targets.blocking)} blocking target`);
  if (targets.meanWait !== null) met.push(`the ${formatDuration(targets.meanWait)} wait target`);
  return evaluation.meetsBlocking !== false && evaluation.meetsWait !== false ? `This meets ${met.join(' and ')}.` : '';
}

/** The argument of {@link sizePool}, step by step, in words. */
export function describeSteps(sizing: PoolSizing): StepView[] {
  return sizing.steps.map((step: SizingStep): StepView => {
    switch (step.kind) {
      case 'offered-load':
        return {
          title: "Offered load, by Little's law",
          text: `a = λ × S = ${formatNumber(step.arrivalRate)} req/s × ${formatDuration(step.meanServiceTime)} = ${formatNumber(step.offeredLoad)} Erlangs: on average ${formatNumber(step.offeredLoad)} calls would hold a slot at once if none were turned away.`,
          citation: step.citation,
        };
      case 'lower-bound':
        return step.reason === 'stable-queue'
          ? {
              title: 'Lower bound',
              text: `An unlimited queue only settles when there are more slots than Erlangs (c > a), so at least ${slots(step.servers)}.`,
              citation: step.citation,
            }
          : {
              title: 'Lower bound',
              text: `A slot carries at most one Erlang, so the admitted load a × (1 − target blocking) needs at least ${slots(step.servers)}.`,
              citation: step.citation,
            };
      case 'evaluate': {
        const { evaluation } = step;
        const where = `c = ${formatCount(evaluation.servers)} with ${queuePhrase(evaluation.queueCapacity)}`;
        if (step.role === 'chosen') {
          return {
            title: 'The recommended size',
            text: `At ${where}, ${evaluationFigures(evaluation)}. ${meetsPhrase(evaluation, sizing.targets)}`.trim(),
            citation: `${step.formula}. ${step.citation}`,
          };
        }
        const missed = targetsPhrase(evaluation, sizing.targets);
        return {
          title: step.role === 'one-fewer-server' ? 'One slot fewer' : 'One queue place fewer',
          text: `At ${where}, ${missed === '' ? evaluationFigures(evaluation) : missed}, so ${step.role === 'one-fewer-server' ? 'the pool cannot be smaller' : 'the queue cannot be shorter'}.`,
          citation: step.citation,
        };
      }
    }
  });
}

/** Figures of the chosen pool, formatted. */
function sizingFigures(sizing: PoolSizing): Figure[] {
  const figures: Figure[] = [
    { label: 'Pool', value: slots(sizing.servers) },
    { label: 'Queue', value: sizing.queueCapacity === 'unbounded' ? 'unlimited' : sizing.queueCapacity === 0 ? 'none' : places(sizing.queueCapacity) },
    { label: 'Offered load', value: `${formatNumber(sizing.offeredLoad)} Erlangs` },
    {
      label: 'Calls turned away',
      value: `${formatPercent(sizing.blocking)}${sizing.targets.blocking === null ? '' : ` (target ${formatPercent(sizing.targets.blocking)})`}`,
    },
  ];
  if (sizing.queueCapacity !== 0) {
    figures.push({
      label: 'Mean wait in the queue',
      value: `${formatDuration(sizing.meanWait ?? 0)}${sizing.targets.meanWait === null ? '' : ` (target ${formatDuration(sizing.targets.meanWait)})`}`,
    });
    figures.push({ label: 'Calls that wait', value: formatPercent(sizing.probabilityOfWait ?? 0) });
  }
  figures.push({ label: 'Slot utilisation', value: formatPercent(sizing.utilization) });
  return figures;
}

interface CurveCharts {
  points: readonly PoolSizePoint[];
  chosen: number;
  chosenLabel: string;
  queue: number | 'unbounded';
  targetBlocking: number | null;
  targetWait: number | null;
}

function blockingChart({ points, chosen, chosenLabel, targetBlocking }: CurveCharts): ChartSpec {
  const first = points[0];
  const last = points.at(-1);
  const at = points.find((point) => point.servers === chosen);
  const positive = points.map((point) => point.blocking).filter((value) => value > 0);
  const low = Math.min(...positive, targetBlocking ?? 1, 1);
  const high = Math.max(...positive, targetBlocking ?? 0, 1e-9);
  const y = logAxis(low, high, 6);
  const x = linearAxis(first?.servers ?? 1, last?.servers ?? 2, { count: 6, tight: true, integer: true });
  const summary =
    `Blocking falls from ${formatPercent(first?.blocking ?? 0)} with ${slots(first?.servers ?? 0)} to ${formatPercent(last?.blocking ?? 0)} with ${slots(last?.servers ?? 0)}. ` +
    `${chosenLabel}: ${slots(chosen)}, blocking ${formatPercent(at?.blocking ?? 0)}` +
    (targetBlocking === null ? '.' : `, against a target of ${formatPercent(targetBlocking)} (dashed line).`) +
    (y.min > Math.min(...positive, Infinity) ? ` Values below ${formatPercent(y.min)} are drawn on the bottom edge.` : '');
  return {
    title: 'Blocking versus pool size',
    summary,
    x: { label: 'Pool size (slots)', axis: x, tickLabels: x.ticks.map(formatCount) },
    y: { label: 'Calls turned away (log scale)', axis: y, tickLabels: y.ticks.map((tick) => formatPercent(tick)) },
    series: [{ label: 'Blocking', tone: 'accent', points: points.map((point) => [point.servers, point.blocking] as const) }],
    markers: [{ x: chosen, label: `${chosenLabel}: ${formatCount(chosen)}` }],
    guides: targetBlocking === null ? [] : [{ y: targetBlocking, label: `target ${formatPercent(targetBlocking)}` }],
    table: tableOf(points, chosen, 'Blocking and mean wait for each pool size'),
  };
}

function waitChart({ points, chosen, chosenLabel, targetWait, queue }: CurveCharts): ChartSpec {
  const waitsMs = points.map((point) => (point.meanWait === null ? null : point.meanWait * 1000));
  const positive = waitsMs.filter((value): value is number => value !== null && value > 0);
  const atChosen = waitsMs[points.findIndex((point) => point.servers === chosen)] ?? null;
  const anchor = Math.max(targetWait === null ? 0 : targetWait * 1000, atChosen ?? 0, Math.min(...positive, Infinity), 1e-6);
  const top = Math.min(Math.max(...positive, anchor), anchor * 1000);
  const y = logAxis(Math.min(...positive, targetWait === null ? Infinity : targetWait * 1000, top), top, 6);
  const first = points[0];
  const last = points.at(-1);
  const x = linearAxis(first?.servers ?? 1, last?.servers ?? 2, { count: 6, tight: true, integer: true });
  const unstable = points.filter((point) => point.meanWait === null);
  const firstStable = points.find((point) => point.meanWait !== null);
  const summary =
    `The mean wait of admitted calls falls as the pool grows, from ${formatDuration(firstStable?.meanWait ?? 0)} with ${slots(firstStable?.servers ?? 0)} to ${formatDuration(last?.meanWait ?? 0)} with ${slots(last?.servers ?? 0)}. ` +
    `${chosenLabel}: ${slots(chosen)}, mean wait ${formatMilliseconds(atChosen ?? 0)}` +
    (targetWait === null ? '.' : `, against a target of ${formatDuration(targetWait)} (dashed line).`) +
    (unstable.length > 0 ? ` With ${queuePhrase(queue)}, ${slots(unstable.at(-1)?.servers ?? 0)} or fewer never settle, so no wait is drawn there.` : '');
  return {
    title: 'Mean wait versus pool size',
    summary,
    x: { label: 'Pool size (slots)', axis: x, tickLabels: x.ticks.map(formatCount) },
    y: { label: 'Mean wait in the queue (log scale)', axis: y, tickLabels: y.ticks.map(formatMilliseconds) },
    series: [{ label: 'Mean wait', tone: 'warning', points: points.map((point, index) => [point.servers, waitsMs[index] ?? null] as const) }],
    markers: [{ x: chosen, label: `${chosenLabel}: ${formatCount(chosen)}` }],
    guides: targetWait === null ? [] : [{ y: targetWait * 1000, label: `target ${formatDuration(targetWait)}` }],
    table: tableOf(points, chosen, 'Mean wait and blocking for each pool size'),
  };
}

function tableOf(points: readonly PoolSizePoint[], chosen: number, caption: string): ChartSpec['table'] {
  return {
    caption,
    head: ['Pool size', 'Blocking', 'Mean wait', 'Utilisation'],
    rows: points.map((point) => [
      formatCount(point.servers),
      formatPercent(point.blocking),
      point.meanWait === null ? 'never settles' : formatDuration(point.meanWait),
      formatPercent(point.utilization),
    ]),
    highlight: points.findIndex((point) => point.servers === chosen),
  };
}

function curveCharts(input: CurveCharts): ChartSpec[] {
  const charts: ChartSpec[] = [];
  if (input.queue !== 'unbounded') charts.push(blockingChart(input));
  if (input.queue !== 0) charts.push(waitChart(input));
  return charts;
}

/** Pool sizes around `chosen` for the charts, keeping the work bounded for long queues. */
function curveAround(rate: number, meanSeconds: number, chosen: number, queue: number | 'unbounded'): PoolSizePoint[] {
  const budget = typeof queue === 'number' && queue > 0 ? Math.floor(2_000_000 / (queue + 1)) : MAX_CHART_POINTS;
  const { from, to, step } = chartRange(chosen, Math.min(MAX_CHART_POINTS, Math.max(3, budget)));
  return poolSizeCurve({ arrivalRate: rate, meanServiceTime: meanSeconds, fromServers: from, toServers: to, step, queueCapacity: queue });
}

function computeModel(values: Readonly<Record<SizingKey, string>>): SizingOutcome {
  const queueChoice = values.queue;
  const keys: SizingKey[] = ['rate', 'mean', 'block', 'wait'];
  if (queueChoice === 'fixed') keys.push('qsize');
  const { numbers, errors } = readNumbers(SIZING_FORM, values, keys, {
    mean: { min: 0, minExclusive: true, max: 3_600_000 },
  });
  const block = numbers.block ?? null;
  const wait = numbers.wait ?? null;
  if (!errors.block && !errors.wait) {
    if (queueChoice === 'none' && block === null) {
      errors.block = 'With no queue nobody waits, so set a target blocking.';
    } else if (queueChoice === 'unbounded' && wait === null) {
      errors.wait = 'With an unlimited queue no call is turned away, so set a target mean wait.';
    } else if (queueChoice === 'auto' && (block === null || wait === null)) {
      errors[block === null ? 'block' : 'wait'] = 'Choosing the queue size needs both targets: a target blocking and a target mean wait.';
    } else if (block === null && wait === null) {
      errors.block = 'Set a target blocking, a target mean wait, or both.';
    }
  }
  if (hasErrors(errors)) return { status: 'invalid', errors, general: null };
  const rate = numbers.rate ?? 0;
  const meanMs = numbers.mean ?? 0;
  const queueCapacity = queueChoice === 'none' ? 0 : queueChoice === 'fixed' ? (numbers.qsize ?? 0) : queueChoice === 'auto' ? 'auto' : 'unbounded';
  try {
    const sizing = sizePool({
      arrivalRate: rate,
      meanServiceTime: meanMs / 1000,
      targetBlocking: block === null ? undefined : block / 100,
      targetMeanWait: wait === null ? undefined : wait / 1000,
      queueCapacity,
      maxServers: SIZING_MAX_SERVERS,
    });
    const points = curveAround(rate, meanMs / 1000, sizing.servers, sizing.queueCapacity);
    return {
      status: 'model',
      headline: `Recommended: ${slots(sizing.servers)} with ${queuePhrase(sizing.queueCapacity)}.`,
      figures: sizingFigures(sizing),
      steps: describeSteps(sizing),
      charts: curveCharts({
        points,
        chosen: sizing.servers,
        chosenLabel: 'Recommended',
        queue: sizing.queueCapacity,
        targetBlocking: sizing.targets.blocking,
        targetWait: sizing.targets.meanWait,
      }),
      simulate: simulatorHref({ rate, meanMs, slots: sizing.servers, queue: sizing.queueCapacity }),
      sizing,
    };
  } catch (error) {
    if (error instanceof Error && 'field' in error && error.field === 'maxServers') {
      return {
        status: 'invalid',
        errors: {},
        general: `No pool of up to ${formatCount(SIZING_MAX_SERVERS)} slots meets these targets. Lower the arrival rate or the mean service time, or raise the target blocking or the target mean wait.`,
      };
    }
    return invalidFromError(error, MAPPING, MODEL_FIELDS);
  }
}

function computeQuick(values: Readonly<Record<SizingKey, string>>): SizingOutcome {
  const { numbers, errors } = readNumbers(
    SIZING_FORM,
    values,
    ['rate', 'p99', 'headroom', 'mean'],
    { p99: { min: 0, minExclusive: true, max: 3_600_000 } },
    // The quick rule asks for the rate at peak, and its form says so.
    { rate: 'Arrival rate at peak' },
  );
  if (hasErrors(errors)) return { status: 'invalid', errors, general: null };
  const rate = numbers.rate ?? 0;
  const p99Ms = numbers.p99 ?? 0;
  const headroom = numbers.headroom ?? 0;
  const meanMs = numbers.mean ?? null;
  try {
    const quick = quickRuleSize({ peakArrivalRate: rate, p99Latency: p99Ms / 1000, headroomSlots: headroom });
    const steps: StepView[] = [
      {
        title: "Calls in flight at peak, by Little's law with the p99",
        text: `${formatNumber(rate)} req/s × ${formatMilliseconds(p99Ms)} = ${formatNumber(quick.inFlightAtPeak)} calls in flight at peak.`,
        citation: 'Netflix Hystrix wiki, "Configuration": requests per second at peak × 99th percentile latency + breathing room',
      },
      {
        title: 'Breathing room',
        text:
          `${formatNumber(quick.inFlightAtPeak)} + ${formatNumber(quick.headroom)} slots of headroom = ` +
          (Math.abs(quick.size - (quick.inFlightAtPeak + quick.headroom)) <= 1e-9 * quick.size
            ? `${slots(quick.size)}.`
            : `${formatNumber(quick.inFlightAtPeak + quick.headroom)}, rounded up to ${slots(quick.size)}.`),
      },
    ];
    const figures: Figure[] = [
      { label: 'Pool', value: slots(quick.size) },
      { label: 'In flight at peak', value: formatNumber(quick.inFlightAtPeak) },
      { label: 'Headroom', value: slots(quick.headroom) },
    ];
    let charts: ChartSpec[] = [];
    if (meanMs !== null) {
      const offeredLoad = (rate * meanMs) / 1000;
      const blocking = erlangB({ offeredLoad, servers: quick.size });
      const fewer = quick.size > 1 ? erlangB({ offeredLoad, servers: quick.size - 1 }) : null;
      steps.push({
        title: 'Check with Erlang B (no queue)',
        text:
          `With a mean service time of ${formatMilliseconds(meanMs)} the offered load is a = ${formatNumber(offeredLoad)} Erlangs, and ${slots(quick.size)} block ${formatPercent(blocking)} of calls` +
          (fewer === null ? '.' : `; ${slots(quick.size - 1)} would block ${formatPercent(fewer)}.`),
        citation: 'Erlang B recursion; Jagerman, Bell Syst. Tech. J. 53(3), 1974',
      });
      figures.push({ label: 'Offered load', value: `${formatNumber(offeredLoad)} Erlangs` }, { label: 'Blocking (Erlang B)', value: formatPercent(blocking) });
      const points = curveAround(rate, meanMs / 1000, quick.size, 0);
      charts = curveCharts({ points, chosen: quick.size, chosenLabel: 'Quick rule', queue: 0, targetBlocking: null, targetWait: null });
    }
    return {
      status: 'quick',
      headline: `Quick rule: ${slots(quick.size)}, no queue.`,
      figures,
      steps,
      charts,
      simulate: meanMs === null ? null : simulatorHref({ rate, meanMs, slots: quick.size, queue: 0 }),
      quick,
    };
  } catch (error) {
    return invalidFromError(error, { ...MAPPING, offeredLoad: { key: 'rate', name: 'Arrival rate at peak × mean service time' } }, QUICK_FIELDS);
  }
}

/** Everything the sizing calculator shows for the text in its form. */
export function computeSizing(values: Readonly<Record<SizingKey, string>>): SizingOutcome {
  return values.method === 'quick' ? computeQuick(values) : computeModel(values);
}
