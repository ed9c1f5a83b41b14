import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOURS_PER_YEAR,
  availabilityFromDowntime,
  availabilityToNines,
  downtimeBudget,
  ninesToAvailability,
  parallelAvailability,
  serialAvailability,
} from '../../../src/queueing';

describe('downtimeBudget', () => {
  it('allows 8.76 h, 52.56 min and 5.26 min a year for three, four and five nines (365-day year by default)', () => {
    expect(downtimeBudget({ availability: 0.999 }).perYear).toBeCloseTo(8.76, 9);
    expect(downtimeBudget({ availability: 0.9999 }).perYear * 60).toBeCloseTo(52.56, 7);
    expect(downtimeBudget({ availability: 0.99999 }).perYear * 60).toBeCloseTo(5.256, 6);
    expect(downtimeBudget({ availability: 0.999 }).yearBasis).toBe('common');
  });

  it('allows 8.77 h, 52.6 min and 5.26 min on a 365.2425-day year', () => {
    const budget = (availability: number) => downtimeBudget({ availability, yearBasis: 'gregorian' }).perYear;
    expect(budget(0.999)).toBeCloseTo(8.77, 2);
    expect(budget(0.9999) * 60).toBeCloseTo(52.6, 1);
    expect(budget(0.99999) * 60).toBeCloseTo(5.26, 2);
  });

  it('splits the year into twelve months and gives weeks and days their own length', () => {
    const budget = downtimeBudget({ availability: 0.99 });
    expect(budget.perMonth).toBeCloseTo(budget.perYear / 12, 12);
    expect(budget.perWeek).toBeCloseTo(1.68, 12);
    expect(budget.perDay).toBeCloseTo(0.24, 12);
  });

  it('rejects an availability above 1 and an unknown year', () => {
    expect(() => downtimeBudget({ availability: 99.9 })).toThrow('availability must be a fraction from 0 to 1 (got 99.9)');
    // @ts-expect-error: checks the message for untyped callers.
    expect(() => downtimeBudget({ availability: 0.9, yearBasis: 'leap' })).toThrow("yearBasis must be 'common'");
  });
});

describe('availabilityFromDowntime', () => {
  it('inverts the budget for every period and year basis', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('year' as const, 'month' as const, 'week' as const, 'day' as const),
        fc.constantFrom('common' as const, 'gregorian' as const),
        (availability, period, yearBasis) => {
          const budget = downtimeBudget({ availability, yearBasis });
          const downtimeHours = { year: budget.perYear, month: budget.perMonth, week: budget.perWeek, day: budget.perDay }[period];
          expect(availabilityFromDowntime({ downtimeHours, period, yearBasis })).toBeCloseTo(availability, 12);
        },
      ),
    );
  });

  it('refuses more downtime than the period holds', () => {
    expect(() => availabilityFromDowntime({ downtimeHours: 25, period: 'day' })).toThrow(
      "downtimeHours cannot exceed the day's 24 hours (got 25)",
    );
    expect(HOURS_PER_YEAR.common).toBe(8760);
  });
});

describe('ninesToAvailability', () => {
  it('turns 3 nines into 0.999 and 3.5 into about 0.99968', () => {
    expect(ninesToAvailability({ nines: 3 })).toBeCloseTo(0.999, 15);
    expect(ninesToAvailability({ nines: 3.5 })).toBeCloseTo(1 - 10 ** -3.5, 15);
  });
});

describe('availabilityToNines', () => {
  it('inverts ninesToAvailability', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 9, noNaN: true }), (nines) => {
        expect(availabilityToNines({ availability: ninesToAvailability({ nines }) })).toBeCloseTo(nines, 6);
      }),
    );
  });

  it('explains that 100% has no finite number of nines', () => {
    expect(() => availabilityToNines({ availability: 1 })).toThrow('100% has no finite number of nines');
  });
});

describe('serialAvailability', () => {
  it('multiplies: two 99.9% dependencies give 99.8001%', () => {
    expect(serialAvailability({ components: [0.999, 0.999] })).toBeCloseTo(0.998001, 15);
  });

  it('is never better than its weakest part', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }), (components) => {
        expect(serialAvailability({ components })).toBeLessThanOrEqual(Math.min(...components));
      }),
    );
  });

  it('needs at least one component and names a bad one by position', () => {
    expect(() => serialAvailability({ components: [] })).toThrow('components must be a list of at least one availability');
    expect(() => serialAvailability({ components: [0.9, 1.2] })).toThrow('components[1] must be a fraction from 0 to 1 (got 1.2)');
  });
});

describe('parallelAvailability', () => {
  it('gives 99.99% for two independent 99% replicas', () => {
    expect(parallelAvailability({ components: [0.99, 0.99] })).toBeCloseTo(0.9999, 15);
  });

  it('is never worse than its best part', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }), (components) => {
        expect(parallelAvailability({ components })).toBeGreaterThanOrEqual(Math.max(...components) - 1e-15);
      }),
    );
  });
});
