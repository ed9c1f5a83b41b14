/**
 * Seeded pseudo-random numbers for the simulator.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * from the PractRand suite), seeded through splitmix32 so that nearby seeds give unrelated
 * streams. Every simulation run takes a 32-bit seed and derives one independent substream per
 * purpose (for example "arrivals of search"), which is what makes common random numbers work.
 */

const TWO_POW_32 = 4294967296;
const BUFFER_SIZE = 64;

/**
 * One step of splitmix32: a bijective mixer of a 32-bit state, returning an unsigned 32-bit value.
 * Used for seeding and for hashing seeds together, never as the main generator.
 */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Derives the seed of a named substream from a run seed, e.g. `deriveSeed(42, 'search/arrivals')`.
 * The same (seed, name) pair always gives the same substream, whatever else the run does.
 */
export function deriveSeed(seed: number, name: string): number {
  return mix32((mix32(seed >>> 0) ^ hashString(name)) >>> 0);
}

/** Throws unless `seed` is an integer in [0, 2³²). */
export function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${String(seed)}`);
  }
}

/**
 * sfc32 generator. `next()` returns a uniform float in [0, 1) with 32 bits of resolution.
 * Create one with {@link createRng}. Uniforms are produced 64 at a time into a small buffer, so the
 * per-draw method is tiny (and so inlined by JIT compilers); the sequence is the same as drawing
 * one at a time.
 */
export class Rng {
  /**
   * The four 32-bit state words. A typed array rather than four fields: 32-bit values do not all fit
   * the engine's small-integer range, and storing them in fields would allocate.
   */
  private readonly state = new Int32Array(4);
  private readonly buffer = new Float64Array(BUFFER_SIZE);
  private index = BUFFER_SIZE;

  /** Seeds the four state words from successive splitmix32 outputs of `seed`, then warms up. */
  constructor(seed: number) {
    let s = seed >>> 0;
    const state = this.state;
    state[0] = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    state[1] = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    state[2] = mix32(s);
    s = (s + 0x9e3779b9) | 0;
    state[3] = mix32(s) | 1;
    // The author of sfc32 recommends discarding the first outputs after seeding.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next unsigned 32-bit integer (not buffered: use either this or `next` on one generator). */
  nextUint32(): number {
    const state = this.state;
    const a = state[0] as number;
    const b = state[1] as number;
    const c = state[2] as number;
    const d = state[3] as number;
    const t = (((a + b) | 0) + d) | 0;
    state[3] = (d + 1) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Next uniform float in [0, 1). */
  next(): number {
    const i = this.index;
    if (i < BUFFER_SIZE) {
      this.index = i + 1;
      return this.buffer[i] as number;
    }
    this.refill();
    this.index = 1;
    return this.buffer[0] as number;
  }

  /** Fills the buffer with the next outputs. */
  private refill(): void {
    const state = this.state;
    let a = state[0] as number;
    let b = state[1] as number;
    let c = state[2] as number;
    let d = state[3] as number;
    const buffer = this.buffer;
    for (let i = 0; i < BUFFER_SIZE; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      buffer[i] = (t >>> 0) / TWO_POW_32;
    }
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  }
}

/** Creates a generator for a 32-bit seed (see {@link assertSeed}). */
export function createRng(seed: number): Rng {
  assertSeed(seed);
  return new Rng(seed);
}
