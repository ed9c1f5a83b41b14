import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AVAILABILITY_FORM, computeChain, computeConversion, type AvailabilityKey } from '../../../../src/islands/calculators/availability-model';
import { defaultState } from '../../../../src/islands/calculators/url-state';
import { expectNoBrokenNumbers } from './no-broken-numbers';

const START = defaultState(AVAILABILITY_FORM);
const convert = (values: Partial<Record<AvailabilityKey, string>>) => computeConversion({ ...START.values, ...values });

describe('computeConversion', () => {
  test('turns 99.9% into 3 nines and 8.76 hours a year', () => {
    const outcome = convert({ from: 'percent', avail: '99.9' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.nines).toBe('3');
    expect(outcome.rows.map((row) => row.downtime)).toEqual(['8.76 h', '43.8 min', '10.1 min', '1.44 min']);
  });

  test('uses the mean calendar year when asked: 8.77 hours', () => {
    const outcome = convert({ from: 'percent', avail: '99.9', basis: 'gregorian' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.rows[0]?.downtime).toBe('8.77 h');
  });

  test('turns 4 nines into 52.6 minutes a year', () => {
    const outcome = convert({ from: 'nines', nines: '4' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.availability).toBeCloseTo(0.9999, 12);
    expect(outcome.rows[0]?.downtime).toBe('52.6 min');
  });

  test('turns 5.26 minutes a year back into about 5 nines', () => {
    const outcome = convert({ from: 'downtime', down: '5.256', unit: 'minutes', per: 'year' });
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.availability).toBeCloseTo(0.99999, 9);
    expect(outcome.nines).toBe('5');
  });

  test('refuses more downtime than the period holds, and 100% availability', () => {
    expect(convert({ from: 'downtime', down: '25', unit: 'hours', per: 'day' })).toMatchObject({ errors: { down: 'Downtime allowed cannot be longer than the day itself (24 h).' } });
    expect(convert({ from: 'percent', avail: '100' })).toMatchObject({ errors: { avail: 'Availability must be less than 100.' } });
    expect(convert({ from: 'downtime', down: '0' })).toMatchObject({ errors: { down: expect.stringContaining('100% availability') } });
  });

  test('only checks the field it starts from', () => {
    expect(convert({ from: 'nines', avail: 'garbage', nines: '2' }).status).toBe('ok');
  });
});

describe('computeChain', () => {
  test('multiplies a chain and gives replicas their parallel availability', () => {
    const outcome = computeChain([
      { name: 'A', avail: '99.9', replicas: '1' },
      { name: 'B', avail: '99', replicas: '2' },
    ]);
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.rows[1]?.effective).toBe('99.99%');
    expect(outcome.serial).toBeCloseTo(0.999 * 0.9999, 12);
    expect(outcome.figures[2]).toEqual({ label: 'Weakest link', value: 'A (99.9%)' });
    expect(outcome.rows[0]?.weakest).toBe(true);
  });

  test('does not claim exactly 100% when rounding hides a tiny downtime', () => {
    const outcome = computeChain(START.rows.dep);
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.figures[1]?.value).toBe('above 99.9999999999999%, under a millisecond down a year');
  });

  test('puts messages beside bad cells and needs at least one dependency', () => {
    expect(computeChain([{ name: 'A', avail: '101', replicas: '0' }])).toMatchObject({
      errors: { 'dep.0.avail': 'Availability (%) must be at most 100.', 'dep.0.replicas': 'Replicas must be at least 1.' },
    });
    expect(computeChain([])).toMatchObject({ status: 'invalid', general: 'Add at least one dependency.' });
  });

  test('never shows NaN or Infinity', () => {
    const text = fc.oneof(fc.constantFrom('', '0', '100', '99.9999999', 'x'), fc.double({ min: 0, max: 100, noNaN: true }).map(String));
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.constant('X'), avail: text, replicas: fc.constantFrom('1', '3', '10', '11') }), { maxLength: 4 }), (rows) =>
        expectNoBrokenNumbers(computeChain(rows)),
      ),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(fc.constantFrom('percent', 'nines', 'downtime'), text, (from, value) => expectNoBrokenNumbers(convert({ from, avail: value, nines: value, down: value }))),
      { numRuns: 100 },
    );
  });
});
