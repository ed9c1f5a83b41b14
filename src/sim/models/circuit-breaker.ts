/**
 * A count-based circuit breaker, shaped like Resilience4j's COUNT_BASED sliding window.
 *
 * - closed: every call is permitted; the outcomes of the last `window` calls are kept. Once at
 *   least `minimumCalls` outcomes are in the window and the failure share reaches
 *   `failureRateThreshold`, the breaker opens.
 * - open: calls are short-circuited (refused without being tried) for `openDuration` seconds,
 *   then the breaker becomes half-open at the first call that asks.
 * - half-open: `halfOpenProbes` calls are let through as probes. If all of them succeed the
 *   breaker closes with an empty window; the first probe failure opens it again. Calls beyond the
 *   probes are short-circuited until the probes answer.
 *
 * Outcomes of calls admitted before a transition (non-probes finishing while open or half-open)
 * are ignored, so a late answer cannot close or reopen the breaker by accident.
 *
 * A call refused by the caller's own pool (its bulkhead) is a failure when `countRejections` is
 * true (the default). With false it is ignored, as Resilience4j does with an ignored exception:
 * it leaves the window unchanged, and a refused probe hands its permit back for the next call.
 */

/** Breaker state names as shown in snapshots. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Breaker settings (seconds and counts). */
export interface CircuitBreakerSettings {
  /** Failure share in (0, 1] at which the breaker opens. */
  readonly failureRateThreshold: number;
  /** Number of most recent outcomes considered while closed. */
  readonly window: number;
  /** Outcomes needed in the window before the rate is judged (≤ window). */
  readonly minimumCalls: number;
  /** Seconds spent open before probing. */
  readonly openDuration: number;
  /** Probe calls permitted while half-open. */
  readonly halfOpenProbes: number;
  /** Whether a refusal by the caller's own pool counts as a failure (default true). */
  readonly countRejections?: boolean;
}

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
const NAMES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/** Result of {@link CircuitBreaker.tryAcquire}. */
export const PERMIT_DENIED = 0;
/** The call may proceed as an ordinary call. */
export const PERMIT_NORMAL = 1;
/** The call may proceed as a half-open probe; report its outcome with `probe = true`. */
export const PERMIT_PROBE = 2;

/** Circuit breaker driven by the simulation clock. */
export class CircuitBreaker {
  private readonly settings: CircuitBreakerSettings;
  private readonly outcomes: Uint8Array;
  private head = 0;
  private recorded = 0;
  private failures = 0;
  private stateCode = CLOSED;
  private openUntil = 0;
  private probesIssued = 0;
  private probeSuccesses = 0;
  /** How many times the breaker has opened. */
  timesOpened = 0;
  /** Whether the pool's refusals count as failures: report them with onFailure, else with onIgnored. */
  readonly countsRejections: boolean;

  constructor(settings: CircuitBreakerSettings) {
    this.settings = settings;
    this.countsRejections = settings.countRejections ?? true;
    this.outcomes = new Uint8Array(settings.window);
  }

  /** State at time `now` (seconds); an expired open state reads as half-open. */
  state(now: number): BreakerState {
    if (this.stateCode === OPEN && now >= this.openUntil) return 'half-open';
    return NAMES[this.stateCode] as BreakerState;
  }

  /** Asks to make a call at `now`: PERMIT_DENIED, PERMIT_NORMAL or PERMIT_PROBE. */
  tryAcquire(now: number): number {
    if (this.stateCode === CLOSED) return PERMIT_NORMAL;
    if (this.stateCode === OPEN) {
      if (now < this.openUntil) return PERMIT_DENIED;
      this.stateCode = HALF_OPEN;
      this.probesIssued = 0;
      this.probeSuccesses = 0;
    }
    if (this.probesIssued < this.settings.halfOpenProbes) {
      this.probesIssued++;
      return PERMIT_PROBE;
    }
    return PERMIT_DENIED;
  }

  /** Reports a successful call; `probe` says whether it was permitted as a probe. */
  onSuccess(_now: number, probe: boolean): void {
    if (this.stateCode === CLOSED) {
      if (!probe) this.record(0);
      return;
    }
    if (this.stateCode === HALF_OPEN && probe) {
      this.probeSuccesses++;
      if (this.probeSuccesses >= this.settings.halfOpenProbes) this.close();
    }
  }

  /** Reports a failed call (error, timeout or rejection) at `now`. */
  onFailure(now: number, probe: boolean): void {
    if (this.stateCode === CLOSED) {
      if (probe) return;
      this.record(1);
      const s = this.settings;
      if (this.recorded >= s.minimumCalls && this.failures >= s.failureRateThreshold * this.recorded) {
        this.open(now);
      }
      return;
    }
    if (this.stateCode === HALF_OPEN && probe) this.open(now);
  }

  /**
   * Reports a call whose outcome does not count (a refusal by the caller's own pool when
   * `countRejections` is false): nothing is recorded, and a probe's permit is handed back.
   */
  onIgnored(probe: boolean): void {
    if (this.stateCode === HALF_OPEN && probe && this.probesIssued > 0) this.probesIssued--;
  }

  private record(failed: number): void {
    const size = this.outcomes.length;
    if (this.recorded === size) {
      this.failures -= this.outcomes[this.head] as number;
    } else {
      this.recorded++;
    }
    this.outcomes[this.head] = failed;
    this.failures += failed;
    this.head = (this.head + 1) % size;
  }

  private open(now: number): void {
    this.stateCode = OPEN;
    this.openUntil = now + this.settings.openDuration;
    this.timesOpened++;
  }

  private close(): void {
    this.stateCode = CLOSED;
    this.outcomes.fill(0);
    this.head = 0;
    this.recorded = 0;
    this.failures = 0;
  }
}
