/**
 * Times the heaviest calculator calls against one 60 fps frame (16 ms).
 * Run with `npm run bench:calc`. Each case is warmed up, then timed in batches long enough to
 * measure; the median batch is reported, per call.
 */
import { erlangB, erlangBInverse, mmck, poolSizeCurve, sizePool } from '../../src/queueing';

const FRAME_BUDGET_MS = 16;
const BATCHES = 7;
const MIN_BATCH_MS = 25;

interface Case {
  label: string;
  run: () => unknown;
}

const cases: Case[] = [
  { label: 'erlangB(c=10000)', run: () => erlangB({ offeredLoad: 9_500, servers: 10_000 }) },
  { label: 'erlangB(c=100000)', run: () => erlangB({ offeredLoad: 95_000, servers: 100_000 }) },
  { label: 'erlangBInverse(c=10000, 1%)', run: () => erlangBInverse({ servers: 10_000, targetBlocking: 0.01 }) },
  {
    label: 'mmck(c=5000, K=10000)',
    run: () => mmck({ arrivalRate: 4_900, serviceRate: 1, servers: 5_000, capacity: 10_000 }),
  },
  {
    label: 'sizePool(a=4000, blocking ≤ 0.1%, no queue)',
    run: () => sizePool({ arrivalRate: 2_000, meanServiceTime: 2, targetBlocking: 0.001 }),
  },
  {
    label: 'sizePool(a=4000, wait ≤ 10 ms, unbounded queue)',
    run: () => sizePool({ arrivalRate: 2_000, meanServiceTime: 2, targetMeanWait: 0.01 }),
  },
  {
    label: 'sizePool(a=4000, blocking ≤ 0.1% and wait ≤ 10 ms, queue auto)',
    run: () => sizePool({ arrivalRate: 2_000, meanServiceTime: 2, targetBlocking: 0.001, targetMeanWait: 0.01 }),
  },
  {
    label: 'sizePool(a=4000, blocking ≤ 0.1%, queue 200)',
    run: () => sizePool({ arrivalRate: 2_000, meanServiceTime: 2, targetBlocking: 0.001, queueCapacity: 200 }),
  },
  {
    label: 'poolSizeCurve(200 points to c=4400, queue 200)',
    run: () =>
      poolSizeCurve({ arrivalRate: 2_000, meanServiceTime: 2, fromServers: 3_802, toServers: 4_400, step: 3, queueCapacity: 200 }),
  },
];

/** Keeps results alive so the engine cannot skip the work. */
let sink = 0;

function timeBatch(run: () => unknown, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const result = run();
    sink += typeof result === 'number' ? result : 1;
  }
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function measure(run: () => unknown): number {
  // Warm up, then size the batch so it lasts at least MIN_BATCH_MS.
  let calls = 1;
  while (timeBatch(run, calls) < MIN_BATCH_MS && calls < 1_000_000) calls *= 2;
  const perCall: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) perCall.push(timeBatch(run, calls) / calls);
  return median(perCall);
}

function format(ms: number): string {
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 0.1) return ms.toFixed(2);
  return ms.toFixed(4);
}

console.log(`Calculator timings (median of ${BATCHES} batches, Node ${process.version})`);
let over = 0;
for (const { label, run } of cases) {
  const ms = measure(run);
  const verdict = ms <= FRAME_BUDGET_MS ? 'ok' : 'OVER';
  if (verdict === 'OVER') over++;
  console.log(`${label}: ${format(ms)} ms/call (budget ${FRAME_BUDGET_MS} ms: ${verdict})`);
}
if (sink === Number.NEGATIVE_INFINITY) console.log('unreachable');
console.log(over === 0 ? 'All cases fit in one frame.' : `${over} case(s) over the frame budget.`);
