/**
 * The figures of Level 5's queueing lesson, recomputed with `src/queueing` from the inputs the
 * lesson states and looked for, word for word, in the lesson: the same rule, and the same way of
 * writing rows, as queueing-figures.test.ts (read its header), kept in a file of its own.
 *
 * Beside the formulas, the lesson's two simulator embeds make claims about a run ("refused more
 * than twice as often"). Those are checked here too: the presets must have the inputs the lesson
 * states, and a run with the embed's default seed must show what the lesson says it shows.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { extractCodeBlocks } from '../../src/lib/code-blocks';
import {
  QueueingUnstableError,
  erlangA,
  erlangB,
  erlangC,
  finiteSourceQueue,
  mmcWait,
  mmck,
  mmckDistribution,
  retryLoad,
  sizePool,
  timeoutRetryLoad,
} from '../../src/queueing/index';
import { compare, presets, type SimulationSnapshot } from '../../src/sim/index';
import { DEFAULT_SEED } from '../../src/islands/simulator/simulator-state';

const LESSON = '05-mastery/01-queueing-theory';
const FILE = join('content/lessons', `${LESSON}.mdx`);
const source = readFileSync(FILE, 'utf8');
const flat = (text: string): string => text.replace(/\s+/g, ' ');
const text = flat(source);

const B = (a: number, c: number): number => erlangB({ offeredLoad: a, servers: c });
const C = (a: number, c: number): number => erlangC({ offeredLoad: a, servers: c });
/** Smallest pool with an unlimited queue in which at most `target` of calls wait. */
function waitPool(a: number, target: number): number {
  for (let c = Math.floor(a) + 1; ; c += 1) if (C(a, c) <= target) return c;
}
/** M/M/c/K with λ per second, a mean hold of `hold` seconds, c slots and `queue` waiting places. */
const bounded = (rate: number, hold: number, c: number, queue: number) => mmck({ arrivalRate: rate, serviceRate: 1 / hold, servers: c, capacity: c + queue });

const pct = (x: number, digits: number): string => `${(x * 100).toFixed(digits)}%`;
const wholePct = (x: number): string => String(Math.round(x * 100));
const sig3 = (x: number): string => String(Number(x.toPrecision(3)));
const grouped = (n: number): string => n.toLocaleString('en-US');
const ms = (seconds: number): number => seconds * 1000;
function inWords(x: number): string {
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen'];
  const whole = Math.round(x);
  return Math.abs(x - whole) < 1e-9 && names[whole] ? (names[whole] ?? '') : String(x);
}

/** For a quote that is not in the text: the quote, and what the text says where it starts to differ. */
function explainMissing(quote: string): string {
  const words = quote.split(' ');
  for (let count = words.length - 1; count >= 2; count -= 1) {
    const at = text.indexOf(words.slice(0, count).join(' '));
    if (at >= 0) return `expected: "${quote}"\n  the lesson says: "${text.slice(at, at + quote.length + 40)}"`;
  }
  return `expected: "${quote}"\n  (no part of it is in the lesson)`;
}

interface Figure {
  what: string;
  states: () => string[];
  check?: () => void;
}

// The compartment the new sections share: 10 slots, 100 ms calls, 80 calls per second.
const RATE = 80;
const HOLD = 0.1;
const SLOTS = 10;

// The closed-loop embed: 30 clients thinking 250 ms on average, and an open stream at their rate.
const CLOSED = { clients: 30, think: 0.25, openRate: 83 };
const closedLoop = () => finiteSourceQueue({ sources: CLOSED.clients, thinkingRate: 1 / CLOSED.think, serviceRate: 1 / HOLD, servers: SLOTS });

const FIGURES: Figure[] = [
  {
    what: 'Erlang C: 10 slots at λ = 8, μ = 1',
    states: () => {
      const mmc = mmcWait({ arrivalRate: 8, serviceRate: 1, servers: 10 });
      return [`the pool is ${wholePct(mmc.utilization)}% busy, \`C(8, 10) = ${C(8, 10).toFixed(3)}\`, so **${wholePct(C(8, 10))}% of calls wait**, and the mean wait is **${mmc.meanTimeInQueue.toFixed(4)} s**.`];
    },
  },
  {
    what: 'M/M/10/20 at λ = 8, μ = 1: the worked table, the distribution, its neighbours M/M/10/10 and M/M/10, and the buggy W',
    states: () => {
      const r = mmck({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });
      const distribution = mmckDistribution({ arrivalRate: 8, serviceRate: 1, servers: 10, capacity: 20 });
      const peak = Math.max(...distribution);
      const peaks = distribution.flatMap((p, n) => (Math.abs(p - peak) < 1e-12 ? [n] : []));
      const wait = mmcWait({ arrivalRate: 8, serviceRate: 1, servers: 10 }).meanTimeInQueue;
      const buggyW = r.throughput / 1 / r.throughput;
      return [
        `| Blocking \`P_K\` | ${r.blocking.toFixed(4)} (${pct(r.blocking, 2)} of calls rejected) |`,
        `| Admitted rate \`λ_eff\` | ${r.throughput.toFixed(3)} calls/s |`,
        `| Mean in compartment \`L\` | ${r.meanInSystem.toFixed(3)} |`,
        `| Mean waiting \`Lq\` | ${r.meanInQueue.toFixed(3)} |`,
        `| Mean time in compartment \`W\` | **${r.meanTimeInSystem.toFixed(6)} s** |`,
        `| Mean wait \`Wq\` | ${r.meanTimeInQueue.toFixed(6)} s |`,
        `The distribution peaks at ${peaks.join(' and ')} calls in the compartment (about ${(peak * 100).toFixed(1)}% each) and has a long, thin tail out to 20.`,
        `With no queue (M/M/10/10) the same traffic is rejected ${pct(B(8, 10), 2)} of the time; with an unlimited queue (M/M/10) nothing is rejected but the mean wait is ${wait.toFixed(4)} s`,
        `Ten queue places buy a ${inWords(Math.floor(B(8, 10) / r.blocking))}-fold drop in rejections for ${Math.round(ms(r.meanTimeInQueue))} ms of mean wait.`,
        `for the example above the buggy code reports \`W = ${buggyW.toFixed(3)}\` where the truth is **${r.meanTimeInSystem.toFixed(6)}**`,
        `The correct W from the stationary distribution is ${r.meanTimeInSystem.toFixed(3)} s.`,
        `about ${wholePct(r.probabilityOfWait)}% of admitted calls find every slot taken and wait; Wq is ${r.meanTimeInQueue.toFixed(3)} s, not zero.`,
      ];
    },
  },
  {
    what: 'M/M/10/20 with a 100 ms hold at 80/s, and the calculator case it starts from',
    states: () => {
      const r = bounded(RATE, HOLD, SLOTS, 10);
      const sized = sizePool({ arrivalRate: RATE, meanServiceTime: HOLD, targetBlocking: 0.01, queueCapacity: 10 });
      return [
        `called 80 times a second, the load is still ${RATE * HOLD} Erlangs and every probability above is unchanged; \`W\` becomes ${ms(r.meanTimeInSystem).toFixed(1)} ms and \`Wq\` ${sig3(ms(r.meanTimeInQueue))} ms.`,
        `asked for at most 1% rejection with 10 queue places, it finds that ${sized.servers} slots are the smallest pool that meets it, with blocking ${pct(sized.blocking, 2)} and a mean wait of ${sig3(ms(sized.meanWait ?? Number.NaN))} ms.`,
        `<SizingCalculator urlPrefix="size-" initial={{ rate: 80, mean: 100, block: 1, queue: "fixed", qsize: 10 }}`,
      ];
    },
  },
  {
    what: 'Price of isolation: √a headroom at 16 Erlangs in one pool and in four',
    states: () => [`One pool of 16 Erlangs needs headroom for fluctuations of about ${Math.sqrt(16)}; four pools of 4 Erlangs each need headroom for fluctuations of about ${Math.sqrt(4)} *each*, ${4 * Math.sqrt(4)} in all.`],
  },
  {
    what: 'Erlang C square-root staffing: smallest pools for at most about 20% and 7% waiting',
    states: () => {
      const row = (a: number, percentDigits: number): string => {
        const c = waitPool(a, 0.2);
        return `| ${grouped(a)} Erl | ${grouped(c)} | ${(100 * (a / c)).toFixed(percentDigits)}% | ${((c - a) / Math.sqrt(a)).toFixed(2)} |`;
      };
      const [small, middle, large] = [1.6, 16, 160].map((a) => `${waitPool(a, 0.07)} (${wholePct(a / waitPool(a, 0.07))}%`);
      return [
        row(10, 0),
        row(100, 0),
        row(1000, 1),
        `1.6 Erlangs need ${small?.replace(' (', ' slots (')} busy), 16 Erlangs need ${middle}), 160 Erlangs need ${large})`,
        `At about 20% waiting, 10 Erl needs ${waitPool(10, 0.2)} slots (${wholePct(10 / waitPool(10, 0.2))}% busy) and ${grouped(1000)} Erl needs ${grouped(waitPool(1000, 0.2))} (about ${wholePct(1000 / waitPool(1000, 0.2))}% busy).`,
      ];
    },
  },
  {
    what: 'Retries on a fail-fast pool: the Erlang B fixed point at 8 Erlangs, 10 slots, 4 tries',
    states: () => {
      const { lowest } = retryLoad({ offeredLoad: RATE * HOLD, servers: SLOTS, tries: 4 });
      return [
        `10 slots with no queue, 80 calls per second at 100 ms (${RATE * HOLD} Erlangs), up to 4 tries. Without retries it refuses ${pct(B(8, 10), 2)} of calls. With them, the attempts settle at ${lowest.attemptLoad.toFixed(2)} Erlangs, ${Math.round((lowest.amplification - 1) * 100)}% more load, and refuse ${pct(lowest.blocking, 2)} of attempts; only ${pct(lowest.failedShare, 2)} of calls fail all ${inWords(4)} tries.`,
      ];
    },
    check: () => {
      // "Iterating from above … settles at the same point": one settled state.
      const { lowest, highest } = retryLoad({ offeredLoad: 8, servers: 10, tries: 4 });
      expect(highest.attemptLoad).toBeCloseTo(lowest.attemptLoad, 9);
    },
  },
  {
    what: 'Timeouts that retry while the server still serves abandoned attempts: two settled states and a tipping point',
    states: () => {
      const result = timeoutRetryLoad({ arrivalRate: RATE, serviceRate: 1 / HOLD, servers: SLOTS, queueTimeout: 0.25, tries: 3 });
      const settled = result.settled?.attemptRate ?? Number.NaN;
      return [
        `callers wait at most 0.25 s for a slot, then give up and retry, up to 3 tries`,
        `**Healthy:** ${settled.toFixed(2)} attempts per second, ${pct(result.settled?.timeoutShare ?? Number.NaN, 2)} of them timing out.`,
        `so ${result.overloadedAttemptRate} attempts per second arrive at slots that finish ${result.capacity}.`,
        `Between them lies a tipping point at ${(result.tippingAttemptRate ?? Number.NaN).toFixed(2)} attempts per second.`,
        `of 10% caps it at ${RATE * 1.1} attempts per second against ${result.capacity}, so no overloaded state exists.`,
        `The normal load settles healthily at ${settled.toFixed(2)} attempts a second in this model`,
      ];
    },
    check: () => {
      const result = timeoutRetryLoad({ arrivalRate: RATE, serviceRate: 1 / HOLD, servers: SLOTS, queueTimeout: 0.25, tries: 3 });
      expect(result.metastable).toBe(true);
      // A 10% retry budget: attempts at most 1.1 × the calls, below what the slots finish.
      expect(RATE * 1.1).toBeLessThan(result.capacity);
    },
  },
  {
    what: 'Erlang A: 80/s at 100 ms on 10 slots with a mean patience of 250 ms, and at 120/s',
    states: () => {
      const patient = (rate: number) => erlangA({ arrivalRate: rate, serviceRate: 1 / HOLD, servers: SLOTS, abandonmentRate: 1 / 0.25 });
      const at80 = patient(RATE);
      const at120 = patient(120);
      const c = mmcWait({ arrivalRate: RATE, serviceRate: 1 / HOLD, servers: SLOTS });
      return [
        `Same compartment, 80 calls per second at 100 ms on 10 slots, mean patience 250 ms (illustrative): ${pct(at80.probabilityOfWait, 1)} of calls wait, ${pct(at80.probabilityOfAbandon, 1)} give up, and those served wait ${ms(at80.meanWaitOfServed).toFixed(1)} ms on average, against Erlang C's ${wholePct(c.probabilityOfWait)}% and ${ms(c.meanTimeInQueue).toFixed(1)} ms.`,
        `At 120 calls per second, where Erlang C has no answer, ${pct(at120.probabilityOfAbandon, 1)} give up, the slots are ${wholePct(at120.utilization)}% busy and the served wait ${Math.round(ms(at120.meanWaitOfServed))} ms`,
      ];
    },
    check: () => expect(() => mmcWait({ arrivalRate: 120, serviceRate: 1 / HOLD, servers: SLOTS })).toThrow(QueueingUnstableError),
  },
  {
    what: 'Heavy tails: the M/M/10/20 and Erlang B figures both services would have with exponential holding times',
    states: () => [
      `M/M/10/20 says ${pct(bounded(RATE, HOLD, SLOTS, 10).blocking, 2)} rejected for both; Erlang B, for the fail-fast panel, ${pct(B(8, 10), 2)}.`,
      `Failing fast, both stay close to ${pct(B(8, 10), 2)}`,
      `so both are refused about ${pct(B(8, 10), 2)} of the time.`,
    ],
  },
  {
    what: 'Load that changes: M/M/10/20 at the average rate of 70/s plus 50/s for 15 of 55 s, and at the burst rate',
    states: () => {
      const average = 70 + (50 * 15) / 55;
      return [
        `Averaged over the measured 55 s that is ${average.toFixed(1)} calls per second, for which M/M/10/20 predicts ${pct(bounded(average, HOLD, SLOTS, 10).blocking, 2)} rejected.`,
        `where M/M/10/20 at 120 calls per second says ${pct(bounded(120, HOLD, SLOTS, 10).blocking, 2)}.`,
      ];
    },
  },
  {
    what: 'Closed loops: Erlang C at 83 calls/s, and the finite-source M/M/10//30 model of 30 clients thinking 250 ms',
    states: () => {
      const open = mmcWait({ arrivalRate: CLOSED.openRate, serviceRate: 1 / HOLD, servers: SLOTS });
      const closed = closedLoop();
      return [
        `Predict, then run: ${CLOSED.clients} clients each think ${ms(CLOSED.think)} ms on average, then call ${SLOTS} slots of ${ms(HOLD)} ms and wait.`,
        `Beside them an open stream sends ${CLOSED.openRate} calls per second, the rate the clients turn out to send`,
        `Erlang C at ${CLOSED.openRate} calls per second says ${pct(open.probabilityOfWait, 1)} of calls wait, ${ms(open.meanTimeInQueue).toFixed(1)} ms on average.`,
        `The finite-source model (M/M/${SLOTS}//${CLOSED.clients}) predicts ${pct(closed.probabilityOfWaiting, 1)} and ${ms(closed.meanWait).toFixed(1)} ms.`,
      ];
    },
    // "the rate the clients turn out to send"
    check: () => expect(Math.round(closedLoop().throughput)).toBe(CLOSED.openRate),
  },
];

describe('05-01 queueing theory: figures recomputed', () => {
  for (const figure of FIGURES) {
    test(figure.what, () => {
      const missing = figure.states().filter((quote) => !text.includes(flat(quote)));
      expect(missing.map((quote) => explainMissing(flat(quote))), 'the lesson should state each line').toEqual([]);
      figure.check?.();
    });
  }

  test('a changed figure fails', () => {
    expect(text.includes('tipping point at 93.33 attempts')).toBe(true);
    expect(explainMissing('Between them lies a tipping point at 93.34 attempts per second.')).toContain('the lesson says: "Between them lies a tipping point at 93.33');
  });
});

// ---- The simulator embeds: the presets' inputs, and what a run with the default seed shows ------

function rejectedShare(run: SimulationSnapshot | undefined, service: string): number {
  const found = run?.services.find((s) => s.id === service);
  if (!found) throw new Error(`no service ${service}`);
  return found.counts.rejected / found.counts.offered;
}

describe('05-01 queueing theory: the simulator embeds', () => {
  test('variable-service: the inputs the lesson states, and a queue that tells the tails apart while failing fast does not', () => {
    const scenario = presets['variable-service'];
    expect(text).toContain('<PoolSimulator preset="variable-service"');
    const [steady, spiky] = scenario.services;
    expect([steady?.arrival.rate, spiky?.arrival.rate]).toEqual([RATE, RATE]);
    expect(steady?.serviceTime).toEqual({ kind: 'exponential', mean: HOLD });
    expect(spiky?.serviceTime).toMatchObject({ kind: 'lognormal', mean: HOLD, p99: 1 });
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 10, queue: 10 }, { slots: 10, queue: 10 }] });
    expect(scenario.policies['fail-fast']).toMatchObject({ kind: 'semaphore', pools: [{ permits: 10 }, { permits: 10 }] });
    expect(scenario.policies['shared']).toMatchObject({ slots: 20, queue: 20 });

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['partitioned', 'fail-fast'] });
    const queued = runs['partitioned'];
    // "the lognormal service is refused more than twice as often, and its slowest calls take about a second"
    expect(rejectedShare(queued, 'spiky')).toBeGreaterThan(2 * rejectedShare(queued, 'steady'));
    const p99 = queued?.services.find((s) => s.id === 'spiky')?.latency.p99 ?? 0;
    expect(p99).toBeGreaterThan(0.8);
    expect(p99).toBeLessThan(1.3);
    // "Failing fast, both stay close to 12.17%"
    for (const id of ['steady', 'spiky']) expect(Math.abs(rejectedShare(runs['fail-fast'], id) - B(8, 10))).toBeLessThan(0.015);
  });

  test('load-burst: refuses several times the average-rate figure, nearly all during the burst; the long queue waits over a second', () => {
    const scenario = presets['load-burst'];
    expect(text).toContain('<PoolSimulator preset="load-burst"');
    const [api] = scenario.services;
    expect(api?.arrival).toMatchObject({ rate: 70, burst: { start: 20, end: 35, extraRate: 50 } });
    expect(api?.serviceTime).toEqual({ kind: 'exponential', mean: HOLD });
    expect(scenario.duration - scenario.warmup).toBe(55);
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 10, queue: 10 }] });
    expect(scenario.policies['shared']).toMatchObject({ slots: 10, queue: 100 });

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['partitioned', 'shared'] });
    const average = 70 + (50 * 15) / 55;
    const run = runs['partitioned'];
    expect(rejectedShare(run, 'api')).toBeGreaterThan(3 * bounded(average, HOLD, SLOTS, 10).blocking);
    const series = run?.series.services.find((s) => s.id === 'api');
    const times = run?.series.time ?? [];
    let during = 0;
    let all = 0;
    series?.rejected.forEach((count, i) => {
      const t = times[i] ?? 0;
      all += count;
      if (t > 20 && t <= 36) during += count;
    });
    expect(during / all).toBeGreaterThan(0.9);
    // "makes the slowest calls of the burst wait over a second", and "refuses a little less"
    expect(runs['shared']?.services[0]?.latency.p99 ?? 0).toBeGreaterThan(1);
    expect(rejectedShare(runs['shared'], 'api')).toBeLessThan(rejectedShare(run, 'api'));
  });
});

describe('05-01 queueing theory: the metastable retry storm', () => {
  test('metastable-retries: the inputs the lesson states; the short queue recovers after the burst, the long one never does', () => {
    const scenario = presets['metastable-retries'];
    expect(text).toContain('<PoolSimulator preset="metastable-retries"');
    const [api] = scenario.services;
    expect(api?.arrival).toMatchObject({ rate: 80, burst: { start: 20, end: 30, extraRate: 60 } });
    expect(api?.serviceTime).toEqual({ kind: 'exponential', mean: HOLD });
    expect(api?.client).toMatchObject({ timeout: 1, timeoutFreesSlot: false, retries: { count: 3 } });
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: 10, queue: 10 }] });
    expect(scenario.policies['shared']).toMatchObject({ slots: 10, queue: 200 });

    const { runs } = compare(scenario, DEFAULT_SEED, { policies: ['partitioned', 'shared'] });
    const successAfter = (run: SimulationSnapshot | undefined, from: number): number[] => {
      const rates = run?.series.services[0]?.successRate ?? [];
      return (run?.series.time ?? []).flatMap((t, i) => (t > from ? [rates[i] ?? 0] : []));
    };
    // "every call succeeds again within a few seconds of the burst's end"
    expect(Math.min(...successAfter(runs['partitioned'], 35))).toBeGreaterThan(0.95);
    // "from the middle of the burst to the end of the run almost no call succeeds"
    expect(Math.max(...successAfter(runs['shared'], 26))).toBeLessThan(0.05);
    // "Each still takes a slot when its turn comes": most of the work served is for nobody.
    expect(runs['shared']?.services[0]?.counts.orphansServed ?? 0).toBeGreaterThan(runs['shared']?.services[0]?.counts.completed ?? 0);
  });
});

describe('05-01 queueing theory: closed loops', () => {
  test('closed-loop: the inputs the lesson states; the open stream waits as Erlang C says, the clients far less, as the finite-source model says', () => {
    const scenario = presets['closed-loop'];
    expect(text).toContain('<PoolSimulator preset="closed-loop"');
    const [open, closed] = scenario.services;
    expect(open?.arrival).toEqual({ rate: CLOSED.openRate });
    expect(closed?.arrival).toEqual({ rate: 1 / CLOSED.think, clients: CLOSED.clients });
    for (const service of [open, closed]) expect(service?.serviceTime).toEqual({ kind: 'exponential', mean: HOLD });
    // Each on 10 slots with room for every waiting call, so neither refuses one.
    expect(scenario.policies['partitioned']).toMatchObject({ pools: [{ slots: SLOTS, queue: 1000 }, { slots: SLOTS, queue: CLOSED.clients - SLOTS }] });

    const run = compare(scenario, DEFAULT_SEED, { policies: ['partitioned'] }).runs['partitioned'];
    const measured = (id: string) => {
      const found = run?.services.find((s) => s.id === id);
      if (!found || !run) throw new Error(`no service ${id}`);
      return { rate: found.counts.completed / run.measuredTime, waited: found.queueWait.probabilityOfWaiting ?? NaN, wait: found.queueWait.mean ?? NaN, rejected: found.counts.rejected };
    };
    const openRun = measured('open');
    const closedRun = measured('closed');
    const erlang = mmcWait({ arrivalRate: CLOSED.openRate, serviceRate: 1 / HOLD, servers: SLOTS });
    const model = closedLoop();
    // "The open stream waits about as Erlang C says (51% and 33 ms in this run)"
    const inRun = (share: number, seconds: number) => `${wholePct(share)}% and ${Math.round(ms(seconds))} ms in this run`;
    expect(text).toContain(`The open stream waits about as Erlang C says (${inRun(openRun.waited, openRun.wait)})`);
    expect(Math.abs(openRun.waited - erlang.probabilityOfWait)).toBeLessThan(0.05);
    expect(Math.abs(openRun.wait / erlang.meanTimeInQueue - 1)).toBeLessThan(0.2);
    // "The clients send as much, yet 36% of their calls wait, 10 ms on average"
    expect(Math.abs(closedRun.rate - openRun.rate)).toBeLessThan(1);
    expect(text).toContain(`The clients send as much, yet ${wholePct(closedRun.waited)}% of their calls wait, ${Math.round(ms(closedRun.wait))} ms on average`);
    // … as the finite-source model predicts, and well under Erlang C's wait.
    expect(Math.abs(closedRun.waited - model.probabilityOfWaiting)).toBeLessThan(0.02);
    expect(Math.abs(closedRun.wait / model.meanWait - 1)).toBeLessThan(0.1);
    expect(closedRun.wait).toBeLessThan(0.5 * erlang.meanTimeInQueue);
    expect(openRun.rejected + closedRun.rejected).toBe(0);
    // The preset's description: "The second panel puts both in one pool of 20, where both wait less still."
    expect(scenario.description).toContain('one pool of 20, where both wait less still');
    expect(scenario.policies['shared']).toMatchObject({ slots: 2 * SLOTS });
    const pooled = compare(scenario, DEFAULT_SEED, { policies: ['shared'] }).runs['shared'];
    for (const service of pooled?.services ?? []) expect(service.queueWait.mean ?? Infinity).toBeLessThan(closedRun.wait);
  });
});

// ---- The lesson's own code, run ------------------------------------------------------------------

describe("05-01 queueing theory: the lesson's code agrees with src/queueing", () => {
  test('mmck-metrics.ts: agrees to a few parts in 10¹⁵, c = K = 15 up to 5,000 slots with 1,000 places', async () => {
    type Metrics = { blocking: number; meanInSystem: number; meanInQueue: number; meanTimeInSystem: number; meanTimeInQueue: number };
    const block = extractCodeBlocks(FILE, source).find((candidate) => candidate.meta.includes('title="mmck-metrics.ts"'));
    if (!block) throw new Error('the lesson has no mmck-metrics.ts block');
    const js = ts.transpileModule(block.code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const dir = resolve('.tmp/queueing-figures');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `mmck-metrics-mastery-${process.pid}.mjs`);
    writeFileSync(path, js);
    const { mmckMetrics } = (await import(pathToFileURL(path).href)) as { mmckMetrics: (q: { arrivalRate: number; serviceRate: number; servers: number; capacity: number }) => Metrics };
    expect(text).toContain('to within a few parts in 10¹⁵, from `c = K = 15` up to 5,000 slots with 1,000 queue places');
    let worst = 0;
    const cases: Array<[number, number, number]> = [[10, 15, 15], [8, 10, 20], [80, 10, 20], [4_000, 5_000, 6_000], [5_200, 5_000, 6_000], [120, 100, 400]];
    for (const [a, c, k] of cases) {
      const mine = mmckMetrics({ arrivalRate: a, serviceRate: 1, servers: c, capacity: k });
      const reference = mmck({ arrivalRate: a, serviceRate: 1, servers: c, capacity: k });
      for (const key of ['blocking', 'meanInSystem', 'meanInQueue', 'meanTimeInSystem', 'meanTimeInQueue'] as const) {
        worst = Math.max(worst, Math.abs(mine[key] - reference[key]) / Math.max(Math.abs(reference[key]), 1e-300));
      }
      // The two cheap tests the lesson gives: W − Wq = 1/μ, and K = c gives Erlang B.
      expect(mine.meanTimeInSystem - mine.meanTimeInQueue).toBeCloseTo(1, 9);
    }
    expect(mmckMetrics({ arrivalRate: 10, serviceRate: 1, servers: 15, capacity: 15 }).blocking).toBeCloseTo(B(10, 15), 14);
    expect(worst).toBeLessThan(1e-14);
  });
});
