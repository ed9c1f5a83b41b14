/**
 * The discrete-event core: a clock and an {@link EventQueue}, driving a model through a small
 * handler interface. The engine knows nothing about pools or calls; it only orders events.
 */
import { EventQueue } from './event-queue';

/** What a model implements to be driven by an {@link Engine}. */
export interface EventHandler {
  /**
   * Called before the clock moves forward to `time` (seconds), while the model state still holds
   * for the whole interval [clock, time). Models close time integrals and take samples here.
   */
  advance(time: number): void;
  /**
   * Called for each event, with the clock already at the event's time. The event's token (the
   * value `schedule` returned) is in `engine.token`; it is not passed as an argument because a
   * large number crossing a call would be boxed, allocating on every event.
   */
  handle(kind: number, target: number): void;
  /**
   * Optional: called instead of `advance` when `runUntil` stops the clock at a time with no event.
   * A model whose results must not depend on where a run is paused (the pool model's integrals)
   * takes its due samples here without closing its integrals at that arbitrary time.
   */
  pause?(time: number): void;
}

/**
 * Clock plus event queue. `step()` processes one event; `runUntil(t)` processes every event with
 * time ≤ t and leaves the clock at t. Time is in seconds of simulated time and never goes back.
 */
export class Engine {
  /** Current simulated time, seconds. */
  now = 0;
  /** Number of events handled so far. */
  eventsProcessed = 0;
  /** Token of the event being handled. */
  token = 0;
  readonly queue: EventQueue;
  private readonly handler: EventHandler;

  /**
   * @param handler the model
   * @param initialCapacity starting size of the event heap
   * @param slots number of replaceable single-event slots (see {@link EventQueue.setSlot})
   */
  constructor(handler: EventHandler, initialCapacity = 256, slots = 0) {
    this.handler = handler;
    this.queue = new EventQueue(initialCapacity, slots);
  }

  /**
   * Schedules an event at absolute `time` (seconds, ≥ now) and returns its token.
   * Lower `priority` runs first among events at the same time; insertion order breaks the rest.
   */
  schedule(time: number, priority: number, kind: number, target: number): number {
    if (!(time >= this.now)) {
      throw new RangeError(`cannot schedule an event at ${time} s, before the clock (${this.now} s)`);
    }
    return this.queue.push(time, priority, kind, target);
  }

  /**
   * Schedules an event in slot `slot`, replacing the one pending there, and returns its token.
   * Use slots for recurring sources (one pending event each), the heap for everything else.
   */
  scheduleSlot(slot: number, time: number, priority: number, kind: number, target: number): number {
    if (!(time >= this.now)) {
      throw new RangeError(`cannot schedule an event at ${time} s, before the clock (${this.now} s)`);
    }
    return this.queue.setSlot(slot, time, priority, kind, target);
  }

  /** Cancels the event pending in slot `slot`, if any. */
  clearSlot(slot: number): void {
    this.queue.clearSlot(slot);
  }

  /** Time of the next event, or Infinity when none is scheduled. */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  /** Processes the next event. Returns false (and does nothing) when the queue is empty. */
  step(): boolean {
    const queue = this.queue;
    if (!queue.pop()) return false;
    const time = queue.time;
    this.handler.advance(time);
    this.now = time;
    this.eventsProcessed++;
    this.token = queue.token;
    this.handler.handle(queue.kind, queue.target);
    return true;
  }

  /** Processes every event with time ≤ `until` (seconds), then sets the clock to `until`. */
  runUntil(until: number): void {
    if (!(until >= this.now)) return;
    const queue = this.queue;
    const handler = this.handler;
    let processed = 0;
    while (queue.pop(until)) {
      const time = queue.time;
      handler.advance(time);
      this.now = time;
      processed++;
      this.token = queue.token;
      handler.handle(queue.kind, queue.target);
    }
    this.eventsProcessed += processed;
    if (handler.pause) handler.pause(until);
    else handler.advance(until);
    this.now = until;
  }
}
