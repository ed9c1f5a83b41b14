import { describe, expect, test } from 'vitest';
import { formatClock, formatCount, formatDuration, formatNumber, formatPercent, formatShare, formatSpeed } from '../../../../src/islands/simulator/format';

describe('formatPercent', () => {
  test('shows percentages near 0% and 100% with a decimal, never rounding to the extremes', () => {
    expect([1, 0.9996, 0.995, 0.5, 0.004, 0.0001, 0].map(formatPercent)).toEqual(['100%', '99.9%', '99.5%', '50%', '0.4%', '<0.1%', '0%']);
  });

  test('shows a dash for missing or non-finite shares', () => {
    for (const value of [Number.NaN, Infinity, -Infinity, null, undefined]) expect(formatPercent(value)).toBe('–');
  });
});

describe('formatShare', () => {
  test('keeps two significant digits so small differences from theory show', () => {
    expect([0.021, 0.0053, 0.00000001, 0, 1, 0.5].map(formatShare)).toEqual(['2.1%', '0.53%', '<0.001%', '0%', '100%', '50%']);
    expect(formatShare(Number.NaN)).toBe('–');
  });
});

describe('formatDuration', () => {
  test('writes milliseconds below a second and seconds above', () => {
    expect([0.0042, 0.05, 0.999, 1, 12.345].map(formatDuration)).toEqual(['4.2 ms', '50 ms', '999 ms', '1 s', '12.3 s']);
  });

  test('shows a dash for missing, negative or non-finite times', () => {
    for (const value of [Number.NaN, Infinity, -1, null, undefined]) expect(formatDuration(value)).toBe('–');
  });
});

describe('formatClock', () => {
  test('writes simulated time with one decimal', () => {
    expect(formatClock(15)).toBe('15.0 s');
    expect(formatClock(1234.56)).toBe('1,234.6 s');
    expect(formatClock(Number.NaN)).toBe('–');
  });
});

describe('formatNumber', () => {
  test('keeps three significant digits with separators', () => {
    expect(formatNumber(1234.5)).toBe('1,230');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Infinity)).toBe('–');
  });
});

describe('formatCount', () => {
  test('writes whole counts with separators', () => {
    expect(formatCount(46711)).toBe('46,711');
    expect(formatCount(Infinity)).toBe('–');
  });
});

describe('formatSpeed', () => {
  test('writes a playback speed with a times sign', () => {
    expect(formatSpeed(0.25)).toBe('0.25×');
    expect(formatSpeed(50)).toBe('50×');
  });
});
