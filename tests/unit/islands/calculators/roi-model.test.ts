import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ROI_FORM, ROI_SCENARIOS, SENSITIVITY_FACTORS, blankFailureMode, computeRoi, describePayback, type RoiKey } from '../../../../src/islands/calculators/roi-model';
import { defaultState, type Row } from '../../../../src/islands/calculators/url-state';
import { expectNoBrokenNumbers } from './no-broken-numbers';

const START = defaultState(ROI_FORM);
const roi = (values: Partial<Record<RoiKey, string>> = {}, rows: readonly Row[] = START.rows.mode) => computeRoi({ ...START.values, ...values }, rows);

describe('ROI_SCENARIOS', () => {
  test('are all labelled illustrative', () => {
    for (const scenario of ROI_SCENARIOS) expect(scenario.title).toMatch(/^Illustrative: /);
  });
});

describe('computeRoi', () => {
  test('adds up expected annual loss before and after for the first illustrative scenario', () => {
    const outcome = roi();
    if (outcome.status !== 'ok') throw new Error('invalid');
    // Before: (6×1.5 + 4×1 + 1×2) h × $50,000 × 70% kept lost = $525,000; labour $44,000; credits $100,000.
    expect(outcome.before.total).toBeCloseTo(669_000, 6);
    // After: revenue 78,750 + 35,000 + 70,000; labour 44,000; credits 15,000 + 5,000 + 20,000.
    expect(outcome.after.total).toBeCloseTo(267_750, 6);
    expect(outcome.benefit).toBeCloseTo(401_250, 6);
    expect(outcome.figures[0]).toEqual({ label: 'Expected annual loss before', value: '$669,000' });
    expect(outcome.breakdown[2]).toEqual({ name: 'Shared database outage', before: '$98,000', after: '$98,000', saving: '$0' });
  });

  test('reports payback and discounted ROI', () => {
    const outcome = roi();
    if (outcome.status !== 'ok' || !outcome.payback.paysBack) throw new Error('expected payback');
    expect(outcome.payback.years).toBeCloseTo(400_000 / 281_250, 9);
    expect(outcome.paybackText).toBe('1.42 years (simple payback, not discounted).');
    const factor = 1 / 1.08 + 1 / 1.08 ** 2 + 1 / 1.08 ** 3;
    expect(outcome.roi.roi).toBeCloseTo((factor * 281_250 - 400_000) / (400_000 + factor * 120_000), 9);
  });

  test('says clearly when the investment never pays back', () => {
    const scenario = ROI_SCENARIOS[1];
    if (!scenario) throw new Error('missing scenario');
    const outcome = computeRoi({ ...scenario.values, sens: 'freq' }, scenario.modes);
    if (outcome.status !== 'ok') throw new Error('invalid');
    expect(outcome.payback.paysBack).toBe(false);
    expect(outcome.headline).toMatch(/never pays back\.$/);
    expect(outcome.paybackText).toMatch(/^Never pays back: the yearly benefit \(\$2,800\) does not exceed the yearly running cost \(\$15,000\)/);
  });

  test('notes a payback that falls after the horizon', () => {
    expect(describePayback({ paysBack: true, years: 4, netAnnualBenefit: 1 }, 0, 1, 3)).toBe('4 years (simple payback, not discounted, after the 3-year horizon).');
  });

  test('plots ROI against 0× to 3× of the varied input, with break-even and the entered value marked', () => {
    for (const sens of ['freq', 'after', 'rev'] as const) {
      const outcome = roi({ sens });
      if (outcome.status !== 'ok') throw new Error('invalid');
      const points = outcome.chart.series[0]?.points ?? [];
      expect(points).toHaveLength(SENSITIVITY_FACTORS.length);
      expect(points[10]?.[1]).toBeCloseTo(outcome.roi.roi * 100, 9);
      expect(outcome.chart.guides).toEqual([{ y: 0, label: 'break-even' }]);
      expect(outcome.chart.markers).toEqual([{ x: 1, label: 'as entered' }]);
    }
    const frequency = roi({ sens: 'freq' });
    if (frequency.status !== 'ok') throw new Error('invalid');
    const values = frequency.chart.series[0]?.points.map(([, value]) => value ?? 0) ?? [];
    expect(values[0]).toBeLessThan(0);
    expect(values.at(-1)).toBeGreaterThan(values[0] ?? 0);
    expect(frequency.chart.summary).toContain('ROI crosses zero');
  });

  test('puts messages beside bad cells of a failure-mode row', () => {
    const rows = [{ ...START.rows.mode[0], freq: 'often', after: '150', name: '<b>' }];
    const outcome = roi({}, rows);
    expect(outcome).toMatchObject({
      status: 'invalid',
      errors: {
        'mode.0.freq': 'Incidents per year must be a number, for example 2.5.',
        'mode.0.after': 'Users affected after (%) must be at most 100.',
        'mode.0.name': expect.stringMatching(/^Name may use/),
      },
    });
  });

  test('refuses both costs at 0, since ROI divides by the total cost', () => {
    expect(roi({ capex: '0', opex: '0' })).toMatchObject({ status: 'invalid', errors: { capex: expect.stringContaining('cannot both be 0') } });
  });

  test('needs at least one failure mode', () => {
    expect(roi({}, [])).toMatchObject({ status: 'invalid', general: 'Add at least one failure mode.' });
  });

  test('never shows NaN or Infinity', () => {
    const text = fc.oneof(fc.constantFrom('', '0', '1', '100', 'x', '1e12', '0.5'), fc.integer({ min: 0, max: 1_000_000 }).map(String));
    const row = fc.record({ name: fc.constantFrom('A', ''), freq: text, hours: text, before: text, after: text, labour: text, credits: text });
    fc.assert(
      fc.property(
        fc.record({ rev: text, recov: text, capex: text, opex: text, years: text, disc: text, sens: fc.constantFrom('freq', 'after', 'rev') }),
        fc.array(row, { minLength: 1, maxLength: 3 }),
        (values, rows) => expectNoBrokenNumbers(computeRoi(values, rows)),
      ),
      { numRuns: 100 },
    );
  });
});

describe('blankFailureMode', () => {
  test('numbers the new mode and gives it usable values', () => {
    const outcome = roi({}, [blankFailureMode(0)]);
    expect(blankFailureMode(2).name).toBe('Failure mode 3');
    expect(outcome.status).toBe('ok');
  });
});
