/**
 * The price-of-isolation calculator: one shared pool against N equal isolated pools for the same
 * traffic and blocking target. All math comes from `src/queueing`.
 */
import { MAX_PARTITIONS, priceOfIsolation, splitBlocking, type PriceOfIsolation } from '../../queueing';
import { linearAxis } from './chart-scale';
import type { ChartSpec } from './chart-spec';
import { hasErrors, invalidFromError, readNumbers, type FieldMapping, type Invalid } from './form-errors';
import { formatCount, formatDuration, formatNumber, formatPercent } from './format';
import type { Figure, StepView } from './result-types';
import { simulatorHref } from './simulator-link';
import type { FormSpec } from './url-state';

/** Largest offered load (Erlangs) the calculator accepts, so every keystroke stays fast. */
export const ISOLATION_MAX_LOAD = 100_000;
/** Largest partition count the calculator accepts. */
export const ISOLATION_MAX_PARTITIONS = Math.min(1_000, MAX_PARTITIONS);
/** Most partition counts drawn on the chart. */
const MAX_CHART_POINTS = 32;

/** URL parameter names of the price-of-isolation form. */
export type IsolationKey = 'rate' | 'mean' | 'block' | 'parts';

/** The form: 160 req/s × 100 ms = 16 Erlangs at 1% blocking, split 4 ways (25 slots against 40). */
export const ISOLATION_FORM: FormSpec<IsolationKey> = {
  fields: {
    rate: { kind: 'number', name: 'Arrival rate', rule: { min: 0, minExclusive: true, max: 10_000_000 }, default: '160' },
    mean: { kind: 'number', name: 'Mean service time', rule: { min: 0, minExclusive: true, max: 3_600_000 }, default: '100' },
    block: { kind: 'number', name: 'Target blocking', rule: { min: 0, minExclusive: true, max: 100, maxExclusive: true }, default: '1' },
    parts: { kind: 'number', name: 'Partitions', rule: { min: 1, max: ISOLATION_MAX_PARTITIONS, integer: true }, default: '4' },
  },
  rows: {},
};

/** Slots for one shared pool against N isolated pools, with the working and a chart. */
export interface IsolationResult {
  status: 'ok';
  headline: string;
  figures: Figure[];
  steps: StepView[];
  chart: ChartSpec;
  simulate: string | null;
  price: PriceOfIsolation;
}

/** The price-of-isolation result, or what to fix. */
export type IsolationOutcome = Invalid<IsolationKey> | IsolationResult;

const MAPPING: Readonly<Record<string, FieldMapping<IsolationKey>>> = {
  offeredLoad: { key: 'rate', name: 'Arrival rate × mean service time' },
  partitions: { key: 'parts', name: 'Partitions' },
  targetBlocking: { key: 'block', name: 'Target blocking' },
  servers: { key: 'rate', name: 'Arrival rate × mean service time' },
};

/** The fields the result depends on, for a message that belongs to none of them. */
const ALL_FIELDS = 'Arrival rate, Mean service time, Target blocking and Partitions';

const slots = (count: number): string => `${formatCount(count)} ${count === 1 ? 'slot' : 'slots'}`;

/** Partition counts for the chart: every count up to a little past `partitions`, or an even spread. */
export function partitionCounts(partitions: number, maxPoints = MAX_CHART_POINTS): number[] {
  const upper = Math.max(8, partitions <= maxPoints - 4 ? partitions + 4 : Math.ceil(partitions * 1.25));
  if (upper <= maxPoints) return Array.from({ length: upper }, (_, index) => index + 1);
  const counts = new Set<number>([1, partitions]);
  for (let index = 0; index < maxPoints - 1; index++) counts.add(Math.max(1, Math.round(1 + (index * (upper - 1)) / (maxPoints - 2))));
  return [...counts].sort((a, b) => a - b);
}

function chartOf(offeredLoad: number, targetBlocking: number, price: PriceOfIsolation, partitions: number): ChartSpec {
  const counts = partitionCounts(partitions);
  const rows = counts.map((count) => ({ count, price: count === partitions ? price : priceOfIsolation({ offeredLoad, partitions: count, targetBlocking }) }));
  const totals = rows.map((row) => row.price.splitServers);
  const x = linearAxis(1, counts.at(-1) ?? 8, { count: 8, tight: true, integer: true });
  const y = linearAxis(0, Math.max(...totals, price.pooledServers), { count: 5 });
  const last = rows.at(-1);
  return {
    title: 'Slots needed versus number of partitions',
    summary:
      `One shared pool needs ${slots(price.pooledServers)} (dashed line). Split into isolated pools, the total grows: ` +
      `${slots(price.splitServers)} for ${formatCount(partitions)} ${partitions === 1 ? 'partition' : 'partitions'}` +
      (last && last.count !== partitions ? ` and ${slots(last.price.splitServers)} for ${formatCount(last.count)}.` : '.'),
    x: { label: 'Partitions (N)', axis: x, tickLabels: x.ticks.map(formatCount) },
    y: { label: 'Slots in total', axis: y, tickLabels: y.ticks.map(formatCount) },
    series: [{ label: 'N isolated pools, total slots', tone: 'accent', dots: true, points: rows.map((row) => [row.count, row.price.splitServers] as const) }],
    markers: [{ x: partitions, label: `N = ${formatCount(partitions)}` }],
    guides: [{ y: price.pooledServers, label: `one shared pool: ${formatCount(price.pooledServers)}` }],
    table: {
      caption: 'Slots needed for each number of partitions',
      head: ['Partitions', 'Slots per pool', 'Slots in total', 'Extra over one pool'],
      rows: rows.map((row) => [
        formatCount(row.count),
        formatCount(row.price.serversPerPartition),
        formatCount(row.price.splitServers),
        `+${formatCount(row.price.extraServers)} (${formatPercent(row.price.extraShare)})`,
      ]),
      highlight: rows.findIndex((row) => row.count === partitions),
    },
  };
}

/** Everything the price-of-isolation calculator shows for the text in its form. */
export function computeIsolation(values: Readonly<Record<IsolationKey, string>>): IsolationOutcome {
  const { numbers, errors } = readNumbers(ISOLATION_FORM, values, ['rate', 'mean', 'block', 'parts']);
  if (hasErrors(errors)) return { status: 'invalid', errors, general: null };
  const rate = numbers.rate ?? 0;
  const meanMs = numbers.mean ?? 0;
  const targetBlocking = (numbers.block ?? 0) / 100;
  const partitions = numbers.parts ?? 1;
  const offeredLoad = (rate * meanMs) / 1000;
  if (offeredLoad > ISOLATION_MAX_LOAD) {
    return {
      status: 'invalid',
      errors: { rate: `Arrival rate × mean service time is ${formatNumber(offeredLoad)} Erlangs; this calculator handles up to ${formatCount(ISOLATION_MAX_LOAD)}.` },
      general: null,
    };
  }
  try {
    const price = priceOfIsolation({ offeredLoad, partitions, targetBlocking });
    const perShared = Math.floor(price.pooledServers / partitions);
    const steps: StepView[] = [
      {
        title: "Offered load, by Little's law",
        text: `a = λ × S = ${formatNumber(rate)} req/s × ${formatDuration(meanMs / 1000)} = ${formatNumber(offeredLoad)} Erlangs.`,
        citation: 'Little, Operations Research 9(3), 1961',
      },
      {
        title: 'One shared pool',
        text: `The smallest c with Erlang B blocking B(${formatNumber(offeredLoad)}, c) ≤ ${formatPercent(targetBlocking)} is ${slots(price.pooledServers)} (blocking ${formatPercent(price.pooledBlocking)}).`,
        citation: 'Erlang B recursion; Jagerman, Bell Syst. Tech. J. 53(3), 1974',
      },
      {
        title: `${formatCount(partitions)} isolated ${partitions === 1 ? 'pool' : 'pools'}`,
        text:
          `Each pool carries a / N = ${formatNumber(offeredLoad / partitions)} Erlangs and needs ${slots(price.serversPerPartition)} to block at most ${formatPercent(targetBlocking)} (it blocks ${formatPercent(price.splitBlocking)}), ` +
          `so ${formatCount(partitions)} × ${formatCount(price.serversPerPartition)} = ${slots(price.splitServers)} in all.`,
      },
      {
        title: 'The price of isolation',
        text: `${formatCount(price.splitServers)} − ${formatCount(price.pooledServers)} = ${formatCount(price.extraServers)} extra ${price.extraServers === 1 ? 'slot' : 'slots'}, ${formatPercent(price.extraShare)} more than one shared pool: small pools lose the pooling effect and need more spare room each.`,
      },
    ];
    if (partitions > 1 && perShared >= 1) {
      const same = splitBlocking({ offeredLoad, servers: perShared * partitions, partitions });
      steps.push({
        title: 'Splitting without adding slots',
        text: `Cutting the shared pool into ${formatCount(partitions)} pools of ${slots(perShared)} (${formatCount(perShared * partitions)} in all) raises blocking from ${formatPercent(same.pooledBlocking)} to ${formatPercent(same.splitBlocking)} in every pool.`,
      });
    }
    return {
      status: 'ok',
      headline: `Isolation costs ${slots(price.extraServers)} (+${formatPercent(price.extraShare)}): ${slots(price.splitServers)} in ${formatCount(partitions)} ${partitions === 1 ? 'pool' : 'pools'} against ${slots(price.pooledServers)} shared.`,
      figures: [
        { label: 'One shared pool', value: `${slots(price.pooledServers)} (blocks ${formatPercent(price.pooledBlocking)})` },
        { label: 'Each isolated pool', value: `${slots(price.serversPerPartition)} (blocks ${formatPercent(price.splitBlocking)})` },
        { label: `All ${formatCount(partitions)} isolated pools`, value: slots(price.splitServers) },
        { label: 'Extra slots', value: `${formatCount(price.extraServers)} (+${formatPercent(price.extraShare)})` },
      ],
      steps,
      chart: chartOf(offeredLoad, targetBlocking, price, partitions),
      simulate: simulatorHref({ rate, meanMs, slots: price.splitServers, queue: 0, partitions, sharedSlots: price.pooledServers }),
      price,
    };
  } catch (error) {
    return invalidFromError(error, MAPPING, ALL_FIELDS);
  }
}
