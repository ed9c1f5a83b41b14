import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../../src/sim/index';
import { ArrivalSchedule } from '../../../src/sim/models/arrival-schedule';

describe('ArrivalSchedule', () => {
  it('spaces arrivals by hazard / rate at a constant rate', () => {
    const schedule = new ArrivalSchedule(4);
    expect(schedule.next(10, 2)).toBe(10.5);
    expect(schedule.rateAt(3)).toBe(4);
  });

  it('adds burst rate only inside the burst and applies steps from their time on', () => {
    const schedule = new ArrivalSchedule(10, [{ at: 50, rate: 20 }], [{ start: 10, end: 20, extraRate: 5 }]);
    expect(schedule.rateAt(5)).toBe(10);
    expect(schedule.rateAt(10)).toBe(15);
    expect(schedule.burstRateAt(15)).toBe(5);
    expect(schedule.rateAt(20)).toBe(10);
    expect(schedule.rateAt(60)).toBe(20);
    expect(schedule.hazardBetween(0, 60)).toBeCloseTo(10 * 50 + 5 * 10 + 20 * 10, 9);
  });

  it('inverts its integrated rate exactly across breakpoints', () => {
    const schedule = new ArrivalSchedule(2, [{ at: 7, rate: 0.5 }], [{ start: 3, end: 5, extraRate: 8 }]);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 1e-6, max: 40, noNaN: true }), (from, hazard) => {
        const time = schedule.next(from, hazard);
        expect(schedule.hazardBetween(from, time)).toBeCloseTo(hazard, 7);
      }),
    );
  });

  it('returns Infinity once the rate drops to zero for good', () => {
    const schedule = new ArrivalSchedule(1, [{ at: 2, rate: 0 }]);
    expect(schedule.next(1, 5)).toBe(Infinity);
  });

  it('drops later steps but keeps bursts when the base rate is set', () => {
    const schedule = new ArrivalSchedule(10, [{ at: 50, rate: 20 }], [{ start: 40, end: 45, extraRate: 5 }]);
    schedule.setBaseRate(30, 3);
    expect(schedule.rateAt(29)).toBe(10);
    expect(schedule.rateAt(35)).toBe(3);
    expect(schedule.rateAt(42)).toBe(8);
    expect(schedule.rateAt(60)).toBe(3);
  });

  it('produces Poisson counts with the integrated rate as their mean', () => {
    const schedule = new ArrivalSchedule(50, [], [{ start: 100, end: 200, extraRate: 150 }]);
    const rng = createRng(17);
    let t = 0;
    let inBurst = 0;
    let outside = 0;
    for (;;) {
      t = schedule.next(t, -Math.log(1 - rng.next()));
      if (t > 300) break;
      if (t >= 100 && t < 200) inBurst++;
      else outside++;
    }
    // Counts are Poisson: standard deviation √mean; allow 5 of them.
    expect(Math.abs(inBurst - 20_000)).toBeLessThan(5 * Math.sqrt(20_000));
    expect(Math.abs(outside - 10_000)).toBeLessThan(5 * Math.sqrt(10_000));
  });
});
