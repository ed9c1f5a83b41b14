import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  NOT_A_NUMBER,
  formatAvailability,
  formatBigInt,
  formatBigScientific,
  formatCount,
  formatDuration,
  formatHours,
  formatMilliseconds,
  formatMoney,
  formatNumber,
  formatOneIn,
  formatPercent,
  formatPercentDistinct,
  formatProbability,
  formatScientific,
  formatTimes,
  formatYears,
} from '../../../../src/islands/calculators/format';

const NUMBER_FORMATTERS: Record<string, (value: number) => string> = {
  formatAvailability,
  formatCount,
  formatDuration,
  formatHours,
  formatMilliseconds,
  formatMoney,
  formatNumber: (value) => formatNumber(value),
  formatOneIn,
  formatPercent: (value) => formatPercent(value),
  formatPercentDistinct: (value) => formatPercentDistinct(value, 0.01),
  formatProbability,
  formatScientific: (value) => formatScientific(value),
  formatTimes,
  formatYears,
};

describe('every number formatter', () => {
  test('prints a dash, never NaN or Infinity, for values that are not finite', () => {
    for (const [name, format] of Object.entries(NUMBER_FORMATTERS)) {
      for (const value of [Number.NaN, Infinity, -Infinity]) {
        expect(format(value), `${name}(${value})`).toBe(NOT_A_NUMBER);
      }
    }
  });

  test('never prints NaN, Infinity or "undefined" for any double', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        for (const format of Object.values(NUMBER_FORMATTERS)) {
          expect(format(value)).not.toMatch(/NaN|Infinity|undefined/);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatCount', () => {
  test('groups thousands with commas and uses a real minus sign', () => {
    expect(formatCount(730862190080)).toBe('730,862,190,080');
    expect(formatCount(-1200)).toBe('−1,200');
  });
});

describe('formatBigInt', () => {
  test('groups the digits of a BigInt exactly, however long', () => {
    expect(formatBigInt(730862190080n)).toBe('730,862,190,080');
    expect(formatBigInt(28n)).toBe('28');
    expect(formatBigInt(0n)).toBe('0');
    expect(formatBigInt(-1234567n)).toBe('−1,234,567');
    expect(formatBigInt(10n ** 30n)).toBe(`1${',000'.repeat(10)}`);
  });
});

describe('formatBigScientific', () => {
  test('rounds a BigInt far beyond double range to three significant digits', () => {
    expect(formatBigScientific(10n ** 500n)).toBe('1 × 10⁵⁰⁰');
    expect(formatBigScientific(730862190080n)).toBe('7.31 × 10¹¹');
    expect(formatBigScientific(9996n * 10n ** 400n)).toBe('1 × 10⁴⁰⁴');
  });
});

describe('formatScientific', () => {
  test('writes the exponent in superscript digits', () => {
    expect(formatScientific(1.368e-12)).toBe('1.37 × 10⁻¹²');
    expect(formatScientific(2.5e20)).toBe('2.5 × 10²⁰');
    expect(formatScientific(0)).toBe('0');
  });
});

describe('formatNumber', () => {
  test('keeps three significant digits without rounding away whole parts', () => {
    expect(formatNumber(8.1083)).toBe('8.11');
    expect(formatNumber(24000)).toBe('24,000');
    expect(formatNumber(16)).toBe('16');
    expect(formatNumber(0.0005)).toBe('5 × 10⁻⁴');
  });
});

describe('formatPercent', () => {
  test('formats shares with three significant digits', () => {
    expect(formatPercent(0.0644)).toBe('6.44%');
    expect(formatPercent(0.009319)).toBe('0.932%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });

  test('never shows a share below 1 as 100% or a share above 0 as 0%', () => {
    expect(formatPercent(0.999996)).not.toBe('100%');
    expect(formatPercent(1e-12)).toBe('1 × 10⁻¹⁰%');
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, maxExcluded: true, noNaN: true }), (share) => {
        expect(formatPercent(share)).not.toBe('0%');
        expect(formatPercent(share)).not.toBe('100%');
      }),
    );
  });
});

describe('formatPercentDistinct', () => {
  test('adds digits until a value no longer prints like the reference', () => {
    expect(formatPercentDistinct(0.010004, 0.01)).toBe('1.0004%');
    expect(formatPercentDistinct(0.0147, 0.01)).toBe('1.47%');
    expect(formatPercentDistinct(0.01, 0.01)).toBe('1%');
  });
});

describe('formatAvailability', () => {
  test('keeps every significant nine', () => {
    expect(formatAvailability(0.999)).toBe('99.9%');
    expect(formatAvailability(0.998001)).toBe('99.8001%');
    expect(formatAvailability(0.9999999)).toBe('99.99999%');
    expect(formatAvailability(1)).toBe('100%');
  });

  test('never rounds an availability below 1 up to 100%', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.9, max: 1, maxExcluded: true, noNaN: true }), (availability) => {
        expect(formatAvailability(availability)).not.toBe('100%');
      }),
    );
  });
});

describe('formatProbability', () => {
  test('switches to scientific notation for tiny probabilities', () => {
    expect(formatProbability(1 / 28)).toBe('3.57%');
    expect(formatProbability(1 / 730862190080)).toBe('1.37 × 10⁻¹²');
  });
});

describe('formatOneIn', () => {
  test('turns a probability into odds', () => {
    expect(formatOneIn(1 / 28)).toBe('1 in 28');
    expect(formatOneIn(1 / 730862190080)).toBe('1 in 730,862,190,080');
    expect(formatOneIn(0)).toBe('never');
    expect(formatOneIn(-1)).toBe(NOT_A_NUMBER);
  });
});

describe('formatDuration', () => {
  test('picks the unit that reads best', () => {
    expect(formatDuration(0.0000372)).toBe('37.2 µs');
    expect(formatDuration(0.0167)).toBe('16.7 ms');
    expect(formatDuration(1.25)).toBe('1.25 s');
    expect(formatDuration(510)).toBe('8.5 min');
    expect(formatHours(8.76)).toBe('8.76 h');
    expect(formatHours(24 * 3.2)).toBe('3.2 days');
    expect(formatMilliseconds(250)).toBe('250 ms');
    expect(formatDuration(0)).toBe('0 s');
  });
});

describe('formatMoney', () => {
  test('rounds to whole units with separators, keeping cents below 100', () => {
    expect(formatMoney(669000)).toBe('$669,000');
    expect(formatMoney(-12000)).toBe('−$12,000');
    expect(formatMoney(12.5)).toBe('$12.50');
    expect(formatMoney(-0.001)).toBe('$0.00');
  });
});

describe('formatYears', () => {
  test('shows short paybacks in months', () => {
    expect(formatYears(0.5)).toBe('6 months');
    expect(formatYears(1)).toBe('1 year');
    expect(formatYears(1.4235)).toBe('1.42 years');
  });
});

describe('formatTimes', () => {
  test('writes a ratio with a multiplication sign', () => {
    expect(formatTimes(7)).toBe('7×');
  });
});
