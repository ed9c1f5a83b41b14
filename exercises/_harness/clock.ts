import { flushMicrotasks } from './async';

/** An opaque handle returned by `VirtualClock.setTimeout`. */
export interface TimerHandle {
  /** Sequence number of the timer, unique per clock. */
  readonly id: number;
}

/**
 * A fake clock for deterministic time. Hand it to the code under test (which takes an optional
 * `clock`), then move time with `advance` or `runAll`. Nothing fires until the test moves time.
 */
export interface VirtualClock {
  /** Current virtual time in milliseconds since the clock was created (starts at 0). */
  now(): number;
  /** Schedules `callback` to run once, `ms` virtual milliseconds from now (negative or NaN counts as 0). */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown handles and `undefined` are ignored. */
  clearTimeout(handle: unknown): void;
  /** A promise that resolves after `ms` virtual milliseconds; rejects with `signal.reason` on abort. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Moves time forward by `ms`, firing due timers in time order (ties in scheduling order) and
   * letting promise callbacks settle after each one.
   */
  advance(ms: number): Promise<void>;
  /** Fires every timer, including ones scheduled while running, until none is left. */
  runAll(): Promise<void>;
  /** How many timers are scheduled and not yet fired or cancelled. */
  readonly pendingTimers: number;
}

interface ScheduledTimer {
  readonly handle: TimerHandle;
  readonly at: number;
  readonly callback: () => void;
}

/** Upper bound on timers fired by one `runAll`, so a self-rescheduling timer fails instead of hanging. */
const RUN_ALL_LIMIT = 100_000;

/**
 * Creates a virtual clock at time 0.
 * @example
 * const clock = createClock();
 * const done = bulkhead.run(task, { clock });
 * await clock.advance(1000); // 1 virtual second, instantly
 */
export function createClock(): VirtualClock {
  let current = 0;
  let sequence = 0;
  let timers: ScheduledTimer[] = [];

  const takeNextDue = (limit: number): ScheduledTimer | undefined => {
    let best: ScheduledTimer | undefined;
    for (const timer of timers) {
      if (timer.at <= limit && (best === undefined || timer.at < best.at || (timer.at === best.at && timer.handle.id < best.handle.id))) {
        best = timer;
      }
    }
    if (best !== undefined) timers = timers.filter((timer) => timer !== best);
    return best;
  };

  const clock: VirtualClock = {
    now: () => current,
    setTimeout(callback, ms) {
      sequence += 1;
      const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
      const handle: TimerHandle = Object.freeze({ id: sequence });
      timers.push({ handle, at: current + delay, callback });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.handle !== handle);
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          clock.clearTimeout(handle);
          reject(signal?.reason);
        };
        const handle = clock.setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a finite, non-negative ms; got ${String(ms)}`);
      const target = current + ms;
      await flushMicrotasks();
      for (let timer = takeNextDue(target); timer !== undefined; timer = takeNextDue(target)) {
        current = Math.max(current, timer.at);
        timer.callback();
        await flushMicrotasks();
      }
      current = target;
      await flushMicrotasks();
    },
    async runAll() {
      await flushMicrotasks();
      for (let fired = 0; timers.length > 0; fired += 1) {
        if (fired >= RUN_ALL_LIMIT) {
          throw new Error(`clock.runAll fired ${RUN_ALL_LIMIT} timers and more keep coming: is a timer rescheduling itself forever?`);
        }
        const timer = takeNextDue(Number.POSITIVE_INFINITY);
        if (timer === undefined) break;
        current = Math.max(current, timer.at);
        timer.callback();
        await flushMicrotasks();
      }
    },
    get pendingTimers() {
      return timers.length;
    },
  };
  // Frozen: code under test that is handed the clock cannot replace the methods the test calls.
  return Object.freeze(clock);
}
