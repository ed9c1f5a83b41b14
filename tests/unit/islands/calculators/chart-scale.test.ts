import { describe, expect, test } from 'vitest';
import { linePath, linearAxis, logAxis, project } from '../../../../src/islands/calculators/chart-scale';

describe('linearAxis', () => {
  test('widens to round ticks 1, 2 or 5 × 10ⁿ apart', () => {
    expect(linearAxis(0, 56)).toEqual({ min: 0, max: 60, ticks: [0, 20, 40, 60], log: false });
    expect(linearAxis(-100, 337).ticks).toEqual([-100, 0, 100, 200, 300, 400]);
  });

  test('stays on the data range when tight, with ticks inside it', () => {
    const axis = linearAxis(12, 38, { count: 6, tight: true, integer: true });
    expect([axis.min, axis.max]).toEqual([12, 38]);
    expect(axis.ticks).toEqual([15, 20, 25, 30, 35]);
  });

  test('never puts ticks between whole numbers when asked for integers', () => {
    expect(linearAxis(1, 3, { count: 6, tight: true, integer: true }).ticks).toEqual([1, 2, 3]);
  });

  test('copes with an empty or non-finite range', () => {
    const flat = linearAxis(5, 5);
    expect(flat.min).toBeLessThan(5);
    expect(flat.max).toBeGreaterThan(5);
    const broken = linearAxis(Number.NaN, Infinity);
    expect(broken.ticks.every(Number.isFinite)).toBe(true);
  });

  test('keeps floating-point dust out of tick values', () => {
    expect(linearAxis(0, 0.7, { count: 7 }).ticks).toContain(0.3);
  });
});

describe('logAxis', () => {
  test('covers whole decades', () => {
    expect(logAxis(0.0093, 0.34)).toEqual({ min: 0.001, max: 1, ticks: [0.001, 0.01, 0.1, 1], log: true });
  });

  test('keeps the top decades when the range is too wide', () => {
    const axis = logAxis(1e-19, 0.5, 6);
    expect(axis.max).toBe(1);
    expect(axis.min).toBe(1e-6);
    expect(axis.ticks).toHaveLength(7);
  });

  test('falls back to one decade for bounds that are not positive', () => {
    const axis = logAxis(0, 0);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
    expect(axis.ticks.every((tick) => tick > 0 && Number.isFinite(tick))).toBe(true);
  });
});

describe('project', () => {
  test('maps linearly and clamps to the axis', () => {
    const axis = linearAxis(0, 10, { tight: true });
    expect(project(axis, 5, 0, 100)).toBe(50);
    expect(project(axis, 20, 0, 100)).toBe(100);
    expect(project(axis, -3, 100, 0)).toBe(100);
  });

  test('maps by decades on a log axis and puts zero at the bottom', () => {
    const axis = logAxis(0.001, 1);
    expect(project(axis, 0.01, 0, 300)).toBeCloseTo(100);
    expect(project(axis, 0, 300, 0)).toBe(300);
  });
});

describe('linePath', () => {
  test('lifts the pen over gaps', () => {
    const identity = (value: number) => value;
    expect(linePath([[0, 1], [1, null], [2, 3], [3, 4]], identity, identity)).toBe('M0.0 1.0M2.0 3.0L3.0 4.0');
  });
});
