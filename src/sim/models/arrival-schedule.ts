/**
 * A Poisson arrival process with a piecewise-constant rate: a base rate that may step to a new
 * value at given times, plus optional bursts that add extra rate between two times.
 *
 * Arrival times are drawn by inverting the integrated rate: with E a unit exponential, the next
 * arrival after t is the T where ∫ₜᵀ rate(s) ds = E. That is exact for a non-homogeneous Poisson
 * process and uses exactly one uniform per arrival, which keeps common random numbers aligned.
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

/** Piecewise-constant arrival rate with exact inversion. */
export class ArrivalSchedule {
  private baseChanges: BaseRateChange[];
  private readonly bursts: readonly RateBurst[];
  private starts: number[] = [];
  private totals: number[] = [];
  private extras: number[] = [];
  private cursor = 0;
  /** The rate when it never changes (one segment), else NaN; lets callers skip `next`. */
  constantRate = NaN;

  /**
   * @param baseRate rate from time 0, calls per second
   * @param changes later base-rate changes (any order)
   * @param bursts additive bursts
   */
  constructor(baseRate: number, changes: readonly BaseRateChange[] = [], bursts: readonly RateBurst[] = []) {
    this.baseChanges = [{ at: 0, rate: baseRate }, ...changes].sort((x, y) => x.at - y.at);
    this.bursts = bursts;
    this.rebuild();
  }

  /** Total rate (base + bursts) at time t, calls per second. */
  rateAt(time: number): number {
    return this.totals[this.segmentOf(time)] as number;
  }

  /** Burst part of the rate at time t, calls per second. */
  burstRateAt(time: number): number {
    return this.extras[this.segmentOf(time)] as number;
  }

  /** Base rate in force at time t, calls per second. */
  baseRateAt(time: number): number {
    const i = this.segmentOf(time);
    return (this.totals[i] as number) - (this.extras[i] as number);
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
      total += (this.totals[i] as number) * (stop - t);
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
    const last = starts.length - 1;
    if (i === last) {
      const rate = totals[i] as number;
      return rate > 0 ? from + hazard / rate : Infinity;
    }
    let t = from;
    let remaining = hazard;
    for (;;) {
      const rate = totals[i] as number;
      const end = i < last ? (starts[i + 1] as number) : Infinity;
      if (rate > 0) {
        const candidate = t + remaining / rate;
        if (candidate < end) return candidate;
        remaining -= rate * (end - t);
      } else if (end === Infinity) {
        return Infinity;
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
    const starts = [...points].filter((t) => t >= 0).sort((x, y) => x - y);
    const totals: number[] = [];
    const extras: number[] = [];
    for (const start of starts) {
      let base = 0;
      for (const change of this.baseChanges) if (change.at <= start) base = change.rate;
      let extra = 0;
      for (const burst of this.bursts) if (burst.start <= start && start < burst.end) extra += burst.extraRate;
      totals.push(base + extra);
      extras.push(extra);
    }
    // Merge neighbours with equal rates so the common constant-rate case takes the fast path.
    const mergedStarts: number[] = [];
    const mergedTotals: number[] = [];
    const mergedExtras: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const n = mergedTotals.length;
      if (n > 0 && mergedTotals[n - 1] === totals[i] && mergedExtras[n - 1] === extras[i]) continue;
      mergedStarts.push(starts[i] as number);
      mergedTotals.push(totals[i] as number);
      mergedExtras.push(extras[i] as number);
    }
    this.starts = mergedStarts;
    this.totals = mergedTotals;
    this.extras = mergedExtras;
    this.cursor = 0;
    this.constantRate = mergedStarts.length === 1 ? (mergedTotals[0] as number) : NaN;
  }
}
