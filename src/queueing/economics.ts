import { QueueingInputError } from './errors';
import { finite, finiteResult, fraction, nonNegative, requireInput, whole } from './validate';

/** One way the system fails, with how often, how long and how widely. Money in one currency. */
export interface FailureMode {
  /** A label for the UI, for example "cell outage". */
  name?: string | undefined;
  /** fᵢ: incidents per year, ≥ 0. */
  frequencyPerYear: number;
  /** Dᵢ: hours each incident lasts, ≥ 0. */
  durationHours: number;
  /** sᵢ: share of users (revenue) affected, from 0 to 1; bulkheads and cells lower this. */
  shareAffected: number;
  /** Staff cost of handling one incident, ≥ 0; default 0. */
  labourCostPerIncident?: number | undefined;
  /** SLA credits paid out per incident, ≥ 0; default 0. */
  slaCreditsPerIncident?: number | undefined;
  /** Share of the lost revenue that comes back later (deferred, not lost); overrides the input-wide value. */
  fractionRecovered?: number | undefined;
}

/** Inputs of {@link expectedAnnualLoss}. */
export interface ExpectedAnnualLossInput {
  /** R: revenue per hour when all is well, ≥ 0. */
  revenuePerHour: number;
  /** The failure modes to add up. */
  failureModes: readonly FailureMode[];
  /** Share of lost revenue recovered later, from 0 to 1, for modes that do not set their own; default 0. */
  fractionRecovered?: number | undefined;
}

/** One failure mode's share of the expected annual loss. */
export interface FailureModeLoss {
  name: string;
  /** fᵢ × Dᵢ × R × sᵢ × (1 − recovered), per year. */
  revenueLost: number;
  /** fᵢ × labour cost per incident, per year. */
  labour: number;
  /** fᵢ × SLA credits per incident, per year. */
  slaCredits: number;
  /** The three added, per year. */
  total: number;
}

/** Expected annual loss, in total and per failure mode (money per year). */
export interface ExpectedAnnualLoss {
  total: number;
  revenueLost: number;
  labour: number;
  slaCredits: number;
  perMode: FailureModeLoss[];
}

/**
 * Expected annual loss: EAL = Σ fᵢ × Dᵢ × R × sᵢ × (1 − recovered) + labour + SLA credits.
 * Counting only the revenue that is not made up later avoids the classic overstatement of outage
 * cost (sales deferred are not sales lost).
 */
export function expectedAnnualLoss(input: ExpectedAnnualLossInput): ExpectedAnnualLoss {
  requireInput(input);
  const revenuePerHour = nonNegative('revenuePerHour', input.revenuePerHour);
  const defaultRecovered =
    input.fractionRecovered === undefined ? 0 : fraction('fractionRecovered', input.fractionRecovered);
  if (!Array.isArray(input.failureModes)) {
    throw new QueueingInputError('failureModes', 'failureModes must be a list (it may be empty)', input.failureModes);
  }
  const perMode = input.failureModes.map((mode: FailureMode, index): FailureModeLoss => {
    const at = (field: string): string => `failureModes[${index}].${field}`;
    requireInput(mode);
    const frequency = nonNegative(at('frequencyPerYear'), mode.frequencyPerYear);
    const duration = nonNegative(at('durationHours'), mode.durationHours);
    const share = fraction(at('shareAffected'), mode.shareAffected);
    const labourEach = mode.labourCostPerIncident === undefined ? 0 : nonNegative(at('labourCostPerIncident'), mode.labourCostPerIncident);
    const creditsEach = mode.slaCreditsPerIncident === undefined ? 0 : nonNegative(at('slaCreditsPerIncident'), mode.slaCreditsPerIncident);
    const recovered = mode.fractionRecovered === undefined ? defaultRecovered : fraction(at('fractionRecovered'), mode.fractionRecovered);
    // Source: expected-loss model EAL = Σ fᵢ·Dᵢ·R·sᵢ (annualised loss expectancy, as in risk analysis).
    const revenueLost = frequency * duration * revenuePerHour * share * (1 - recovered);
    const labour = frequency * labourEach;
    const slaCredits = frequency * creditsEach;
    return finiteResult(at('frequencyPerYear'), {
      name: mode.name ?? `failure mode ${index + 1}`,
      revenueLost,
      labour,
      slaCredits,
      total: revenueLost + labour + slaCredits,
    });
  });
  const sum = (pick: (loss: FailureModeLoss) => number): number => perMode.reduce((acc, loss) => acc + pick(loss), 0);
  return finiteResult('failureModes', {
    total: sum((loss) => loss.total),
    revenueLost: sum((loss) => loss.revenueLost),
    labour: sum((loss) => loss.labour),
    slaCredits: sum((loss) => loss.slaCredits),
    perMode,
  });
}

/**
 * Annual benefit of a change: B = EAL before − EAL after (money per year). Negative when the
 * change makes expected losses worse.
 */
export function annualBenefit(input: { lossBefore: number; lossAfter: number }): number {
  requireInput(input);
  const lossBefore = nonNegative('lossBefore', input.lossBefore);
  const lossAfter = nonNegative('lossAfter', input.lossAfter);
  return lossBefore - lossAfter;
}

/** Inputs of {@link paybackPeriod} and {@link returnOnInvestment}. One-off and yearly costs stay apart. */
export interface InvestmentInput {
  /** C₀: one-off cost to build it (money), ≥ 0. */
  initialCost: number;
  /** B: annual benefit (money per year, usually EAL before − EAL after); may be negative. */
  annualBenefit: number;
  /** Cₐ: yearly running cost (money per year): lost pooling, operations, more deploy targets; ≥ 0. */
  annualCost: number;
}

/** When (if ever) the one-off cost is earned back. */
export type Payback =
  | {
      paysBack: true;
      /** C₀ / (B − Cₐ), in years. */
      years: number;
      /** B − Cₐ, money per year. */
      netAnnualBenefit: number;
    }
  | {
      paysBack: false;
      /** Why not: the yearly benefit does not exceed the yearly cost. */
      reason: 'benefit-does-not-exceed-running-cost';
      /** B − Cₐ (≤ 0), money per year. */
      netAnnualBenefit: number;
    };

function readInvestment(input: InvestmentInput): { initialCost: number; benefit: number; annualCost: number } {
  requireInput(input);
  return {
    initialCost: nonNegative('initialCost', input.initialCost),
    benefit: finite('annualBenefit', input.annualBenefit),
    annualCost: nonNegative('annualCost', input.annualCost),
  };
}

/**
 * Payback period = C₀ / (B − Cₐ) years. When B ≤ Cₐ the investment never pays back and the
 * result says so (`paysBack: false`) instead of returning Infinity or a negative time.
 */
export function paybackPeriod(input: InvestmentInput): Payback {
  const { initialCost, benefit, annualCost } = readInvestment(input);
  const netAnnualBenefit = benefit - annualCost;
  if (!(netAnnualBenefit > 0)) {
    return { paysBack: false, reason: 'benefit-does-not-exceed-running-cost', netAnnualBenefit };
  }
  return { paysBack: true, ...finiteResult('initialCost', { years: initialCost / netAnnualBenefit, netAnnualBenefit }) };
}

/** Inputs of {@link returnOnInvestment}. */
export interface ReturnOnInvestmentInput extends InvestmentInput {
  /** T: horizon in whole years, ≥ 1. */
  years: number;
  /** Yearly discount rate (0.08 = 8%), ≥ 0; default 0 (no discounting). Flows fall at each year's end. */
  discountRate?: number | undefined;
}

/** Return on investment over T years. Money figures are present values when discounted. */
export interface ReturnOnInvestment {
  /** (T·(B − Cₐ) − C₀) / (C₀ + T·Cₐ), or its discounted form; 0.5 means 50%. */
  roi: number;
  /** Numerator: net gain over the horizon. */
  netGain: number;
  /** Denominator: total cost over the horizon, one-off plus yearly. */
  totalCost: number;
  /** Σ 1/(1 + r)ᵗ for t = 1…T: what one yearly unit is worth today (T when r = 0). */
  annuityFactor: number;
}

/**
 * ROI over T years = (T·(B − Cₐ) − C₀) / (C₀ + T·Cₐ), keeping the one-off cost C₀ apart from the
 * yearly cost Cₐ. With a discount rate r each yearly amount is weighted by Σ 1/(1 + r)ᵗ instead of T.
 * @throws QueueingInputError when both costs are 0 (ROI would divide by zero).
 */
export function returnOnInvestment(input: ReturnOnInvestmentInput): ReturnOnInvestment {
  const { initialCost, benefit, annualCost } = readInvestment(input);
  const years = whole('years', input.years, 1, 1000);
  const discountRate = input.discountRate === undefined ? 0 : nonNegative('discountRate', input.discountRate);
  if (initialCost === 0 && annualCost === 0) {
    throw new QueueingInputError(
      'initialCost',
      'initialCost and annualCost cannot both be 0: ROI divides by the total cost',
      initialCost,
    );
  }
  let annuityFactor = 0;
  for (let year = 1; year <= years; year++) annuityFactor += (1 + discountRate) ** -year;
  const netGain = annuityFactor * (benefit - annualCost) - initialCost;
  const totalCost = initialCost + annuityFactor * annualCost;
  return finiteResult('initialCost', { roi: netGain / totalCost, netGain, totalCost, annuityFactor });
}
