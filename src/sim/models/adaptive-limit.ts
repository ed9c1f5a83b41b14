/**
 * Additive-increase / multiplicative-decrease concurrency limit, after Netflix
 * concurrency-limits' `AIMDLimit`: on a drop (a timeout or an error) the limit becomes
 * limit × backoffRatio; on a success it grows by `increase`, either always or, with the
 * `'when-busy'` rule, only when in-flight × 2 ≥ limit (Netflix's rule: do not grow a limit that
 * is not being used). The limit is kept as a real number within [min, max]; admission uses its
 * floor. A pool's own rejections are not fed back, since they are the limiter's output, not a
 * congestion signal. Optionally, a success slower than `dropLatency` counts as a drop, as
 * Netflix's `timeout` setting does.
 */

/** AIMD settings. */
export interface AimdSettings {
  /** Starting limit (calls in flight). */
  readonly initial: number;
  /** Lower bound of the limit. */
  readonly min: number;
  /** Upper bound of the limit. */
  readonly max: number;
  /** Factor in (0, 1) applied on a drop. */
  readonly backoffRatio: number;
  /** Amount added on a success. */
  readonly increase: number;
  /** `'always'` grows on every success; `'when-busy'` only when in-flight × 2 ≥ limit. */
  readonly rule: 'always' | 'when-busy';
  /** A success slower than this (seconds) counts as a drop; Infinity to disable. */
  readonly dropLatency: number;
}

/** A mutable AIMD limit. */
export class AimdLimit {
  private readonly settings: AimdSettings;
  /** Current limit, a real number in [min, max]. */
  value: number;

  constructor(settings: AimdSettings) {
    this.settings = settings;
    this.value = Math.min(settings.max, Math.max(settings.min, settings.initial));
  }

  /** Calls that may be in flight now: ⌊value⌋. */
  get allowed(): number {
    return Math.floor(this.value);
  }

  /** Lower bound. */
  get min(): number {
    return this.settings.min;
  }

  /** Upper bound. */
  get max(): number {
    return this.settings.max;
  }

  /**
   * A call succeeded after `latency` seconds while `inFlight` calls (itself included) were in
   * flight.
   */
  onSuccess(inFlight: number, latency: number): void {
    const s = this.settings;
    if (latency > s.dropLatency) {
      this.onDrop();
      return;
    }
    if (s.rule === 'when-busy' && inFlight * 2 < this.value) return;
    const grown = this.value + s.increase;
    this.value = grown > s.max ? s.max : grown;
  }

  /** A call timed out or failed. */
  onDrop(): void {
    const s = this.settings;
    const shrunk = this.value * s.backoffRatio;
    this.value = shrunk < s.min ? s.min : shrunk;
  }
}
