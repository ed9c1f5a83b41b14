/**
 * Exercise: an admission controller that sheds the least critical work first.
 *
 * Below is the plain gate from the lesson: at most maxInFlight requests at once, the rest refused
 * as 'full'. Every request is treated alike, so a burst of batch exports can take the last slot a
 * checkout needed. Give it criticality levels (lower levels may fill only their share of the cap),
 * deadline checks, event-loop delay shedding for sheddable work, and a release that frees one slot
 * exactly once. Read instructions.md for the full task. The tests call:
 *   const gate = new AdmissionController({ maxInFlight: 10, now: () => clock.now(), loopDelay: { read: () => p99Ms, maxMs: 50 } });
 *   const admission = gate.admit({ criticality: 'SHEDDABLE', deadline: clock.now() + 800, expectedMs: 100 });
 *   if (admission.admitted) admission.release(); else admission.rejection.reason;
 *   await gate.run({ criticality: 'CRITICAL_PLUS' }, () => handle());
 *   gate.inFlight;  gate.ceilingOf('SHEDDABLE');
 * The types, AdmissionRejectedError and DEFAULT_SHARES are finished.
 */

/** The four levels of criticality, most important first (the names the SRE book uses). */
export const CRITICALITIES = ['CRITICAL_PLUS', 'CRITICAL', 'SHEDDABLE_PLUS', 'SHEDDABLE'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** Why a request was refused. */
export type RejectionReason = 'deadline' | 'overloaded' | 'full' | 'shed';

const EXPLANATIONS: Readonly<Record<RejectionReason, string>> = {
  deadline: 'its deadline leaves too little time for the work',
  overloaded: 'the event loop is running late, so sheddable work is refused',
  full: 'every slot is taken',
  shed: "its level's share of the slots is taken",
};

/** The refusal of one request: why, for which level, and how many requests were in flight. Finished: use it as it is. */
export class AdmissionRejectedError extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly criticality: Criticality,
    readonly inFlight: number,
  ) {
    super(`${criticality} request refused: ${EXPLANATIONS[reason]} (${inFlight} in flight)`);
    this.name = 'AdmissionRejectedError';
  }
}

/** Share of maxInFlight each level below CRITICAL_PLUS may fill (CRITICAL_PLUS may fill it all). */
export interface LevelShares {
  CRITICAL: number;
  SHEDDABLE_PLUS: number;
  SHEDDABLE: number;
}

/** The shares used when the options give none. Finished: keep these values. */
export const DEFAULT_SHARES: Readonly<LevelShares> = Object.freeze({ CRITICAL: 0.9, SHEDDABLE_PLUS: 0.7, SHEDDABLE: 0.5 });

/** Settings of an AdmissionController. */
export interface AdmissionOptions {
  /** Requests in flight at most (an integer ≥ 1). */
  maxInFlight: number;
  /** The current time in milliseconds; deadlines are on the same clock. */
  now: () => number;
  /** Each level's share of maxInFlight; all three keys, each from 0 to 1, never rising down the levels. */
  shares?: LevelShares;
  /** Event-loop delay shedding: sheddable levels are refused while read() > maxMs. */
  loopDelay?: { read: () => number; maxMs: number };
}

/** What one request tells the controller about itself. */
export interface AdmissionRequest {
  /** Default 'CRITICAL'. */
  criticality?: Criticality;
  /** When the caller stops waiting, in milliseconds on the `now` clock. No deadline when absent. */
  deadline?: number;
  /** Milliseconds the work needs at least (default 0); only compared with the deadline. */
  expectedMs?: number;
}

/** The answer to one request: a slot to release later, or the reason it was refused. */
export type Admission = { readonly admitted: true; release(): void } | { readonly admitted: false; readonly rejection: AdmissionRejectedError };

export class AdmissionController {
  readonly maxInFlight: number;
  #inFlight = 0;

  constructor(options: AdmissionOptions) {
    // TODO: throw a RangeError when maxInFlight is not an integer ≥ 1, a TypeError when now is not
    //   a function. Check shares (default DEFAULT_SHARES) and loopDelay as instructions.md says,
    //   and work out each level's ceiling here: Math.floor(maxInFlight * share), and maxInFlight
    //   itself for CRITICAL_PLUS.
    this.maxInFlight = options.maxInFlight;
  }

  /** Requests admitted and not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most requests that may be in flight for a request of this level to be admitted. */
  ceilingOf(criticality: Criticality): number {
    void criticality; // TODO: each level's own ceiling; a RangeError for an unknown level.
    return this.maxInFlight;
  }

  /** Decides on one request now: a slot to release when its work ends, or the reason it is refused. */
  admit(request: AdmissionRequest = {}): Admission {
    const criticality = request.criticality ?? 'CRITICAL';
    // TODO: check the request (RangeError), then refuse in this order: 'deadline' (too little time
    //   left for expectedMs), 'overloaded' (sheddable levels while the loop is late), 'full' (no
    //   slot at all), 'shed' (the level's ceiling is reached).
    if (this.#inFlight >= this.maxInFlight) {
      return { admitted: false, rejection: new AdmissionRejectedError('full', criticality, this.#inFlight) };
    }
    this.#inFlight += 1;
    return {
      admitted: true,
      release: () => {
        // TODO: only the first call may free the slot.
        this.#inFlight -= 1;
      },
    };
  }

  /**
   * Admits the request and runs `fn` at once, releasing its slot when `fn` settles or throws.
   * Settles as `fn` does; a refusal or a bad request rejects without calling `fn`.
   */
  async run<T>(request: AdmissionRequest, fn: () => T | Promise<T>): Promise<T> {
    const admission = this.admit(request);
    if (!admission.admitted) throw admission.rejection;
    // TODO: free the slot however fn ends: a value, a rejection, or a synchronous throw.
    const result = await fn();
    admission.release();
    return result;
  }
}
