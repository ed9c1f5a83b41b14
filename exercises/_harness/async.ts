/** A promise with its `resolve` and `reject` exposed, to settle it from a test. */
export interface Deferred<T> {
  /** The promise the code under test awaits. */
  readonly promise: Promise<T>;
  /** Fulfils the promise with `value`. */
  resolve(value: T): void;
  /** Rejects the promise with `reason` (any value, not only Errors). */
  reject(reason: unknown): void;
  /** Whether `resolve` or `reject` has been called. */
  readonly settled: boolean;
}

/** Creates a promise that the test settles by hand. */
export function deferred<T = void>(): Deferred<T> {
  let settled = false;
  let resolveFn: (value: T) => void = () => undefined;
  let rejectFn: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    resolveFn = resolve;
    rejectFn = reject;
  });
  return Object.freeze<Deferred<T>>({
    promise,
    resolve(value) {
      settled = true;
      resolveFn(value);
    },
    reject(reason) {
      settled = true;
      rejectFn(reason);
    },
    get settled() {
      return settled;
    },
  });
}

/**
 * A unit of work to hand to a bulkhead, settled by the test: `task.fn` is what you pass to
 * `run`; it records that it started and returns a promise you resolve or reject later.
 */
export interface ControlledTask<T> {
  /** The function to pass to the code under test. Each call returns the same pending promise. */
  readonly fn: () => Promise<T>;
  /** How many times `fn` has been called. */
  readonly calls: number;
  /** Whether `fn` has been called at least once. */
  readonly started: boolean;
  /** Fulfils the task's promise. */
  resolve(value: T): void;
  /** Rejects the task's promise with `reason` (any value, not only Errors). */
  reject(reason: unknown): void;
}

/** Creates a task that stays pending until the test settles it, to hold a permit open. */
export function createTask<T = void>(): ControlledTask<T> {
  const gate = deferred<T>();
  let calls = 0;
  return Object.freeze<ControlledTask<T>>({
    fn: () => {
      calls += 1;
      return gate.promise;
    },
    get calls() {
      return calls;
    },
    get started() {
      return calls > 0;
    },
    resolve: (value) => gate.resolve(value),
    reject: (reason) => gate.reject(reason),
  });
}

/** Counts how many wrapped calls are running at once, and the most ever seen. */
export interface ConcurrencyProbe {
  /** Wraps `fn` so its run time is counted; returns the wrapped function. */
  wrap<T>(fn: () => Promise<T> | T): () => Promise<T>;
  /** Calls currently running. */
  readonly active: number;
  /** The highest `active` seen so far. */
  readonly maxActive: number;
  /** Calls that have started so far. */
  readonly started: number;
}

/** Creates a probe that records concurrency of the functions it wraps. */
export function createConcurrencyProbe(): ConcurrencyProbe {
  let active = 0;
  let maxActive = 0;
  let started = 0;
  return Object.freeze<ConcurrencyProbe>({
    wrap(fn) {
      return Object.freeze(async () => {
        active += 1;
        started += 1;
        maxActive = Math.max(maxActive, active);
        try {
          return await fn();
        } finally {
          active -= 1;
        }
      });
    },
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    get started() {
      return started;
    },
  });
}

/**
 * Lets pending promise callbacks run: awaits `turns` microtask turns (default 100), which settles
 * any chain of up to about that many `await`s. Timers are not touched.
 */
export async function flushMicrotasks(turns = 100): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    await undefined;
  }
}

/** A promise observed without awaiting it: its state can be read at any time. */
export interface TrackedPromise<T> {
  /** "pending" until the promise settles. */
  readonly state: 'pending' | 'fulfilled' | 'rejected';
  /** The value, once fulfilled. */
  readonly value: T | undefined;
  /** The rejection reason, once rejected. */
  readonly reason: unknown;
  /** Describes the outcome for `expect(…).toBeInstanceOf`: the reason, or a string saying it did not reject. */
  readonly rejection: unknown;
  /** The original promise, with its rejection already handled. */
  readonly promise: Promise<T>;
}

/**
 * Watches `promise` without awaiting it, so a test can check "has it settled yet?" after moving
 * virtual time, and never hangs on a promise that does not settle. Its rejection counts as handled.
 */
export function track<T>(promise: Promise<T>): TrackedPromise<T> {
  let state: TrackedPromise<T>['state'] = 'pending';
  let value: T | undefined;
  let reason: unknown;
  promise.then(
    (result) => {
      state = 'fulfilled';
      value = result;
    },
    (error: unknown) => {
      state = 'rejected';
      reason = error;
    },
  );
  return Object.freeze<TrackedPromise<T>>({
    get state() {
      return state;
    },
    get value() {
      return value;
    },
    get reason() {
      return reason;
    },
    get rejection() {
      return state === 'rejected' ? reason : state === 'pending' ? 'still pending' : 'fulfilled, not rejected';
    },
    promise,
  });
}
