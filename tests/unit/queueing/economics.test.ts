import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annualBenefit, expectedAnnualLoss, paybackPeriod, returnOnInvestment } from '../../../src/queueing';

describe('expectedAnnualLoss', () => {
  it('adds frequency × hours × revenue rate × share affected, plus labour and SLA credits', () => {
    const loss = expectedAnnualLoss({
      revenuePerHour: 10_000,
      failureModes: [
        { name: 'dependency brownout', frequencyPerYear: 4, durationHours: 2, shareAffected: 0.5, labourCostPerIncident: 1_000 },
        { frequencyPerYear: 1, durationHours: 1, shareAffected: 1, slaCreditsPerIncident: 5_000 },
      ],
    });
    expect(loss.perMode[0]).toEqual({ name: 'dependency brownout', revenueLost: 40_000, labour: 4_000, slaCredits: 0, total: 44_000 });
    expect(loss.perMode[1]).toEqual({ name: 'failure mode 2', revenueLost: 10_000, labour: 0, slaCredits: 5_000, total: 15_000 });
    expect(loss.total).toBe(59_000);
    expect(loss.revenueLost).toBe(50_000);
  });

  it('counts only revenue that is not recovered later, with per-mode overrides', () => {
    const loss = expectedAnnualLoss({
      revenuePerHour: 1_000,
      fractionRecovered: 0.75,
      failureModes: [
        { frequencyPerYear: 2, durationHours: 1, shareAffected: 1 },
        { frequencyPerYear: 2, durationHours: 1, shareAffected: 1, fractionRecovered: 0 },
      ],
    });
    expect(loss.perMode.map((mode) => mode.revenueLost)).toEqual([500, 2_000]);
  });

  it('shrinks in proportion to the share affected, as cells do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (cells) => {
        const mode = { frequencyPerYear: 3, durationHours: 1.5 };
        const before = expectedAnnualLoss({ revenuePerHour: 8_000, failureModes: [{ ...mode, shareAffected: 1 }] }).total;
        const after = expectedAnnualLoss({ revenuePerHour: 8_000, failureModes: [{ ...mode, shareAffected: 1 / cells }] }).total;
        expect(after * cells).toBeCloseTo(before, 6);
      }),
    );
  });

  it('names the failing field by its position in the list', () => {
    expect(() =>
      expectedAnnualLoss({ revenuePerHour: 1, failureModes: [{ frequencyPerYear: 1, durationHours: 1, shareAffected: 2 }] }),
    ).toThrow('failureModes[0].shareAffected must be a fraction from 0 to 1 (got 2)');
  });
});

describe('annualBenefit', () => {
  it('is the loss before minus the loss after, and can be negative', () => {
    expect(annualBenefit({ lossBefore: 59_000, lossAfter: 14_750 })).toBe(44_250);
    expect(annualBenefit({ lossBefore: 1_000, lossAfter: 2_000 })).toBe(-1_000);
  });
});

describe('paybackPeriod', () => {
  it('divides the one-off cost by the net yearly benefit', () => {
    expect(paybackPeriod({ initialCost: 100_000, annualBenefit: 80_000, annualCost: 20_000 })).toEqual({
      paysBack: true,
      years: 100_000 / 60_000,
      netAnnualBenefit: 60_000,
    });
  });

  it('says it never pays back when the yearly cost eats the benefit, instead of returning Infinity', () => {
    for (const annualCost of [80_000, 90_000]) {
      const result = paybackPeriod({ initialCost: 100_000, annualBenefit: 80_000, annualCost });
      expect(result).toMatchObject({ paysBack: false, reason: 'benefit-does-not-exceed-running-cost' });
      expect(Number.isFinite(result.netAnnualBenefit)).toBe(true);
    }
  });
});

describe('returnOnInvestment', () => {
  it('keeps one-off and yearly costs apart: (T·(B − Cₐ) − C₀) / (C₀ + T·Cₐ)', () => {
    const result = returnOnInvestment({ initialCost: 100_000, annualBenefit: 80_000, annualCost: 20_000, years: 3 });
    expect(result.roi).toBeCloseTo((3 * 60_000 - 100_000) / (100_000 + 3 * 20_000), 15);
    expect(result.annuityFactor).toBe(3);
  });

  it('discounts yearly amounts when given a rate', () => {
    const result = returnOnInvestment({ initialCost: 100_000, annualBenefit: 80_000, annualCost: 20_000, years: 2, discountRate: 0.1 });
    const factor = 1 / 1.1 + 1 / 1.21;
    expect(result.annuityFactor).toBeCloseTo(factor, 15);
    expect(result.roi).toBeCloseTo((factor * 60_000 - 100_000) / (100_000 + factor * 20_000), 12);
  });

  it('falls as the discount rate rises when the project pays back', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 30 }), (discountRate, years) => {
        const base = { initialCost: 50_000, annualBenefit: 90_000, annualCost: 10_000, years };
        const lower = returnOnInvestment({ ...base, discountRate }).roi;
        const higher = returnOnInvestment({ ...base, discountRate: discountRate + 0.05 }).roi;
        expect(higher).toBeLessThanOrEqual(lower + 1e-12);
      }),
    );
  });

  it('refuses a horizon of 0 years and a project with no cost at all', () => {
    expect(() => returnOnInvestment({ initialCost: 1, annualBenefit: 1, annualCost: 0, years: 0 })).toThrow(
      'years must be a whole number of at least 1 (got 0)',
    );
    expect(() => returnOnInvestment({ initialCost: 0, annualBenefit: 1, annualCost: 0, years: 1 })).toThrow(
      'initialCost and annualCost cannot both be 0',
    );
  });
});
