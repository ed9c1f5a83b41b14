// Wrong on purpose — mistake: off by one at the deadline.
// It refuses only when the time left is less than expectedMs, so a request with exactly the time
// its work needs (and, with expectedMs 0, a deadline of right now) is admitted.

/**
 * An admission controller for a server's front door. It caps the requests in flight, and as the
 * count climbs it refuses the least critical levels first: each level may fill only its share of
 * the cap, and CRITICAL_PLUS may fill all of it. It also refuses a request whose deadline leaves
 * too little time for its work, and refuses sheddable work while the event loop runs late. Every
 * admitted request holds one slot until it is released, exactly once, however its work ends.
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

/** The refusal of one request: why, for which level, and how many requests were in flight. */
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

/** The shares used when the options give none. */
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

const LOWER_LEVELS = ['CRITICAL', 'SHEDDABLE_PLUS', 'SHEDDABLE'] as const;
/** Each pair: a level and the level above it, whose share it may not exceed. */
const ORDER = [
  ['SHEDDABLE_PLUS', 'CRITICAL'],
  ['SHEDDABLE', 'SHEDDABLE_PLUS'],
] as const;

function checkedShares(shares: LevelShares): LevelShares {
  for (const level of LOWER_LEVELS) {
    const share = shares[level];
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new RangeError(`shares.${level} must be a number from 0 to 1, got ${String(share)}`);
  }
  for (const [lower, higher] of ORDER) {
    if (shares[lower] > shares[higher]) {
      throw new RangeError(`shares.${lower} (${shares[lower]}) must not be more than shares.${higher} (${shares[higher]}): a less critical level may never fill more`);
    }
  }
  return shares;
}

function isCriticality(value: unknown): value is Criticality {
  return CRITICALITIES.some((level) => level === value);
}

export class AdmissionController {
  readonly maxInFlight: number;
  readonly #now: () => number;
  readonly #loopDelay: { read: () => number; maxMs: number } | undefined;
  readonly #ceilings: Readonly<Record<Criticality, number>>;
  #inFlight = 0;

  constructor(options: AdmissionOptions) {
    const { maxInFlight, now, loopDelay } = options;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be an integer of at least 1, got ${String(maxInFlight)}`);
    if (typeof now !== 'function') throw new TypeError('now must be a function that returns the time in milliseconds');
    if (loopDelay !== undefined) {
      if (typeof loopDelay.read !== 'function') throw new TypeError('loopDelay.read must be a function that returns the delay in milliseconds');
      if (typeof loopDelay.maxMs !== 'number' || !(loopDelay.maxMs >= 0)) throw new RangeError(`loopDelay.maxMs must be a number of at least 0, got ${String(loopDelay.maxMs)}`);
      this.#loopDelay = { read: loopDelay.read, maxMs: loopDelay.maxMs };
    }
    const shares = checkedShares(options.shares ?? DEFAULT_SHARES);
    this.maxInFlight = maxInFlight;
    this.#now = now;
    this.#ceilings = {
      CRITICAL_PLUS: maxInFlight,
      CRITICAL: Math.floor(maxInFlight * shares.CRITICAL),
      SHEDDABLE_PLUS: Math.floor(maxInFlight * shares.SHEDDABLE_PLUS),
      SHEDDABLE: Math.floor(maxInFlight * shares.SHEDDABLE),
    };
  }

  /** Requests admitted and not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most requests that may be in flight for a request of this level to be admitted. */
  ceilingOf(criticality: Criticality): number {
    if (!isCriticality(criticality)) throw new RangeError(`criticality must be one of ${CRITICALITIES.join(', ')}, got ${String(criticality)}`);
    return this.#ceilings[criticality];
  }

  /** Decides on one request now: a slot to release when its work ends, or the reason it is refused. */
  admit(request: AdmissionRequest = {}): Admission {
    const criticality = request.criticality ?? 'CRITICAL';
    this.ceilingOf(criticality);
    const { deadline } = request;
    if (deadline !== undefined && !Number.isFinite(deadline)) throw new RangeError(`deadline must be a finite time in milliseconds, got ${String(deadline)}`);
    const expectedMs = request.expectedMs ?? 0;
    if (!Number.isFinite(expectedMs) || expectedMs < 0) throw new RangeError(`expectedMs must be a finite number of at least 0, got ${String(expectedMs)}`);

    const reason = this.#refusal(criticality, deadline, expectedMs);
    if (reason !== undefined) return { admitted: false, rejection: new AdmissionRejectedError(reason, criticality, this.#inFlight) };
    this.#inFlight += 1;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
      },
    };
  }

  /**
   * Admits the request and runs `fn` at once, releasing its slot when `fn` settles or throws.
   * Settles as `fn` does; a refusal or a bad request rejects without calling `fn`.
   */
  run<T>(request: AdmissionRequest, fn: () => T | Promise<T>): Promise<T> {
    let admission: Admission;
    try {
      admission = this.admit(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!admission.admitted) return Promise.reject(admission.rejection);
    const { release } = admission;
    let result: T | Promise<T>;
    try {
      result = fn();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    return Promise.resolve(result).finally(release);
  }

  /** The first rule that refuses this request, in the order the instructions give, if any. */
  #refusal(criticality: Criticality, deadline: number | undefined, expectedMs: number): RejectionReason | undefined {
    if (deadline !== undefined && deadline - this.#now() < expectedMs) return 'deadline';
    const sheddable = criticality === 'SHEDDABLE_PLUS' || criticality === 'SHEDDABLE';
    if (sheddable && this.#loopDelay !== undefined && this.#loopDelay.read() > this.#loopDelay.maxMs) return 'overloaded';
    if (this.#inFlight >= this.maxInFlight) return 'full';
    if (this.#inFlight >= this.#ceilings[criticality]) return 'shed';
    return undefined;
  }
}
