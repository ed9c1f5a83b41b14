/**
 * Exercise: metrics for a bulkhead.
 *
 * A bulkhead you cannot see is a bulkhead you cannot tune. Is it rejecting calls? Are callers
 * waiting, and for how long? This class is fed by a bulkhead's events and answers those
 * questions: live counts, totals, and wait-time percentiles.
 *
 * Read instructions.md for the full task. The tests call, in time order:
 *   const metrics = new BulkheadMetrics({ clock });
 *   metrics.callQueued('a');        // 'a' waits for a permit
 *   metrics.callStarted('a');       // 'a' got a permit: its wait ends
 *   metrics.callFinished('a', 'success');
 *   metrics.callRejected();         // a call turned away at once
 *   metrics.callTimedOut('b');      // 'b' left the queue without a permit
 *   metrics.snapshot();             // { active, queued, rejected, timedOut, completed, failed }
 *   metrics.waitPercentile(99);     // ms, nearest rank
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
  private readonly waits: number[] = [];
  private rejected = 0;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** A call found every permit taken and joined the queue. */
  callQueued(id: string): void {
    void id; // TODO: remember when this call joined the queue (this.clock.now()).
  }

  /** A call got a permit, straight away or after waiting in the queue. */
  callStarted(id: string): void {
    void id; // TODO: record how long it waited (0 if it never queued); it is now running.
    this.waits.push(0);
  }

  /** A call was turned away because the bulkhead and its queue were full. */
  callRejected(): void {
    this.rejected += 1;
  }

  /** A waiting call left the queue without a permit (timed out or aborted). */
  callTimedOut(id: string): void {
    void id; // TODO
  }

  /** A running call ended. */
  callFinished(id: string, outcome: CallOutcome): void {
    void id; // TODO
    void outcome;
  }

  /** The counters now. */
  snapshot(): MetricsSnapshot {
    // TODO: track the other counters.
    return { active: 0, queued: 0, rejected: this.rejected, timedOut: 0, completed: 0, failed: 0 };
  }

  /**
   * The p-th percentile (nearest rank) of the waits of calls that got a permit, in milliseconds;
   * undefined before any call started. Throws a RangeError unless 0 < p <= 100.
   */
  waitPercentile(p: number): number | undefined {
    // TODO: sort numerically and pick the nearest rank. This picks the middle one, whatever p is.
    void p;
    void this.clock;
    return this.waits[Math.floor(this.waits.length / 2)];
  }
}
