import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, EventQueue, type EventHandler } from '../../../src/sim/index';

function drain(queue: EventQueue): { time: number; kind: number; target: number }[] {
  const out: { time: number; kind: number; target: number }[] = [];
  while (queue.pop()) out.push({ time: queue.time, kind: queue.kind, target: queue.target });
  return out;
}

describe('EventQueue', () => {
  it('pops earlier times first', () => {
    const queue = new EventQueue();
    queue.push(3, 0, 1, 30);
    queue.push(1, 0, 1, 10);
    queue.push(2, 0, 1, 20);
    expect(drain(queue).map((e) => e.target)).toEqual([10, 20, 30]);
  });

  it('breaks equal times by priority, then by insertion order', () => {
    const queue = new EventQueue();
    queue.push(5, 2, 0, 1);
    queue.push(5, 1, 0, 2);
    queue.push(5, 2, 0, 3);
    queue.push(5, 1, 0, 4);
    queue.push(4, 9, 0, 5);
    expect(drain(queue).map((e) => e.target)).toEqual([5, 2, 4, 1, 3]);
  });

  it('matches a stable sort by (time, priority, insertion) for any sequence of pushes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: 0, max: 3 }) }), { maxLength: 300 }),
        (events) => {
          const queue = new EventQueue(4);
          events.forEach((e, i) => queue.push(e.time, e.priority, 0, i));
          const expected = events
            .map((e, i) => ({ ...e, i }))
            .sort((x, y) => x.time - y.time || x.priority - y.priority || x.i - y.i)
            .map((e) => e.i);
          expect(drain(queue).map((e) => e.target)).toEqual(expected);
        },
      ),
    );
  });

  it('keeps the same order when some events sit in slots', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 10 }), priority: fc.integer({ min: 0, max: 2 }), slot: fc.integer({ min: -1, max: 2 }) }), {
          maxLength: 60,
        }),
        (events) => {
          const queue = new EventQueue(4, 3);
          const live = new Map<number, { time: number; priority: number; i: number }>();
          const heap: { time: number; priority: number; i: number }[] = [];
          events.forEach((e, i) => {
            if (e.slot >= 0) {
              queue.setSlot(e.slot, e.time, e.priority, 0, i);
              live.set(e.slot, { time: e.time, priority: e.priority, i });
            } else {
              queue.push(e.time, e.priority, 0, i);
              heap.push({ time: e.time, priority: e.priority, i });
            }
          });
          const expected = [...heap, ...live.values()].sort((x, y) => x.time - y.time || x.priority - y.priority || x.i - y.i).map((e) => e.i);
          expect(queue.size).toBe(expected.length);
          expect(drain(queue).map((e) => e.target)).toEqual(expected);
        },
      ),
    );
  });

  it('replaces the pending event of a slot and cancels it with clearSlot', () => {
    const queue = new EventQueue(4, 2);
    queue.setSlot(0, 5, 0, 1, 100);
    queue.setSlot(0, 7, 0, 1, 101);
    queue.setSlot(1, 6, 0, 1, 200);
    queue.clearSlot(1);
    queue.push(6.5, 0, 2, 300);
    expect(drain(queue)).toEqual([
      { time: 6.5, kind: 2, target: 300 },
      { time: 7, kind: 1, target: 101 },
    ]);
  });

  it('returns tokens that identify each popped event', () => {
    const queue = new EventQueue();
    const first = queue.push(1, 3, 0, 0);
    const second = queue.push(1, 3, 0, 0);
    expect(first).not.toBe(second);
    queue.pop();
    expect(queue.token).toBe(first);
    queue.pop();
    expect(queue.token).toBe(second);
  });

  it('stops at the given horizon without removing later events', () => {
    const queue = new EventQueue();
    queue.push(2, 0, 0, 1);
    expect(queue.pop(1.5)).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.pop(2)).toBe(true);
    expect(queue.pop()).toBe(false);
  });

  it('rejects out-of-range priorities, kinds and targets', () => {
    const queue = new EventQueue();
    expect(() => queue.push(1, 1024, 0, 0)).toThrow(RangeError);
    expect(() => queue.push(1, 0, 16, 0)).toThrow(RangeError);
    expect(() => queue.push(1, 0, 0, -1)).toThrow(RangeError);
    expect(() => new EventQueue(4, 65)).toThrow(RangeError);
  });
});

describe('Engine', () => {
  class Recorder implements EventHandler {
    readonly engine: Engine;
    readonly handled: string[] = [];
    readonly advances: number[] = [];
    constructor() {
      this.engine = new Engine(this, 4, 1);
    }
    advance(time: number): void {
      this.advances.push(time);
    }
    handle(kind: number, target: number): void {
      this.handled.push(`${this.engine.now}:${kind}:${target}`);
      if (kind === 1 && target < 3) this.engine.schedule(this.engine.now + 1, 0, 1, target + 1);
    }
  }

  it('steps one event at a time and advances the clock to it', () => {
    const model = new Recorder();
    model.engine.schedule(2, 0, 1, 0);
    expect(model.engine.step()).toBe(true);
    expect(model.engine.now).toBe(2);
    expect(model.handled).toEqual(['2:1:0']);
    expect(model.advances).toEqual([2]);
  });

  it('runs every event up to the horizon, including ones scheduled on the way, and stops the clock there', () => {
    const model = new Recorder();
    model.engine.schedule(1, 0, 1, 0);
    model.engine.runUntil(3.5);
    expect(model.handled).toEqual(['1:1:0', '2:1:1', '3:1:2']);
    expect(model.engine.now).toBe(3.5);
    expect(model.engine.eventsProcessed).toBe(3);
    expect(model.engine.nextEventTime()).toBe(4);
  });

  it('refuses to schedule in the past', () => {
    const model = new Recorder();
    model.engine.runUntil(5);
    expect(() => model.engine.schedule(4, 0, 1, 0)).toThrow(/before the clock/);
    expect(() => model.engine.scheduleSlot(0, 4, 0, 1, 0)).toThrow(/before the clock/);
  });

  it('returns false from step when nothing is scheduled', () => {
    const model = new Recorder();
    expect(model.engine.step()).toBe(false);
  });
});
