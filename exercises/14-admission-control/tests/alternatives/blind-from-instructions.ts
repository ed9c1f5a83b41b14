// Second correct solution, written from instructions.md, the hints, start/ and the visible tests only,
// by a helper who never saw solution/, the hidden tests, the wrong solutions or the other alternative.
/**
 * An admission controller that sheds the least critical work first: per-level ceilings,
 * deadline checks, event-loop delay shedding for sheddable work, and slots released exactly once.
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

/** The levels that have a share, most important first (the order in which shares are checked). */
const SHARED_LEVELS = ['CRITICAL', 'SHEDDABLE_PLUS', 'SHEDDABLE'] as const;

function isCriticality(value: unknown): value is Criticality {
  return typeof value === 'string' && (CRITICALITIES as readonly string[]).includes(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Validates the shares option and returns a private copy of its three values. */
function readShares(shares: unknown): LevelShares {
  if (typeof shares !== 'object' || shares === null) {
    throw new TypeError(`shares must be an object with the keys ${SHARED_LEVELS.join(', ')}, got ${String(shares)}`);
  }
  const source = shares as Record<string, unknown>;
  const copy = {} as LevelShares;
  for (const level of SHARED_LEVELS) {
    const value = source[level];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1) {
      throw new RangeError(`shares.${level} must be a number from 0 to 1, got ${String(value)}`);
    }
    copy[level] = value;
  }
  if (copy.SHEDDABLE_PLUS > copy.CRITICAL) {
    throw new RangeError(`shares.SHEDDABLE_PLUS (${copy.SHEDDABLE_PLUS}) must not be above shares.CRITICAL (${copy.CRITICAL})`);
  }
  if (copy.SHEDDABLE > copy.SHEDDABLE_PLUS) {
    throw new RangeError(`shares.SHEDDABLE (${copy.SHEDDABLE}) must not be above shares.SHEDDABLE_PLUS (${copy.SHEDDABLE_PLUS})`);
  }
  return copy;
}

interface LoopDelayCheck {
  readonly source: object;
  readonly read: () => number;
  readonly maxMs: number;
}

/** Validates the loopDelay option, if any, and captures its read function and limit. */
function readLoopDelay(loopDelay: unknown): LoopDelayCheck | undefined {
  if (loopDelay === undefined) return undefined;
  if (typeof loopDelay !== 'object' || loopDelay === null) {
    throw new TypeError(`loopDelay must be an object { read, maxMs }: loopDelay.read is missing (got ${String(loopDelay)})`);
  }
  const { read, maxMs } = loopDelay as { read?: unknown; maxMs?: unknown };
  if (typeof read !== 'function') {
    throw new TypeError(`loopDelay.read must be a function, got ${typeof read}`);
  }
  if (typeof maxMs !== 'number' || Number.isNaN(maxMs) || maxMs < 0) {
    throw new RangeError(`loopDelay.maxMs must be a number ≥ 0, got ${String(maxMs)}`);
  }
  return { source: loopDelay, read: read as () => number, maxMs };
}

export class AdmissionController {
  readonly maxInFlight: number;
  readonly #now: () => number;
  readonly #ceilings: Readonly<Record<Criticality, number>>;
  readonly #loopDelay: LoopDelayCheck | undefined;
  #inFlight = 0;

  constructor(options: AdmissionOptions) {
    const { maxInFlight, now } = options;
    if (typeof maxInFlight !== 'number' || !Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be an integer ≥ 1, got ${String(maxInFlight)}`);
    }
    if (typeof now !== 'function') {
      throw new TypeError(`now must be a function returning the time in milliseconds, got ${typeof now}`);
    }
    const shares = readShares(options.shares === undefined ? DEFAULT_SHARES : options.shares);
    this.#loopDelay = readLoopDelay(options.loopDelay);

    this.maxInFlight = maxInFlight;
    this.#now = now;
    this.#ceilings = Object.freeze({
      CRITICAL_PLUS: maxInFlight,
      CRITICAL: Math.floor(maxInFlight * shares.CRITICAL),
      SHEDDABLE_PLUS: Math.floor(maxInFlight * shares.SHEDDABLE_PLUS),
      SHEDDABLE: Math.floor(maxInFlight * shares.SHEDDABLE),
    });
  }

  /** Requests admitted and not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most requests that may be in flight for a request of this level to be admitted. */
  ceilingOf(criticality: Criticality): number {
    if (!isCriticality(criticality)) {
      throw new RangeError(`criticality must be one of ${CRITICALITIES.join(', ')}, got ${String(criticality)}`);
    }
    return this.#ceilings[criticality];
  }

  /** Decides on one request now: a slot to release when its work ends, or the reason it is refused. */
  admit(request: AdmissionRequest = {}): Admission {
    const { criticality: rawCriticality, deadline, expectedMs: rawExpectedMs } = request;
    const criticality = rawCriticality === undefined ? 'CRITICAL' : rawCriticality;
    if (!isCriticality(criticality)) {
      throw new RangeError(`criticality must be one of ${CRITICALITIES.join(', ')}, got ${String(criticality)}`);
    }
    if (deadline !== undefined && !isFiniteNumber(deadline)) {
      throw new RangeError(`deadline must be a finite number of milliseconds, got ${String(deadline)}`);
    }
    const expectedMs = rawExpectedMs === undefined ? 0 : rawExpectedMs;
    if (!isFiniteNumber(expectedMs) || expectedMs < 0) {
      throw new RangeError(`expectedMs must be a finite number ≥ 0, got ${String(expectedMs)}`);
    }

    const reason = this.#refusal(criticality, deadline, expectedMs);
    if (reason !== undefined) {
      return { admitted: false, rejection: new AdmissionRejectedError(reason, criticality, this.#inFlight) };
    }

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

  /** The first rule that refuses the request, or undefined when it may be admitted. */
  #refusal(criticality: Criticality, deadline: number | undefined, expectedMs: number): RejectionReason | undefined {
    if (deadline !== undefined && deadline - this.#now() <= expectedMs) return 'deadline';
    const loopDelay = this.#loopDelay;
    if (loopDelay !== undefined && (criticality === 'SHEDDABLE_PLUS' || criticality === 'SHEDDABLE')) {
      if (loopDelay.read.call(loopDelay.source) > loopDelay.maxMs) return 'overloaded';
    }
    if (this.#inFlight >= this.maxInFlight) return 'full';
    if (this.#inFlight >= this.#ceilings[criticality]) return 'shed';
    return undefined;
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
    return Promise.resolve(result).then(
      (value) => {
        release();
        return value;
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  }
}
