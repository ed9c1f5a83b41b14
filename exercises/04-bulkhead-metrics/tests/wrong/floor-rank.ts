// Wrong on purpose — mistake: an off-by-one percentile rank. Using floor(p/100 × n) as a 0-based
// index picks the value one rank too high (p50 of 10, 20, 30, 40 becomes 30).

/** What the metrics need from a clock. Tests pass a virtual clock; the default is the real one. */
export interface Clock {
  /** Current time in milliseconds. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** How a call that ran ended. */
export type CallOutcome = 'success' | 'failure';

/** Counters at one moment. */
export interface MetricsSnapshot {
  /** Calls running now. */
  active: number;
  /** Calls waiting for a permit now. */
  queued: number;
  /** Calls turned away at once because the bulkhead and its queue were full. */
  rejected: number;
  /** Calls that left the queue without a permit (timed out or aborted). */
  timedOut: number;
  /** Calls that ran and succeeded. */
  completed: number;
  /** Calls that ran and failed. */
  failed: number;
}

export class BulkheadMetrics {
  private readonly clock: Clock;
  /** Call id → when it joined the queue. */
  private readonly waitingSince = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly waits: number[] = [];
  private rejected = 0;
  private timedOut = 0;
  private completed = 0;
  private failed = 0;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** A call found every permit taken and joined the queue. */
  callQueued(id: string): void {
    if (this.waitingSince.has(id) || this.running.has(id)) throw new Error(`call "${id}" is already known`);
    this.waitingSince.set(id, this.clock.now());
  }

  /** A call got a permit, straight away or after waiting in the queue. */
  callStarted(id: string): void {
    if (this.running.has(id)) throw new Error(`call "${id}" is already running`);
    const since = this.waitingSince.get(id);
    this.waitingSince.delete(id);
    this.waits.push(since === undefined ? 0 : this.clock.now() - since);
    this.running.add(id);
  }

  /** A call was turned away because the bulkhead and its queue were full. */
  callRejected(): void {
    this.rejected += 1;
  }

  /** A waiting call left the queue without a permit (timed out or aborted). */
  callTimedOut(id: string): void {
    if (!this.waitingSince.delete(id)) throw new Error(`call "${id}" is not waiting`);
    this.timedOut += 1;
  }

  /** A running call ended. */
  callFinished(id: string, outcome: CallOutcome): void {
    if (outcome !== 'success' && outcome !== 'failure') throw new Error(`call "${id}" finished with an unknown outcome ${String(outcome)}`);
    if (!this.running.delete(id)) throw new Error(`call "${id}" is not running`);
    if (outcome === 'success') this.completed += 1;
    else this.failed += 1;
  }

  /** The counters now. */
  snapshot(): MetricsSnapshot {
    return {
      active: this.running.size,
      queued: this.waitingSince.size,
      rejected: this.rejected,
      timedOut: this.timedOut,
      completed: this.completed,
      failed: this.failed,
    };
  }

  /**
   * The p-th percentile (nearest rank) of the waits of calls that got a permit, in milliseconds;
   * undefined before any call started.
   * @param p - a percentile in (0, 100].
   */
  waitPercentile(p: number): number | undefined {
    if (!Number.isFinite(p) || p <= 0 || p > 100) throw new RangeError(`percentile must be in (0, 100], got ${String(p)}`);
    if (this.waits.length === 0) return undefined;
    const sorted = [...this.waits].sort((left, right) => left - right);
    const index = Math.floor((p / 100) * sorted.length);
    return sorted[Math.min(index, sorted.length - 1)];
  }
}
