import { AssertionError } from './expect';
import { describeThrown } from './format';

/** A small seeded pseudo-random generator (mulberry32), so "random" schedules repeat exactly. */
export interface SeededRandom {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One item of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of `items` (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * Creates a generator from an integer seed. Same seed, same sequence, in every environment.
 * @param seed - any integer; it is reduced to 32 bits.
 */
export function createRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32 (Tommy Ettinger, public domain): a 32-bit state, good enough for test schedules.
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return Object.freeze<SeededRandom>({
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick(items) {
      if (items.length === 0) throw new RangeError('pick needs a non-empty array');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    shuffle(items) {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = int(0, index);
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy;
    },
  });
}

/**
 * A property check: runs `body` once per seed (1…`runs`) with a fresh generator. The first
 * failure stops the check and its message names the seed, so the case can be replayed.
 * @param runs - how many seeds to try.
 * @param body - the check for one seed; throw (or fail an `expect`) to report a counterexample.
 */
export async function forEachSeed(runs: number, body: (random: SeededRandom) => Promise<void> | void): Promise<void> {
  for (let seed = 1; seed <= runs; seed += 1) {
    try {
      await body(createRandom(seed));
    } catch (error) {
      if (error instanceof AssertionError) {
        const details: { expected?: string; actual?: string } = {};
        if (error.expected !== undefined) details.expected = error.expected;
        if (error.actual !== undefined) details.actual = error.actual;
        throw new AssertionError(`With seed ${seed}: ${error.message}`, details);
      }
      throw new AssertionError(`With seed ${seed}: threw ${describeThrown(error)}`);
    }
  }
}
