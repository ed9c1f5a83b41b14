/**
 * Metrics for a bulkhead: live counts of running and waiting calls, totals, and nearest-rank
 * percentiles of the time callers waited for a permit.
 */

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
  /** Waiting calls: id → time it joined the queue. */
  private readonly waiting = new Map<string, number>();
  /** Running calls. */
  private readonly running = new Set<string>();
  /** Wait of every call that got a permit, in arrival-at-permit order (unsorted). */
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
    if (this.waiting.has(id)) throw new Error(`call "${id}" is already queued`);
    if (this.running.has(id)) throw new Error(`call "${id}" is already running and cannot queue`);
    this.waiting.set(id, this.clock.now());
  }

  /** A call got a permit, straight away or after waiting in the queue. */
  callStarted(id: string): void {
    if (this.running.has(id)) throw new Error(`call "${id}" is already running`);
    const queuedAt = this.waiting.get(id);
    let wait = 0; // a call that never queued waited 0 ms
    if (queuedAt !== undefined) {
      this.waiting.delete(id);
      wait = Math.max(0, this.clock.now() - queuedAt);
    }
    this.waits.push(wait);
    this.running.add(id);
  }

  /** A call was turned away because the bulkhead and its queue were full. */
  callRejected(): void {
    this.rejected += 1;
  }

  /** A waiting call left the queue without a permit (timed out or aborted). */
  callTimedOut(id: string): void {
    // Timed-out calls never enter the wait statistics.
    if (!this.waiting.delete(id)) throw new Error(`call "${id}" timed out but was not waiting`);
    this.timedOut += 1;
  }

  /** A running call ended. */
  callFinished(id: string, outcome: CallOutcome): void {
    if (outcome !== 'success' && outcome !== 'failure') {
      throw new Error(`call "${id}" finished with unknown outcome ${String(outcome)}`);
    }
    if (!this.running.delete(id)) throw new Error(`call "${id}" finished but was not running`);
    if (outcome === 'success') this.completed += 1;
    else this.failed += 1;
  }

  /** The counters now. */
  snapshot(): MetricsSnapshot {
    return {
      active: this.running.size,
      queued: this.waiting.size,
      rejected: this.rejected,
      timedOut: this.timedOut,
      completed: this.completed,
      failed: this.failed,
    };
  }

  /**
   * The p-th percentile (nearest rank) of the waits of calls that got a permit, in milliseconds;
   * undefined before any call started. Throws a RangeError unless 0 < p <= 100.
   */
  waitPercentile(p: number): number | undefined {
    if (typeof p !== 'number' || !(p > 0 && p <= 100)) {
      throw new RangeError(`percentile must satisfy 0 < p <= 100; got ${String(p)}`);
    }
    const n = this.waits.length;
    if (n === 0) return undefined;
    // Numeric comparator: the default sort would compare the numbers as strings.
    const sorted = [...this.waits].sort((left, right) => left - right);
    // 1-based rank ceil(p/100 × n); computing p × n first keeps integer inputs exact
    // (0.07 × 100 would be 7.000000000000001 and round up to the wrong rank).
    const rank = Math.min(n, Math.max(1, Math.ceil((p * n) / 100)));
    return sorted[rank - 1];
  }
}
