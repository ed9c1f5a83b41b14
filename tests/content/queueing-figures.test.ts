/**
 * Every figure the lessons give from a queueing formula (Erlang B, Erlang C, M/M/c/K, M/M/1, and
 * the Little's-law products they start from), recomputed here with `src/queueing` from the inputs
 * the lesson states, and looked for, word for word, in the lesson.
 *
 * How to read the table: each row names a lesson and builds the sentence, table row or code
 * comment as it must appear there, with the inputs typed in (they are in the quoted text too) and
 * each result computed and rounded the way the lesson rounds it. Change an input in the lesson
 * without its results, or a result without its inputs, and the quote no longer matches: the
 * failure shows what the lesson says there now. The source is matched with runs of white space
 * flattened to one space, Markdown included, so bold markers are part of the quote.
 *
 * Words such as "about", "almost" or "nearly" are checked as stated: "about 14%" is the computed
 * value rounded to whole percent, "almost a third" a share between 0.28 and 1/3.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { extractCodeBlocks } from '../../src/lib/code-blocks';
import {
  QueueingUnstableError,
  erlangB,
  mmcWait,
  mmck,
  priceOfIsolation,
  splitBlocking,
} from '../../src/queueing/index';

const LESSONS = 'content/lessons';
const source = (lesson: string): string => readFileSync(join(LESSONS, `${lesson}.mdx`), 'utf8');
const flat = (text: string): string => text.replace(/\s+/g, ' ');
const flatSources = new Map<string, string>();
function lessonText(lesson: string): string {
  let text = flatSources.get(lesson);
  if (text === undefined) {
    text = flat(source(lesson));
    flatSources.set(lesson, text);
  }
  return text;
}

// ---- The models, in the lessons' terms --------------------------------------------------------

/** B(a, c): share of calls a pool of c slots with no queue turns away at a Erlangs. */
const B = (a: number, c: number): number => erlangB({ offeredLoad: a, servers: c });
/** Smallest pool with no queue that turns away at most `target` of a Erlangs. */
const lossPool = (a: number, target: number): number => priceOfIsolation({ offeredLoad: a, partitions: 1, targetBlocking: target }).pooledServers;
/** Carried load over slots, a(1 − B)/c: the utilisation of a pool with no queue. */
const lossUtilisation = (a: number, c: number): number => (a * (1 - B(a, c))) / c;
/** M/M/c/K with λ per second, a mean hold of `hold` seconds, c slots and `queue` waiting places. */
const bounded = (rate: number, hold: number, c: number, queue: number) => mmck({ arrivalRate: rate, serviceRate: 1 / hold, servers: c, capacity: c + queue });
/** Mean wait in the queue of M/M/1 at utilisation ρ, in service times: ρ/(1 − ρ). */
const mm1Wait = (rho: number): number => mmcWait({ arrivalRate: rho, serviceRate: 1, servers: 1 }).meanTimeInQueue;

// ---- Rounding as the lessons write it --------------------------------------------------------

/** 0.1217 → "12.17%" with 2 digits. */
const pct = (x: number, digits: number): string => `${(x * 100).toFixed(digits)}%`;
/** 0.1589 → "16": whole percent, no sign. */
const wholePct = (x: number): string => String(Math.round(x * 100));
/** Three significant figures, trailing zeros dropped: 350.2 → "350", 14.506 → "14.5". */
const sig3 = (x: number): string => String(Number(x.toPrecision(3)));
/** Up to `digits` decimals, trailing zeros dropped: 2.3333 → "2.33", 4.0000001 → "4". */
const upTo = (x: number, digits: number): string => String(Number(x.toFixed(digits)));
/** Cut (not rounded) to `digits` decimals, as a console prints "0.03649…". */
const cut = (x: number, digits: number): string => (Math.trunc(x * 10 ** digits) / 10 ** digits).toFixed(digits);
/** 1034 → "1,034". */
const grouped = (n: number): string => n.toLocaleString('en-US');
/** A whole number as a word ("eight"); anything not within 10⁻⁹ of one stays in digits, so it cannot match. */
function inWords(x: number): string {
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen'];
  const tens = new Map([[20, 'twenty'], [30, 'thirty'], [40, 'forty']]);
  const whole = Math.round(x);
  const name = names[whole] ?? tens.get(whole);
  return Math.abs(x - whole) < 1e-9 && name ? name : String(x);
}
/** Milliseconds from seconds. */
const ms = (seconds: number): number => seconds * 1000;

// ---- The table ---------------------------------------------------------------------------------

interface Figure {
  lesson: string;
  /** What is computed, and with which model. */
  what: string;
  /** The text as the lesson must state it, results computed. */
  states: () => string[];
  /** Checks on qualitative words ("almost a third", "nearly a second"). */
  check?: () => void;
}

const SHARED_FATE = '01-intuition/01-shared-fate';
const FIRST_SIMULATION = '01-intuition/02-first-simulation';
const MAP = '01-intuition/03-map-of-isolation';
const QUEUE_OR_REJECT = '02-foundation/03-queue-or-reject';
const SIZING = '02-foundation/04-sizing-pools';
const ADAPTIVE = '03-deep-dive/01-adaptive-limits';
const CELLS = '04-expert/01-cell-based-architecture';
const CHAOS = '05-mastery/02-chaos-engineering';
const ECONOMICS = '05-mastery/03-economics-of-isolation';
const CAPSTONE = '05-mastery/05-capstone-incident';

const FIGURES: Figure[] = [
  // 01-01: the shop's shared pool of twelve connections.
  {
    lesson: SHARED_FATE,
    what: "Little's law: searches in flight at 10/s × 2 s, and at 5/s × 2 s",
    states: () => [
      `Ten searches a second at two seconds each means twenty calls in flight, and the pool only has twelve.`,
      `(Five searches a second at two seconds is ten in flight: two connections stay free,`,
    ],
    check: () => {
      expect(10 * 2).toBe(20);
      expect(12 - 5 * 2).toBe(2);
    },
  },
  {
    lesson: SHARED_FATE,
    what: 'Hold times: search slowed from 50 ms to two seconds',
    states: () => [`A search call holds a connection for 50 ms`, `take two seconds instead of fifty milliseconds`, `Search calls now hold their connection ${inWords(2000 / 50)} times longer than before.`],
  },

  // 01-02: the first simulation.
  {
    lesson: FIRST_SIMULATION,
    what: "Little's law: healthy slots busy (200 × 50 ms + 20 × 100 ms + 10 × 200 ms)",
    states: () => [
      `| Search | 200 | 50 ms | 250 ms | ${200 * 0.05} |`,
      `| Checkout | 20 | 100 ms | 400 ms | ${20 * 0.1} |`,
      `| Analytics | 10 | 200 ms | (exponential) | ${10 * 0.2} |`,
      `// about ${(200 * 0.05 + 20 * 0.1 + 10 * 0.2).toFixed(0)} of 30`,
      `About ${200 * 0.05 + 20 * 0.1 + 10 * 0.2} of the 30 shared slots are busy on average. In the partitioned panel search keeps about ${200 * 0.05} of its 18 busy, checkout and analytics about ${20 * 0.1} of their 6 each.`,
    ],
    check: () => expect(20 * 0.1).toBe(10 * 0.2),
  },
  {
    lesson: FIRST_SIMULATION,
    what: "Little's law: hung search calls held 0.5 to 1 s at 200/s, and 30 slots freed only by timeouts",
    states: () => [`search would need between ${200 * 0.5} and ${200 * 1} slots. A pool of 30 that is emptied only by timeouts frees between ${30 / 1} and ${30 / 0.5} slots per second, against 200 search calls arriving.`],
  },
  {
    lesson: FIRST_SIMULATION,
    what: "Little's law: search slowed to 500 ms, and the slowdown the shared pool and search's 18 slots absorb",
    states: () => {
      const others = 20 * 0.1 + 10 * 0.2;
      const left = 30 - others;
      return [
        `Search alone would now keep 200 × 0.5 = **${200 * 0.5}** slots busy.`,
        `Checkout and analytics need about ${others} slots, which leaves ${left} for search. 200 × W = ${left} gives W = ${left / 200} s. **A slowdown of about ${left / 200 / 0.05}× is where the shared pool saturates**`,
        `search's own 18-slot partition only about ${upTo(18 / 200 / 0.05, 1)}× (200 × W = 18 gives W = ${ms(18 / 200)} ms)`,
      ];
    },
  },
  {
    lesson: FIRST_SIMULATION,
    what: 'Offered load and Erlang B: 200/s at 500 ms and at 130 ms; smallest pool for ≤ 1%; B(26, 26)',
    states: () => [
      `200 calls per second at a mean of 500 ms.`,
      `so this is ${200 * 0.5} Erlangs: the slot count from Little's law. Lower the mean service time to 130 ms and the load falls to ${Math.round(200 * 0.13)}, exactly the slots search can have.`,
      `Notice that the calculator then asks for ${lossPool(26, 0.01)} slots, not 26, to turn away at most 1% of calls.`,
      `(with no queue, 26 slots for 26 Erlangs turn away about ${wholePct(B(26, 26))}%)`,
      `<SizingCalculator initial={{ rate: 200, mean: 500, block: 1 }}`,
    ],
  },
  {
    lesson: FIRST_SIMULATION,
    what: 'Exponential tail: share of analytics calls (mean 200 ms) past the 1 s timeout',
    states: () => [`(the chance is e⁻⁵, about ${pct(Math.exp(-1 / 0.2), 1)})`],
  },

  // 01-03: when a bulkhead is not worth it.
  {
    lesson: MAP,
    what: 'Erlang B price of isolation: 4 Erlangs in four (the 16-Erlang example lives in Sizing a pool)',
    states: () => {
      const small = priceOfIsolation({ offeredLoad: 4, partitions: 4, targetBlocking: 0.01 });
      return [
        `at 4 Erlangs split four ways, you need ${small.splitServers} slots where one shared pool would need ${small.pooledServers}.`,
        `The calculator starts at 160 calls per second at 100 ms, which is ${160 * 0.1} Erlangs.`,
        `<IsolationPriceCalculator initial={{ rate: 160, mean: 100, block: 1, parts: 4 }}`,
      ];
    },
  },

  // 02-03: queue or reject.
  {
    lesson: QUEUE_OR_REJECT,
    what: 'M/M/c/K table: 10 permits at 100 ms, 0/10/40/100 places, 80 and 120 calls/s; M/M/c for the unbounded queue',
    states: () => {
      const row = (places: number, label: string): string => {
        const at80 = bounded(80, 0.1, 10, places);
        const at120 = bounded(120, 0.1, 10, places);
        return `| ${label} | ${pct(at80.blocking, 2)} | ${sig3(ms(at80.meanTimeInQueue))} ms | ${pct(at120.blocking, 2)} | ${sig3(ms(at120.meanTimeInQueue))} ms |`;
      };
      return [
        `so it can finish at most ${10 / 0.1} calls a second.`,
        row(0, '0 (fail fast)'),
        row(10, '10'),
        row(40, '40'),
        row(100, '100'),
        `| unbounded | 0 | ${sig3(ms(mmcWait({ arrivalRate: 80, serviceRate: 10, servers: 10 }).meanTimeInQueue))} ms | 0, but the line grows by ${120 - 10 / 0.1} calls every second | grows without limit |`,
      ];
    },
    check: () => {
      expect(() => mmcWait({ arrivalRate: 120, serviceRate: 10, servers: 10 })).toThrow(QueueingUnstableError);
    },
  },
  {
    lesson: QUEUE_OR_REJECT,
    what: 'M/M/c/K at 80% load: refusals with no queue and with ten places, idle share, mean wait',
    states: () => {
      const none = bounded(80, 0.1, 10, 0);
      const ten = bounded(80, 0.1, 10, 10);
      return [
        `a pool with no queue refuses one call in ${inWords(Math.round(1 / none.blocking))} even though its permits sit idle almost a third of the time.`,
        `rejections fall from ${wholePct(none.blocking)}% to under 1%, for an average wait of ${Math.round(ms(ten.meanTimeInQueue))} ms.`,
      ];
    },
    check: () => {
      const idle = 1 - bounded(80, 0.1, 10, 0).utilization;
      expect(idle).toBeGreaterThan(0.28);
      expect(idle).toBeLessThan(1 / 3);
      expect(bounded(80, 0.1, 10, 10).blocking).toBeLessThan(0.01);
    },
  },
  {
    lesson: QUEUE_OR_REJECT,
    what: 'M/M/c/K at 120% load: the refused share is pinned at 1 − 100/120, and 100 places wait nearly a second',
    states: () => [
      `so one call in ${inWords(120 / (120 - 100))} *must* be refused`,
      `the rejection rate is pinned at ${pct(1 - 100 / 120, 2)}`,
      `so 20 of every 120 must be refused whatever the queue size (${pct(20 / 120, 2)}). The queue only adds waiting: about ${sig3(ms(bounded(120, 0.1, 10, 100).meanTimeInQueue))} ms on average in the M/M/c/K model.`,
    ],
    check: () => {
      expect(bounded(120, 0.1, 10, 100).blocking).toBeCloseTo(1 - 100 / 120, 4);
      const wait = bounded(120, 0.1, 10, 100).meanTimeInQueue;
      expect(wait).toBeGreaterThan(0.9); // "queues for nearly a second"
      expect(wait).toBeLessThan(1);
    },
  },
  {
    lesson: QUEUE_OR_REJECT,
    what: "Little's law: the unbounded queue after a minute, and useful places for a 250 ms maximum wait",
    states: () => [
      `so after 60 seconds ${grouped((120 - 100) * 60)} calls are waiting and a new arrival waits about ${((120 - 100) * 60) / 100} seconds for its turn.`,
      `10 permits at 100 ms each hand over a permit about every ${ms(0.1 / 10)} ms.`,
      `With a maximum wait of 250 ms, places beyond about ${250 / ms(0.1 / 10)} are useless`,
    ],
  },

  // 02-04: sizing pools.
  {
    lesson: SIZING,
    what: "Little's law and offered load: 100/s × 0.2 s, and the simulator's three dependencies",
    states: () => [
      `100 × 0.2 = **${100 * 0.2} calls in flight**`,
      `| search | 200 | 50 ms | ${200 * 0.05} Erlangs |`,
      `| checkout | 20 | 100 ms | ${20 * 0.1} Erlangs |`,
      `| analytics | 10 | 200 ms | ${10 * 0.2} Erlangs |`,
      `A pool of exactly 20 permits for 20 Erlangs is full so often that, as we will see, it refuses about **${wholePct(B(20, 20))}%** of calls.`,
    ],
  },
  {
    lesson: SIZING,
    what: 'Hystrix rule: 30/s × 0.2 s, Erlang B for 10 threads at 6 Erlangs, and the bad-day cap',
    states: () => [
      `Its example is 30 requests a second × 0.2 s = ${30 * 0.2}, rounded up to **10** threads.`,
      `so at most ${10 / 1} calls a second get through and the other ${30 - 10} are refused quickly`,
      `If the mean were also 200 ms, the pool of 10 at ${30 * 0.2} Erlangs would still refuse about **${pct(B(6, 10), 1)}** of calls at peak`,
    ],
  },
  {
    lesson: SIZING,
    what: 'Erlang B values in the code comments',
    states: () => [
      `console.log(naiveErlangB(10, 15)); // ${cut(B(10, 15), 5)}…: fine for a small pool`,
      `// Known values: erlangB(10, 15) ≈ ${B(10, 15).toFixed(7)}, erlangB(100, 110) ≈ ${B(100, 110).toFixed(7)}, // erlangB(100, 171) ≈ ${B(100, 171).toExponential(1)} (where the naive formula gave NaN).`,
      `console.log(smallestPool(20, 0.01)); // { servers: ${lossPool(20, 0.01)}, blocking: ${cut(B(20, 30), 5)}… }`,
    ],
  },
  {
    lesson: SIZING,
    what: 'Erlang B worked table at 20 Erlangs: refused share and utilisation a(1 − B)/c for 20 to 35 permits',
    states: () => {
      const row = (c: number, refused: string, bold = false): string => {
        const mark = (text: string): string => (bold ? `**${text}**` : text);
        return `| ${mark(String(c))} | ${mark(refused)} | ${mark(`${wholePct(lossUtilisation(20, c))}%`)} |`;
      };
      const twoDecimals = (c: number): string => row(c, pct(B(20, c), 2));
      return [
        ...[20, 22, 25, 28, 29].map(twoDecimals),
        row(30, pct(B(20, 30), 2), true),
        twoDecimals(33),
        // Below 0.1% the lesson gives two significant figures.
        row(35, `${(B(20, 35) * 100).toPrecision(2)}%`),
      ];
    },
  },
  {
    lesson: SIZING,
    what: 'Erlang B at 20 Erlangs: smallest pools for 1% and 0.1%, what the first and last permits buy, and the bad day at 100 Erlangs',
    states: () => [
      `So a target of **at most 1% refused** needs **${lossPool(20, 0.01)} permits**, because ${lossPool(20, 0.01) - 1} still refuses ${pct(B(20, 29), 2)}. A target of 0.1% needs ${lossPool(20, 0.001)}.`,
      `The offered load becomes 100 × 1 = ${100 * 1} Erlangs, but the pool still has 30 permits, so at most about 30 calls a second get through and Erlang B puts the refused share at **${wholePct(B(100, 30))}%**.`,
      `<SizingCalculator urlPrefix="size-" initial={{ rate: 100, mean: 200, block: 1 }}`,
      `The worked example ran the pool at ${wholePct(lossUtilisation(20, 30))}%.`,
    ],
    check: () => {
      // "going from 20 to 25 removes two thirds of the refusals, going from 30 to 35 removes a fraction of a percent"
      expect(1 - B(20, 25) / B(20, 20)).toBeCloseTo(2 / 3, 1);
      expect(B(20, 30) - B(20, 35)).toBeLessThan(0.01);
    },
  },
  {
    lesson: SIZING,
    what: 'M/M/1 wait ρ/(1 − ρ) in service times at 50% to 95%',
    states: () => [
      `| Mean wait, in service times | ${[0.5, 0.7, 0.8, 0.9, 0.95].map((rho) => upTo(mm1Wait(rho), 2)).join(' | ')} |`,
      `Going from 50% to 90% busy does not double the wait; it multiplies it by ${inWords(mm1Wait(0.9) / mm1Wait(0.5))}.`,
      `ρ / (1 − ρ) = 0.9 / 0.1 = ${upTo(mm1Wait(0.9), 2)}. At 80% it would be ${upTo(mm1Wait(0.8), 2)}, at 95% it would be ${upTo(mm1Wait(0.95), 2)}.`,
    ],
  },
  {
    lesson: SIZING,
    what: 'Erlang B: smallest pool for ≤ 1% and its utilisation at 2 to 200 Erlangs',
    states: () =>
      [2, 10, 20, 100, 200].map((a) => {
        const c = lossPool(a, 0.01);
        return `| ${a} Erlangs | ${c} | ${wholePct(lossUtilisation(a, c))}% |`;
      }).concat(`A pool of ${lossPool(2, 0.01)} has to sit mostly idle to refuse few calls; a pool of ${lossPool(200, 0.01)} can run at ${wholePct(lossUtilisation(200, 221))}% with the same refusal rate.`),
  },
  {
    lesson: SIZING,
    what: 'Erlang B price of isolation at 16 Erlangs: 20 permits shared or split, and pools for ≤ 1%',
    states: () => {
      const same = splitBlocking({ offeredLoad: 16, servers: 20, partitions: 2 });
      const two = priceOfIsolation({ offeredLoad: 16, partitions: 2, targetBlocking: 0.01 });
      const four = priceOfIsolation({ offeredLoad: 16, partitions: 4, targetBlocking: 0.01 });
      return [
        `| One shared pool | 20 | ${pct(same.pooledBlocking, 2)} |`,
        `| Two compartments of 10 | 20 | ${pct(same.splitBlocking, 2)} |`,
        `you need **${two.pooledServers}** permits shared, **${two.splitServers}** split two ways, or **${four.splitServers}** split four ways (four pools of ${four.serversPerPartition} at ${16 / 4} Erlangs each).`,
        `${Math.round(two.extraShare * 100)}% more permits for two walls, ${Math.round(four.extraShare * 100)}% more for four`,
        `<IsolationPriceCalculator urlPrefix="iso-" initial={{ rate: 160, mean: 100, block: 1, parts: 2 }}`,
      ];
    },
    check: () => {
      // "the compartments refuse almost twice as often"
      const ratio = splitBlocking({ offeredLoad: 16, servers: 20, partitions: 2 }).splitBlocking / B(16, 20);
      expect(ratio).toBeGreaterThan(1.8);
      expect(ratio).toBeLessThan(2);
    },
  },
  {
    lesson: SIZING,
    what: 'Erlang B figures in the quiz and the takeaways',
    states: () => [
      `Little's law: L = λW = 50 × 0.3 = ${50 * 0.3}.`,
      `25 permits still refuse about ${wholePct(B(20, 25))}% of calls at 20 Erlangs.`,
      `Erlang B gives ${pct(B(20, 30), 2)} at 30 and ${pct(B(20, 29), 2)} at 29, so 30 is the smallest that meets the target.`,
      `A pool sized to the average is full much of the time: it refuses about ${wholePct(B(20, 20))}% of calls.`,
      `B(100, 171) is about ${B(100, 171).toExponential(0).replace(/e-(\d+)/, (_, power: string) => ` × 10⁻${[...power].map((digit) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(digit)]).join('')}`)}.`,
      `It rises, from about ${pct(B(16, 20), 1)} to about ${pct(B(8, 10), 1)}.`,
      `To stay under 1% you would need ${lossPool(8, 0.01) * 2} permits split, against ${lossPool(16, 0.01)} shared.`,
      `at 16 Erlangs, two compartments of 10 refuse ${pct(B(8, 10), 1)} where one pool of 20 refuses ${pct(B(16, 20), 1)}.`,
    ],
  },

  // 03-01: why a fixed limit goes stale.
  {
    lesson: ADAPTIVE,
    what: "Little's law: the pricing API at 200/s and 200 ms, then 400 ms",
    states: () => [`so it needed 200 × 0.2 = ${200 * 0.2} calls in flight.`, `By Little's law we now need ${200 * 0.4} in flight`],
  },

  // 04-01: what cells cost.
  {
    lesson: CELLS,
    what: 'Erlang B price of isolation: 400 Erlangs over 1 to 32 cells at ≤ 0.1% full',
    states: () => {
      const shares = new Map([[1, '100%'], [2, '50%'], [4, '25%'], [8, '12.5%'], [16, '6.25%'], [32, '3.1%']]);
      const rows = [...shares].map(([cells, share]) => {
        const price = priceOfIsolation({ offeredLoad: 400, partitions: cells, targetBlocking: 0.001 });
        const extra = cells === 1 ? '—' : pct(price.extraShare, 1);
        return `| ${cells} | ${share} | ${price.serversPerPartition} | ${price.splitServers} | ${extra} |`;
      });
      const four = priceOfIsolation({ offeredLoad: 400, partitions: 4, targetBlocking: 0.001 }).splitServers;
      const sixteen = priceOfIsolation({ offeredLoad: 400, partitions: 16, targetBlocking: 0.001 }).splitServers;
      return [
        `a service with 400 requests in flight on average (for example ${grouped(2000)} requests per second at 200 ms each, arriving at random)`,
        ...rows,
        `the total rises from ${four} to ${sixteen} slots for the same ${2000 * 0.2} Erlangs`,
        `<IsolationPriceCalculator initial={{ rate: 2000, mean: 200, block: 0.1, parts: 4 }}`,
      ];
    },
  },

  // 05-01: queueing theory has its rows in queueing-figures-mastery.test.ts.

  // 05-02: inject latency, not just errors.
  {
    lesson: CHAOS,
    what: "Little's law and Erlang B: search's compartment of 15 under fast errors and under 2 s of added latency",
    states: () => [
      `search at 100 calls per second and 50 ms per call keeps ${100 * 0.05} calls in flight. Make every call fail in 5 ms and it keeps ${100 * 0.005} in flight: a 15-slot compartment rejects essentially nothing (Erlang B puts it below 10⁻¹⁶)`,
      `Add 2 seconds instead and search wants ${Math.round(100 * (2 + 0.05))} slots; the same compartment now refuses about ${wholePct(B(205, 15))}% of search calls`,
    ],
    check: () => {
      expect(B(0.5, 15)).toBeLessThan(1e-16);
      expect(B(0.5, 15)).toBeGreaterThan(1e-18); // "below 10⁻¹⁶", not a bound far off
    },
  },

  // 05-03: the cost side of the ledger.
  {
    lesson: ECONOMICS,
    what: 'Erlang B price of isolation at 16 Erlangs in four pools, and what 60% adds to a $60,000 tier',
    states: () => {
      const four = priceOfIsolation({ offeredLoad: 16, partitions: 4, targetBlocking: 0.01 });
      const extra = Math.round(four.extraShare * 100);
      return [
        `four isolated pools need ${extra}% more slots.`,
        `costs $60,000 a year pooled, and isolation adds ${extra}% of it (**$${grouped((60_000 * extra) / 100)}**)`,
      ];
    },
  },

  // 05-05: the capstone incident.
  {
    lesson: CAPSTONE,
    what: "Little's law: the shop's slots before and after search slows to 500 ms",
    states: () => [
      `| Search | 200 | 50 ms | ${200 * 0.05} |`,
      `| Checkout | 20 | 100 ms | ${20 * 0.1} |`,
      `| Analytics | 10 | 200 ms | ${10 * 0.2} |`,
      `Before: 10 + 2 + 2 = ${200 * 0.05 + 20 * 0.1 + 10 * 0.2} slots busy on average, under half the pool. After: search alone needs 200 × 0.5 = ${200 * 0.5} slots, and the whole shop needs ${200 * 0.5 + 20 * 0.1 + 10 * 0.2}, against 30.`,
    ],
    check: () => expect(200 * 0.05 + 20 * 0.1 + 10 * 0.2).toBeLessThan(30 / 2),
  },
  {
    lesson: CAPSTONE,
    what: 'Erlang B sizing: search 10, checkout 2 and analytics 2 Erlangs at ≤ 1%, checkout at ≤ 0.1%, one pool for 14',
    states: () => {
      const row = (name: string, load: number): string => {
        const c = lossPool(load, 0.01);
        return `| ${name} | ${load} Erlangs | ${c} | ${pct(B(load, c), 2)} |`;
      };
      const search = lossPool(10, 0.01);
      const checkout = lossPool(2, 0.001);
      const analytics = lossPool(2, 0.01);
      return [
        `the smallest compartment that refuses at most 1% of search calls has ${search} slots.`,
        `<SizingCalculator urlPrefix="cap-" initial={{ rate: 200, mean: 50, block: 1 }}`,
        row('Search', 200 * 0.05),
        row('Checkout', 20 * 0.1),
        row('Analytics', 10 * 0.2),
        `it then needs ${checkout} slots and refuses ${pct(B(2, checkout), 3)} of calls. That makes ${search} + ${checkout} + ${analytics} = ${search + checkout + analytics} slots in total. One shared pool would meet a 1% target for the same ${10 + 2 + 2} Erlangs with ${lossPool(14, 0.01)}.`,
        `ten slots of headroom`,
      ];
    },
    check: () => expect(lossPool(10, 0.01) + lossPool(2, 0.001) + lossPool(2, 0.01) - lossPool(14, 0.01)).toBe(10),
  },
  {
    lesson: CAPSTONE,
    what: "Erlang B: 10 slots for 10 Erlangs, search's 18 slots at 100 Erlangs, and hung calls freed by a 1 s timeout",
    states: () => [
      `search offers ${200 * 0.5} Erlangs to its 18 slots, and Erlang B puts the share refused at about ${wholePct(B(100, 18))}%.`,
      `So each slot is held for between 0.5 and 1 second, search's 18 slots free between ${18 / 1} and ${18 / 0.5} per second, and that cannot serve 200 calls per second.`,
      `Ten slots for ten Erlangs turn away about ${wholePct(B(10, 10))}% of calls.`,
    ],
  },
  {
    lesson: CAPSTONE,
    what: 'Retries: up to four attempts per search call at 200/s',
    states: () => [`so up to ${1 + 3} × 200 = ${(1 + 3) * 200} attempts a second press on a compartment sized for 200.`],
  },
  {
    lesson: CAPSTONE,
    what: 'Erlang B price of isolation: 14 Erlangs in four cells at ≤ 1%',
    states: () => {
      const cells = priceOfIsolation({ offeredLoad: 14, partitions: 4, targetBlocking: 0.01 });
      return [
        `Split the shop's 14 Erlangs into four cells of ${14 / 4} each and, at the same 1% target, each cell needs ${cells.serversPerPartition} slots: ${cells.splitServers} in all, against ${cells.pooledServers} for one pool, about ${wholePct(cells.extraShare)}% more.`,
      ];
    },
  },
];

describe('queueing figures in the lessons, recomputed', () => {
  for (const figure of FIGURES) {
    test(`${figure.lesson}: ${figure.what}`, () => {
      const text = lessonText(figure.lesson);
      const missing = figure.states().filter((quote) => !text.includes(flat(quote)));
      expect(missing.map((quote) => explainMissing(text, flat(quote))), `${figure.lesson} should state each line`).toEqual([]);
      figure.check?.();
    });
  }

  test('a changed figure fails: the table is matched against the lesson text', () => {
    const text = lessonText(SIZING);
    expect(text.includes(`refuses about **${wholePct(B(20, 20))}%** of calls`)).toBe(true);
    expect(text.includes(`refuses about **${wholePct(B(20, 21))}%** of calls`)).toBe(false);
    expect(explainMissing(text, 'refuses about **15%** of calls')).toContain('the lesson says: "refuses about **16%** of calls');
  });
});

/** For a quote that is not in the text: the quote, and what the text says where it starts to differ. */
function explainMissing(text: string, quote: string): string {
  const words = quote.split(' ');
  for (let count = words.length - 1; count >= 2; count -= 1) {
    const prefix = words.slice(0, count).join(' ');
    const at = text.indexOf(prefix);
    if (at >= 0) return `expected: "${quote}"\n  the lesson says: "${text.slice(at, at + quote.length + 40)}"`;
  }
  return `expected: "${quote}"\n  (no part of it is in the lesson)`;
}

// ---- The lessons' own code, run -----------------------------------------------------------------

/** Compiles one ```ts block of a lesson, as printed, and loads it as a module. */
async function lessonModule<T>(lesson: string, title: string): Promise<T> {
  const file = join(LESSONS, `${lesson}.mdx`);
  const block = extractCodeBlocks(file, source(lesson)).find((candidate) => candidate.meta.includes(`title="${title}"`));
  if (!block) throw new Error(`${lesson} has no ${title} block.`);
  // The blocks print examples with console.log; keep the test output quiet.
  const code = block.code.replace(/^console\.log\(.*\);.*$/gm, '');
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const dir = resolve('.tmp/queueing-figures');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${title.replace(/\W+/g, '-')}-${process.pid}.mjs`);
  writeFileSync(path, js);
  return (await import(pathToFileURL(path).href)) as T;
}

describe("the lessons' queueing code agrees with src/queueing", () => {
  test('02-04 naive-erlang-b.ts: NaN from 155 permits at 100 Erlangs, as stated; fine below', async () => {
    const { naiveErlangB } = await lessonModule<{ naiveErlangB: (a: number, c: number) => number }>(SIZING, 'naive-erlang-b.ts');
    const firstNaN = Array.from({ length: 200 }, (_, c) => c).find((c) => Number.isNaN(naiveErlangB(100, c)));
    expect(firstNaN).toBe(155);
    expect(lessonText(SIZING)).toContain(`At 100 Erlangs, 100¹⁵⁵ already passes that and becomes \`Infinity\`, and 171! does the same.`);
    expect([100 ** 154 < Number.MAX_VALUE, 100 ** 155]).toEqual([true, Infinity]);
    expect(Array.from({ length: 171 - 155 + 1 }, (_, i) => naiveErlangB(100, 155 + i)).every(Number.isNaN)).toBe(true);
    expect(lessonText(SIZING)).toContain(`every pool of ${firstNaN} or more permits at 100 Erlangs comes out as \`NaN\``);
    expect(naiveErlangB(10, 15)).toBeCloseTo(B(10, 15), 12);
  });

  test('02-04 erlang-b.ts: erlangB and smallestPool match src/queueing', async () => {
    const lesson = await lessonModule<{ erlangB: (a: number, c: number) => number; smallestPool: (a: number, target: number) => { servers: number; blocking: number } }>(SIZING, 'erlang-b.ts');
    for (const [a, c] of [[10, 15], [100, 110], [100, 171], [20, 30], [0.5, 15], [400, 450]] as const) {
      expect(lesson.erlangB(a, c)).toBeCloseTo(B(a, c), 14);
    }
    for (const [a, target] of [[20, 0.01], [20, 0.001], [26, 0.01], [400, 0.001]] as const) {
      expect(lesson.smallestPool(a, target).servers).toBe(lossPool(a, target));
    }
  });
});
