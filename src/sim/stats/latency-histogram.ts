/**
 * Latency histogram with bounded relative error, in the spirit of HdrHistogram and DDSketch:
 * buckets grow geometrically by a factor γ = 1.01, so memory is fixed (about 2,800 counters
 * covering 1 µs to 10⁶ s) however many values are recorded.
 *
 * Error bound: a quantile is reported as the geometric midpoint of the bucket that holds the
 * nearest-rank value, clamped to the exact observed minimum and maximum. The reported value is
 * therefore within a factor √γ of the true nearest-rank sample quantile, i.e. a relative error
 * of at most 0.5%. Values below 1 µs fall in the first bucket and above 10⁶ s in the last.
 */

const GROWTH = 1.01;
const LOWEST = 1e-6;
const HIGHEST = 1e6;
const LOG_GROWTH = Math.log(GROWTH);
const INVERSE_LOG_GROWTH = 1 / LOG_GROWTH;
const LOG_LOWEST = Math.log(LOWEST);
const BUCKETS = Math.ceil(Math.log(HIGHEST / LOWEST) * INVERSE_LOG_GROWTH) + 1;

/** Largest relative error of a reported quantile: √1.01 − 1 ≈ 0.499%. */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(GROWTH) - 1;

/** Fixed-size log-bucketed histogram of non-negative values (seconds in the simulator). */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  /** Number of recorded values. */
  count = 0;
  /** Sum of recorded values. */
  sum = 0;
  /** Smallest recorded value (Infinity when empty). */
  min = Infinity;
  /** Largest recorded value (−Infinity when empty). */
  max = -Infinity;

  /** Records one value. */
  record(value: number): void {
    let index = 0;
    if (value > LOWEST) {
      index = ((Math.log(value) - LOG_LOWEST) * INVERSE_LOG_GROWTH) | 0;
      if (index >= BUCKETS) index = BUCKETS - 1;
    }
    this.counts[index] = (this.counts[index] as number) + 1;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /**
   * Nearest-rank quantile q in (0, 1] within {@link HISTOGRAM_RELATIVE_ERROR}, or null when empty.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    const counts = this.counts;
    for (let i = 0; i < BUCKETS; i++) {
      seen += counts[i] as number;
      if (seen >= rank) {
        const midpoint = Math.exp(LOG_LOWEST + (i + 0.5) * LOG_GROWTH);
        return Math.min(this.max, Math.max(this.min, midpoint));
      }
    }
    return this.max;
  }

  /**
   * Several quantiles in one pass over the buckets; `qs` must be in increasing order. Each is as
   * {@link LatencyHistogram.quantile} would report it.
   */
  quantiles(qs: readonly number[]): (number | null)[] {
    if (this.count === 0) return qs.map(() => null);
    const out: (number | null)[] = [];
    const counts = this.counts;
    let seen = 0;
    let i = 0;
    for (const q of qs) {
      const rank = Math.max(1, Math.ceil(q * this.count));
      while (i < BUCKETS && seen + (counts[i] as number) < rank) seen += counts[i++] as number;
      if (i >= BUCKETS) {
        out.push(this.max);
        continue;
      }
      const midpoint = Math.exp(LOG_LOWEST + (i + 0.5) * LOG_GROWTH);
      out.push(Math.min(this.max, Math.max(this.min, midpoint)));
    }
    return out;
  }

  /** Mean of recorded values, or null when empty. */
  mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  /** Forgets every value. */
  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}
