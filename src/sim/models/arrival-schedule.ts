/**
 * A Poisson arrival process with a piecewise-linear rate: a base rate that may step to a new
 * value at given times, times an optional load curve (a factor that moves linearly between
 * points), plus optional bursts that add extra rate between two times.
 *
 * Arrival times are drawn by inverting the integrated rate: with E a unit exponential, the next
 * arrival after t is the T where ∫ₜᵀ rate(s) ds = E. That is exact for a non-homogeneous Poisson
 * process and uses exactly one uniform per arrival, which keeps common random numbers aligned.
 * On a segment where the rate is r + k·x after x seconds, the integral r·x + k·x²/2 = E is solved
 * as x = 2E / (r + √(r² + 2kE)), a form that loses no digits when k is small.
 */

/** A change of the base rate at a time. */
export interface BaseRateChange {
  /** Time the new base rate starts, seconds. */
  readonly at: number;
  /** New base rate, calls per second (≥ 0). */
  readonly rate: number;
}

/** Extra rate added on [start, end). */
export interface RateBurst {
  /** Start time, seconds. */
  readonly start: number;
  /** End time, seconds (> start). */
  readonly end: number;
  /** Rate added during the burst, calls per second. */
  readonly extraRate: number;
}

/** A point of a load curve: the factor applied to the base rate at a time. */
export interface CurvePoint {
  /** Time, seconds. */
  readonly at: number;
  /** Factor (≥ 0) applied to the base rate; between points it moves linearly. */
  readonly factor: number;
}

/** Piecewise-linear arrival rate with exact inversion. */
export class ArrivalSchedule {
  private baseChanges: BaseRateChange[];
  private readonly bursts: readonly RateBurst[];
  private readonly curve: readonly CurvePoint[];
  private starts: number[] = [];
  /** Total rate at each segment's start. */
  private totals: number[] = [];
  /** Change of the total rate per second within each segment. */
  private slopes: number[] = [];
  private extras: number[] = [];
  private cursor = 0;
  /** The rate when it never changes (one segment), else NaN; lets callers skip `next`. */
  constantRate = NaN;

  /**
   * @param baseRate rate from time 0, calls per second
   * @param changes later base-rate changes (any order)
   * @param bursts additive bursts
   * @param curve load-curve points in time order (flat before the first and after the last); none = factor 1
   */
  constructor(baseRate: number, changes: readonly BaseRateChange[] = [], bursts: readonly RateBurst[] = [], curve: readonly CurvePoint[] = []) {
    this.baseChanges = [{ at: 0, rate: baseRate }, ...changes].sort((x, y) => x.at - y.at);
    this.bursts = bursts;
    this.curve = curve;
    this.rebuild();
  }

  /** Total rate (base + bursts) at time t, calls per second. */
  rateAt(time: number): number {
    const i = this.segmentOf(time);
    return (this.totals[i] as number) + (this.slopes[i] as number) * (time - (this.starts[i] as number));
  }

  /** Burst part of the rate at time t, calls per second. */
  burstRateAt(time: number): number {
    return this.extras[this.segmentOf(time)] as number;
  }

  /** Base rate in force at time t, calls per second. */
  baseRateAt(time: number): number {
    return this.rateAt(time) - this.burstRateAt(time);
  }

  /** Expected number of arrivals in [from, to]: the integral of the rate. */
  hazardBetween(from: number, to: number): number {
    if (!(to > from)) return 0;
    let i = this.segmentOf(from);
    let t = from;
    let total = 0;
    while (t < to) {
      const end = i + 1 < this.starts.length ? (this.starts[i + 1] as number) : Infinity;
      const stop = Math.min(end, to);
      const slope = this.slopes[i] as number;
      const rate = (this.totals[i] as number) + slope * (t - (this.starts[i] as number));
      total += rate * (stop - t) + (slope * (stop - t) * (stop - t)) / 2;
      t = stop;
      i++;
    }
    return total;
  }

  /**
   * Time T ≥ from at which the integrated rate since `from` reaches `hazard`; Infinity if the
   * rate drops to zero for good first.
   */
  next(from: number, hazard: number): number {
    let i = this.segmentOf(from);
    const starts = this.starts;
    const totals = this.totals;
    const slopes = this.slopes;
    const last = starts.length - 1;
    let t = from;
    let remaining = hazard;
    for (;;) {
      const slope = slopes[i] as number;
      const rate = (totals[i] as number) + slope * (t - (starts[i] as number));
      const end = i < last ? (starts[i + 1] as number) : Infinity;
      if (slope === 0) {
        if (rate > 0) {
          const candidate = t + remaining / rate;
          if (candidate < end) return candidate;
          remaining -= rate * (end - t);
        } else if (end === Infinity) {
          return Infinity;
        }
      } else {
        // Within the segment the rate stays ≥ 0 (a curve's factors are), so what it holds is
        // r·d + k·d²/2, and the root below exists whenever that covers the remaining hazard.
        const width = end - t;
        const holds = end === Infinity ? Infinity : rate * width + (slope * width * width) / 2;
        if (remaining < holds) {
          const root = Math.sqrt(Math.max(0, rate * rate + 2 * slope * remaining));
          const candidate = t + (2 * remaining) / (rate + root);
          return candidate < end ? candidate : end;
        }
        remaining -= holds;
      }
      t = end;
      i++;
    }
  }

  /**
   * Sets the base rate from `now` on. Later scheduled base changes (steps) are dropped, bursts are
   * kept.
   */
  setBaseRate(now: number, rate: number): void {
    this.baseChanges = this.baseChanges.filter((change) => change.at < now);
    this.baseChanges.push({ at: now, rate });
    this.rebuild();
  }

  private segmentOf(time: number): number {
    const starts = this.starts;
    let i = this.cursor;
    if (time < (starts[i] as number)) i = 0;
    while (i + 1 < starts.length && (starts[i + 1] as number) <= time) i++;
    this.cursor = i;
    return i;
  }

  private rebuild(): void {
    const points = new Set<number>([0]);
    for (const change of this.baseChanges) points.add(change.at);
    for (const burst of this.bursts) {
      points.add(burst.start);
      points.add(burst.end);
    }
    for (const point of this.curve) points.add(point.at);
    const starts = [...points].filter((t) => t >= 0).sort((x, y) => x - y);
    const totals: number[] = [];
    const slopes: number[] = [];
    const extras: number[] = [];
    let change = 0;
    let base = 0;
    let cursor = 0;
    for (const start of starts) {
      while (change < this.baseChanges.length && (this.baseChanges[change] as BaseRateChange).at <= start) base = (this.baseChanges[change++] as BaseRateChange).rate;
      let extra = 0;
      for (const burst of this.bursts) if (burst.start <= start && start < burst.end) extra += burst.extraRate;
      // Curve points are in time order and so are the starts: walk them together.
      while (cursor + 1 < this.curve.length && (this.curve[cursor + 1] as CurvePoint).at <= start) cursor++;
      const { factor, slope } = this.curve.length === 0 ? { factor: 1, slope: 0 } : this.curveFrom(cursor, start);
      totals.push(base * factor + extra);
      slopes.push(base * slope);
      extras.push(extra);
    }
    // Merge neighbours with equal flat rates so the common constant-rate case takes the fast path.
    const mergedStarts: number[] = [];
    const mergedTotals: number[] = [];
    const mergedSlopes: number[] = [];
    const mergedExtras: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const n = mergedTotals.length;
      if (n > 0 && slopes[i] === 0 && mergedSlopes[n - 1] === 0 && mergedTotals[n - 1] === totals[i] && mergedExtras[n - 1] === extras[i]) continue;
      mergedStarts.push(starts[i] as number);
      mergedTotals.push(totals[i] as number);
      mergedSlopes.push(slopes[i] as number);
      mergedExtras.push(extras[i] as number);
    }
    this.starts = mergedStarts;
    this.totals = mergedTotals;
    this.slopes = mergedSlopes;
    this.extras = mergedExtras;
    this.cursor = 0;
    this.constantRate = mergedStarts.length === 1 && mergedSlopes[0] === 0 ? (mergedTotals[0] as number) : NaN;
  }

  /** The curve's factor at `time` and its slope after it, given the last point at or before it. */
  private curveFrom(index: number, time: number): { factor: number; slope: number } {
    const curve = this.curve;
    const a = curve[index] as CurvePoint;
    if (time < a.at) return { factor: a.factor, slope: 0 };
    const b = curve[index + 1];
    if (!b) return { factor: a.factor, slope: 0 };
    const slope = (b.factor - a.factor) / (b.at - a.at);
    return { factor: a.factor + slope * (time - a.at), slope };
  }
}
