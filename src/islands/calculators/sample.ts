/**
 * Deterministic samples for pictures: the same seed always draws the same customers, so a
 * shared link shows the same picture.
 */

/** A small seeded generator (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` distinct whole numbers from 0 to `population − 1`, sorted, drawn uniformly (Floyd's
 * algorithm: O(count) draws whatever the population).
 */
export function sampleDistinct(random: () => number, population: number, count: number): number[] {
  const chosen = new Set<number>();
  const size = Math.min(count, population);
  for (let upper = population - size; upper < population; upper++) {
    const pick = Math.floor(random() * (upper + 1));
    chosen.add(chosen.has(pick) ? upper : pick);
  }
  return [...chosen].sort((a, b) => a - b);
}
