/**
 * A retry budget (issue #20), as in Finagle's RetryBudget and Envoy's retry budgets: a caller may
 * retry only while its recent retries stay under a share of its recent calls plus a small reserve.
 *
 * Precisely: at a failed attempt that has retries left, the caller counts the calls it started
 * (first attempts only) and the retries it allowed, both in the last `window` seconds. It allows
 * one more retry when `retries < ratio × calls + minPerSecond × window`, and counts that retry at
 * once; otherwise the call gives up and the refusal is counted. So over any window the retries are
 * at most ratio × calls + minPerSecond × window + 1, and over a long run the attempts per call are
 * at most 1 + ratio + minPerSecond / (calls per second), however many attempts fail.
 *
 * Both counts are exact sliding windows: event times sit in growable ring buffers and leave them
 * once older than the window, so each event costs O(1) on average.
 */

/** Times of events, oldest first, with the ones older than a window dropped from the front. */
class TimeWindow {
  private times = new Float64Array(64);
  private head = 0;
  private length = 0;

  add(time: number): void {
    if (this.length === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      for (let i = 0; i < this.length; i++) grown[i] = this.times[(this.head + i) % this.times.length] as number;
      this.times = grown;
      this.head = 0;
    }
    this.times[(this.head + this.length) % this.times.length] = time;
    this.length++;
  }

  /** Events at or after `since`. */
  countSince(since: number): number {
    while (this.length > 0 && (this.times[this.head] as number) < since) {
      this.head = (this.head + 1) % this.times.length;
      this.length--;
    }
    return this.length;
  }
}

export interface RetryBudgetSettings {
  readonly ratio: number;
  readonly minPerSecond: number;
  readonly window: number;
}

export class RetryBudget {
  private readonly calls = new TimeWindow();
  private readonly retries = new TimeWindow();
  private readonly ratio: number;
  private readonly reserve: number;
  private readonly window: number;
  /** Retries refused since the measurement started (each ended its call). */
  refused = 0;

  constructor(settings: RetryBudgetSettings) {
    this.ratio = settings.ratio;
    this.reserve = settings.minPerSecond * settings.window;
    this.window = settings.window;
  }

  /** A call (first attempt) started. */
  onCall(now: number): void {
    this.calls.add(now);
  }

  /** Whether a retry may be sent now; an allowed retry is counted against the budget. */
  tryRetry(now: number): boolean {
    const since = now - this.window;
    const calls = this.calls.countSince(since);
    if (this.retries.countSince(since) >= this.ratio * calls + this.reserve) {
      this.refused++;
      return false;
    }
    this.retries.add(now);
    return true;
  }
}
