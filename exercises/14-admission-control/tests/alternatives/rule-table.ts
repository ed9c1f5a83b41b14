/**
 * A second correct answer, written by the exercise's author after the reference (so not blind: see
 * blind-from-instructions.ts for one that is). Its structure differs from the reference: the refusal rules are a table of small functions tried in order, each admission is an
 * instance of a Slot class holding its own "returned" flag, the ceilings are a Map built from the
 * level list, and run is an async function using try/finally.
 */

export const CRITICALITIES = ['CRITICAL_PLUS', 'CRITICAL', 'SHEDDABLE_PLUS', 'SHEDDABLE'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export type RejectionReason = 'deadline' | 'overloaded' | 'full' | 'shed';

const EXPLANATIONS: Readonly<Record<RejectionReason, string>> = {
  deadline: 'its deadline leaves too little time for the work',
  overloaded: 'the event loop is running late, so sheddable work is refused',
  full: 'every slot is taken',
  shed: "its level's share of the slots is taken",
};

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

export interface LevelShares {
  CRITICAL: number;
  SHEDDABLE_PLUS: number;
  SHEDDABLE: number;
}

export const DEFAULT_SHARES: Readonly<LevelShares> = Object.freeze({ CRITICAL: 0.9, SHEDDABLE_PLUS: 0.7, SHEDDABLE: 0.5 });

export interface AdmissionOptions {
  maxInFlight: number;
  now: () => number;
  shares?: LevelShares;
  loopDelay?: { read: () => number; maxMs: number };
}

export interface AdmissionRequest {
  criticality?: Criticality;
  deadline?: number;
  expectedMs?: number;
}

export type Admission = { readonly admitted: true; release(): void } | { readonly admitted: false; readonly rejection: AdmissionRejectedError };

interface Decision {
  readonly level: Criticality;
  readonly deadline: number | undefined;
  readonly expectedMs: number;
}

type Rule = (decision: Decision) => RejectionReason | null;

/** One admitted request's hold on the counter; only its first release counts. */
class Slot {
  readonly admitted = true as const;
  #returned = false;

  constructor(private readonly giveBack: () => void) {}

  release(): void {
    if (this.#returned) return;
    this.#returned = true;
    this.giveBack();
  }
}

function validShare(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

export class AdmissionController {
  readonly maxInFlight: number;
  #count = 0;
  readonly #clock: () => number;
  readonly #ceiling = new Map<Criticality, number>();
  readonly #rules: readonly Rule[];

  constructor(options: AdmissionOptions) {
    if (typeof options.maxInFlight !== 'number' || !Number.isInteger(options.maxInFlight) || options.maxInFlight <= 0) {
      throw new RangeError(`maxInFlight: expected a whole number above 0, received ${String(options.maxInFlight)}`);
    }
    if (typeof options.now !== 'function') throw new TypeError('now: expected a function giving milliseconds');
    this.maxInFlight = options.maxInFlight;
    this.#clock = options.now;

    const given = options.shares ?? DEFAULT_SHARES;
    const picked = { CRITICAL: given.CRITICAL, SHEDDABLE_PLUS: given.SHEDDABLE_PLUS, SHEDDABLE: given.SHEDDABLE };
    for (const [key, value] of Object.entries(picked)) {
      if (!validShare(value)) throw new RangeError(`shares.${key}: expected a number in [0, 1], received ${String(value)}`);
    }
    if (picked.SHEDDABLE_PLUS > picked.CRITICAL) throw new RangeError('shares.SHEDDABLE_PLUS is larger than shares.CRITICAL');
    if (picked.SHEDDABLE > picked.SHEDDABLE_PLUS) throw new RangeError('shares.SHEDDABLE is larger than the SHEDDABLE_PLUS share');
    for (const level of CRITICALITIES) {
      this.#ceiling.set(level, level === 'CRITICAL_PLUS' ? this.maxInFlight : Math.floor(this.maxInFlight * picked[level]));
    }

    let delayLimit: number | undefined;
    let readDelay: (() => number) | undefined;
    if (options.loopDelay !== undefined) {
      const { read, maxMs } = options.loopDelay;
      if (typeof read !== 'function') throw new TypeError('loopDelay.read: expected a function');
      if (typeof maxMs !== 'number' || Number.isNaN(maxMs) || maxMs < 0) throw new RangeError(`loopDelay.maxMs: expected a number from 0 up, received ${String(maxMs)}`);
      delayLimit = maxMs;
      readDelay = read;
    }

    this.#rules = [
      ({ deadline, expectedMs }) => (deadline === undefined || deadline - this.#clock() > expectedMs ? null : 'deadline'),
      ({ level }) => {
        if (readDelay === undefined || delayLimit === undefined) return null;
        if (level === 'CRITICAL_PLUS' || level === 'CRITICAL') return null;
        return readDelay() > delayLimit ? 'overloaded' : null;
      },
      () => (this.#count < this.maxInFlight ? null : 'full'),
      ({ level }) => (this.#count < this.ceilingOf(level) ? null : 'shed'),
    ];
  }

  get inFlight(): number {
    return this.#count;
  }

  ceilingOf(criticality: Criticality): number {
    const ceiling = this.#ceiling.get(criticality);
    if (ceiling === undefined) throw new RangeError(`criticality: "${String(criticality)}" is not a known level`);
    return ceiling;
  }

  admit(request: AdmissionRequest = {}): Admission {
    const level = request.criticality === undefined ? 'CRITICAL' : request.criticality;
    if (!this.#ceiling.has(level)) throw new RangeError(`criticality: "${String(level)}" is not a known level`);
    if (request.deadline !== undefined && (typeof request.deadline !== 'number' || !Number.isFinite(request.deadline))) {
      throw new RangeError(`deadline: expected a finite number, received ${String(request.deadline)}`);
    }
    const expectedMs = request.expectedMs === undefined ? 0 : request.expectedMs;
    if (typeof expectedMs !== 'number' || !Number.isFinite(expectedMs) || expectedMs < 0) {
      throw new RangeError(`expectedMs: expected a finite number from 0 up, received ${String(expectedMs)}`);
    }
    const decision: Decision = { level, deadline: request.deadline, expectedMs };
    for (const rule of this.#rules) {
      const reason = rule(decision);
      if (reason !== null) return { admitted: false, rejection: new AdmissionRejectedError(reason, level, this.#count) };
    }
    this.#count++;
    return new Slot(() => {
      this.#count--;
    });
  }

  async run<T>(request: AdmissionRequest, fn: () => T | Promise<T>): Promise<T> {
    const admission = this.admit(request);
    if (!admission.admitted) throw admission.rejection;
    try {
      return await fn();
    } finally {
      admission.release();
    }
  }
}
