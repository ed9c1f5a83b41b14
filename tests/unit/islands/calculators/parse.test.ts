import { describe, expect, test } from 'vitest';
import { isAcceptableLabel, labelProblem, parseNumberInput } from '../../../../src/islands/calculators/parse';

describe('parseNumberInput', () => {
  test('reads plain, grouped, signed and exponent forms', () => {
    expect(parseNumberInput('1200', 'Rate')).toEqual({ ok: true, value: 1200 });
    expect(parseNumberInput(' 1,200.5 ', 'Rate')).toEqual({ ok: true, value: 1200.5 });
    expect(parseNumberInput('1.5e3', 'Rate')).toEqual({ ok: true, value: 1500 });
    expect(parseNumberInput('+.5', 'Rate')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberInput('−2', 'Delta')).toEqual({ ok: true, value: -2 });
  });

  test('asks for a value when a required box is empty, and reads an optional empty box as null', () => {
    expect(parseNumberInput('  ', 'Arrival rate')).toEqual({ ok: false, message: 'Arrival rate needs a value.' });
    expect(parseNumberInput('', 'Target mean wait', { optional: true })).toEqual({ ok: true, value: null });
  });

  test('refuses text that is not a number, naming the field', () => {
    for (const text of ['abc', '12abc', '0x10', 'Infinity', 'NaN', '1 200', '--1', '1e', '.']) {
      const result = parseNumberInput(text, 'Arrival rate');
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^Arrival rate /);
    }
  });

  test('explains that a comma is not a decimal point', () => {
    expect(parseNumberInput('0,5', 'Share')).toEqual({ ok: false, message: 'Share must be a number; use a dot for decimals, for example 0.5.' });
  });

  test('refuses numbers too large to be finite, and very long text', () => {
    expect(parseNumberInput('1e400', 'Rate')).toEqual({ ok: false, message: 'Rate is too large.' });
    expect(parseNumberInput('1'.repeat(40), 'Rate').ok).toBe(false);
  });

  test('applies the limits, with the right words for inclusive and exclusive bounds', () => {
    expect(parseNumberInput('0', 'Arrival rate', { min: 0, minExclusive: true })).toEqual({ ok: false, message: 'Arrival rate must be greater than 0.' });
    expect(parseNumberInput('-1', 'Headroom', { min: 0 })).toEqual({ ok: false, message: 'Headroom must be at least 0.' });
    expect(parseNumberInput('100', 'Target blocking', { max: 100, maxExclusive: true })).toEqual({ ok: false, message: 'Target blocking must be less than 100.' });
    expect(parseNumberInput('20000', 'Queue places', { max: 10000 })).toEqual({ ok: false, message: 'Queue places must be at most 10,000.' });
    expect(parseNumberInput('2.5', 'Partitions', { integer: true })).toEqual({ ok: false, message: 'Partitions must be a whole number.' });
    expect(parseNumberInput('99.99', 'Target blocking', { min: 0, minExclusive: true, max: 100, maxExclusive: true })).toEqual({ ok: true, value: 99.99 });
  });
});

describe('isAcceptableLabel', () => {
  test('accepts names with letters, digits and light punctuation', () => {
    expect(isAcceptableLabel('Bad deploy (canary), 2/yr')).toBe(true);
    expect(isAcceptableLabel('Base de données')).toBe(true);
    expect(isAcceptableLabel('')).toBe(true);
  });

  test('refuses markup, link-like text and long names', () => {
    expect(isAcceptableLabel('<script>alert(1)</script>')).toBe(false);
    expect(isAcceptableLabel('see https://example.com')).toBe(false);
    expect(isAcceptableLabel('x'.repeat(41))).toBe(false);
  });
});

describe('labelProblem', () => {
  test('says what is wrong with a name, or nothing', () => {
    expect(labelProblem('Database', 'Name')).toBeNull();
    expect(labelProblem('a<b', 'Name')).toMatch(/^Name may use letters, digits/);
    expect(labelProblem('x'.repeat(41), 'Name')).toBe('Name must be at most 40 characters.');
  });
});
