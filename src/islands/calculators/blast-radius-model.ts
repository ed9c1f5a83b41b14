/**
 * The blast-radius calculator: plain cells against shuffle sharding for one fleet, with an exact
 * count of shuffle shards and a deterministic sample of two customers' shards.
 */
import {
  MAX_SHARD_NODES,
  QueueingInputError,
  cellFailureImpact,
  combinations,
  fullShardOverlapProbability,
  shardOverlapProbability,
  shuffleShardImpact,
} from '../../queueing';
import { hasErrors, invalidFromError, readNumbers, type FieldMapping, type Invalid } from './form-errors';
import { formatBigInt, formatBigScientific, formatCount, formatNumber, formatOneIn, formatPercent, formatProbability, formatTimes } from './format';
import type { Figure } from './result-types';
import { sampleDistinct, seededRandom } from './sample';
import type { FormSpec } from './url-state';

/** URL parameter names of the blast-radius form. */
export type BlastKey = 'nodes' | 'k' | 'customers' | 'seed';

/** Largest shard size accepted: real shards are a handful of nodes, and this keeps typing fast. */
export const MAX_SHARD = 100;
/** Largest customer count accepted. */
export const MAX_CUSTOMERS = 1_000_000_000;
/** Largest seed accepted. */
export const MAX_SEED = 1_000_000;
/** Exact shard counts with more digits than this are shown rounded, with the digits on request. */
export const EXACT_DIGITS_SHOWN = 40;
/** Overlap probabilities are tabulated for every j only up to this shard size. */
const MAX_TABLE_SHARD = 8;

/** Presets from published examples (AWS Builders' Library; Route 53 as described there). */
export const BLAST_PRESETS = [
  { id: 'builders-library', title: "Builders' Library example: 8 workers, shards of 2", nodes: '8', k: '2' },
  { id: 'route-53', title: 'Route 53: 2,048 virtual name servers, 4 per domain', nodes: '2048', k: '4' },
] as const;

/** The form: the Builders' Library example, with an illustrative 1,000 customers. */
export const BLAST_FORM: FormSpec<BlastKey> = {
  fields: {
    nodes: { kind: 'number', name: 'Nodes', rule: { min: 1, max: MAX_SHARD_NODES, integer: true }, default: '8' },
    k: { kind: 'number', name: 'Shard size', rule: { min: 1, max: MAX_SHARD, integer: true }, default: '2' },
    customers: { kind: 'number', name: 'Customers', rule: { min: 1, max: MAX_CUSTOMERS, integer: true }, default: '1000' },
    seed: { kind: 'number', name: 'Sample number', rule: { min: 0, max: MAX_SEED, integer: true }, default: '1' },
  },
  rows: {},
};

/** Two sample customers' shards, drawn from the seed. */
export interface ShardSample {
  a: number[];
  b: number[];
  shared: number[];
}

/** The exact shard count, shortened when it is very long. */
export interface ShardCountText {
  /** All digits with separators. */
  exact: string;
  /** What to show inline: the exact value, or "≈ 1.23 × 10⁴⁵⁶ (457 digits)". */
  short: string;
  digits: number;
}

/** Shard count, overlap odds and customers hit for cells against shuffle sharding. */
export interface BlastResult {
  status: 'ok';
  headline: string;
  shardCount: ShardCountText;
  figures: Figure[];
  /** P(two random shards share at least j nodes) for j = 1…k, when k is small. */
  overlapTable: { atLeast: number; probability: string; oneIn: string }[] | null;
  /** The sample pair, or `null` while the sample number is invalid. */
  sample: ShardSample | null;
  /** Message for a bad sample number; the other results still show. */
  seedError: string | null;
  nodes: number;
  shardSize: number;
}

/** The blast-radius result, or what to fix. */
export type BlastOutcome = Invalid<BlastKey> | BlastResult;

const MAPPING: Readonly<Record<string, FieldMapping<BlastKey>>> = {
  nodes: { key: 'nodes', name: 'Nodes' },
  shardSize: { key: 'k', name: 'Shard size' },
  k: { key: 'k', name: 'Shard size' },
  n: { key: 'nodes', name: 'Nodes' },
  cells: { key: 'nodes', name: 'Nodes' },
};

/** The fields the result depends on, for a message that belongs to none of them. */
const ALL_FIELDS = 'Nodes, Shard size and Customers';

/** Draws two customers' shards of `shardSize` of `nodes` nodes from `seed`, the same every time. */
export function sampleShards(nodes: number, shardSize: number, seed: number): ShardSample {
  const random = seededRandom(seed);
  const a = sampleDistinct(random, nodes, shardSize);
  const b = sampleDistinct(random, nodes, shardSize);
  const inA = new Set(a);
  return { a, b, shared: b.filter((node) => inA.has(node)) };
}

/** An exact BigInt for display: in full when short, otherwise rounded with its digit count. */
export function shardCountText(count: bigint): ShardCountText {
  const exact = formatBigInt(count);
  const digits = count.toString().length;
  if (digits <= EXACT_DIGITS_SHOWN) return { exact, short: exact, digits };
  return { exact, short: `≈ ${formatBigScientific(count)} (${formatCount(digits)} digits)`, digits };
}

/** "about 250 customers", or a fraction of one; `others` is how many could be hit at all. */
function customersText(count: number, others: number): string {
  if (others === 0) return 'no other customer';
  if (count >= 1) {
    const shown = count >= 10 ? formatCount(Math.round(count)) : formatNumber(count, 2);
    return `about ${shown} ${shown === '1' ? 'customer' : 'customers'}`;
  }
  return count === 0 ? 'far fewer than one customer on average' : `${formatNumber(count)} customers on average (less than one)`;
}

/** A share that may be too small for a number: below about 10⁻³⁰⁸ it reads "below 10⁻³⁰⁰". */
function tinyShare(share: number): string {
  return share > 0 ? formatProbability(share) : 'below 10⁻³⁰⁰';
}

/** "1 in 28", exactly from the count, however large. */
function oneInCount(count: bigint): string {
  return `1 in ${count <= 10n ** 15n ? formatBigInt(count) : formatBigScientific(count)}`;
}

interface ShardFigures {
  shardCount: bigint;
  fullOverlapShare: number;
  anyOverlapShare: number;
  /** How many times smaller the blast radius is than with plain cells, formatted ("7×"). */
  improvement: string;
}

/**
 * The shuffle-shard figures. When the improvement over plain cells is too large for a number
 * (C(n, k) beyond about 10³⁰⁸), it is given from the exact count instead.
 */
function shardFigures(nodes: number, shardSize: number): ShardFigures {
  try {
    const impact = shuffleShardImpact({ nodes, shardSize });
    return { ...impact, improvement: formatTimes(impact.improvement) };
  } catch (error) {
    if (!(error instanceof QueueingInputError) || error.field !== 'nodes') throw error;
    const shardCount = combinations(nodes, shardSize);
    const cells = BigInt(Math.floor(nodes / shardSize));
    return {
      shardCount,
      fullOverlapShare: fullShardOverlapProbability({ nodes, shardSize }),
      anyOverlapShare: shardOverlapProbability({ nodes, shardSize, atLeast: 1 }),
      improvement: `about ${formatBigScientific(shardCount / cells)}×`,
    };
  }
}

/** Everything the blast-radius calculator shows for the text in its form. */
export function computeBlastRadius(values: Readonly<Record<BlastKey, string>>): BlastOutcome {
  const { numbers, errors } = readNumbers(BLAST_FORM, values, ['nodes', 'k', 'customers']);
  const seedRead = readNumbers(BLAST_FORM, values, ['seed']);
  if (!errors.k && !errors.nodes && (numbers.k ?? 0) > (numbers.nodes ?? 0)) {
    errors.k = `Shard size must be at most the number of nodes (${formatCount(numbers.nodes ?? 0)}).`;
  }
  if (hasErrors(errors)) return { status: 'invalid', errors, general: null };
  const nodes = numbers.nodes ?? 1;
  const shardSize = numbers.k ?? 1;
  const customers = numbers.customers ?? 1;
  const seed = seedRead.numbers.seed ?? null;
  try {
    const impact = shardFigures(nodes, shardSize);
    const cells = Math.floor(nodes / shardSize);
    const cellShare = cellFailureImpact({ cells });
    const others = customers - 1;
    const overlapTable =
      shardSize <= MAX_TABLE_SHARD
        ? Array.from({ length: shardSize }, (_, index) => {
            const probability = shardOverlapProbability({ nodes, shardSize, atLeast: index + 1 });
            return { atLeast: index + 1, probability: formatProbability(probability), oneIn: formatOneIn(probability) };
          })
        : null;
    const count = shardCountText(impact.shardCount);
    return {
      status: 'ok',
      headline: `${count.short} possible shuffle shards; one customer's shard failing takes down ${tinyShare(impact.fullOverlapShare)} of the others, against ${formatPercent(cellShare)} with ${formatCount(cells)} plain ${cells === 1 ? 'cell' : 'cells'}.`,
      shardCount: count,
      figures: [
        { label: 'Two customers share all their nodes', value: `${tinyShare(impact.fullOverlapShare)} (${oneInCount(impact.shardCount)})` },
        { label: 'Two customers share at least one node', value: formatProbability(impact.anyOverlapShare) },
        {
          label: `Plain cells (${formatCount(cells)} fixed ${cells === 1 ? 'cell' : 'cells'} of ${formatCount(shardSize)}): one cell fails`,
          value: `${formatPercent(cellShare)} of customers, ${customersText(customers * cellShare, customers)}`,
        },
        {
          label: "Shuffle sharding: one customer's shard fails",
          value: `${tinyShare(impact.fullOverlapShare)} of the others lose every node, ${customersText(others * impact.fullOverlapShare, others)}`,
        },
        {
          label: 'Lose some nodes but keep at least one (if clients retry)',
          value: `${formatProbability(Math.max(0, impact.anyOverlapShare - impact.fullOverlapShare))} of the others, ${customersText(others * Math.max(0, impact.anyOverlapShare - impact.fullOverlapShare), others)}`,
        },
        { label: 'Blast radius, shuffle against plain cells', value: `${impact.improvement} smaller` },
      ],
      overlapTable,
      sample: seed === null ? null : sampleShards(nodes, shardSize, seed),
      seedError: seedRead.errors.seed ?? null,
      nodes,
      shardSize,
    };
  } catch (error) {
    return invalidFromError(error, MAPPING, ALL_FIELDS);
  }
}
