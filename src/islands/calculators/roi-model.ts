/**
 * The return-on-investment calculator: expected annual loss before and after isolation, the
 * yearly benefit, payback and ROI, and how ROI moves when one input is wrong by a factor.
 * All money math comes from `src/queueing`.
 */
import {
  annualBenefit,
  expectedAnnualLoss,
  paybackPeriod,
  returnOnInvestment,
  type ExpectedAnnualLoss,
  type FailureMode,
  type Payback,
  type ReturnOnInvestment,
} from '../../queueing';
import { linearAxis } from './chart-scale';
import type { ChartSpec } from './chart-spec';
import { invalidFromError, readNumbers, type FieldMapping, type Invalid } from './form-errors';
import { formatCount, formatMoney, formatNumber, formatPercent, formatYears } from './format';
import { labelProblem, parseNumberInput, type NumberRule } from './parse';
import type { Figure } from './result-types';
import type { FormSpec, Row, RowColumnSpec } from './url-state';

/** URL parameter names of the ROI form's single fields (money in one currency, shares in %). */
export type RoiKey = 'rev' | 'recov' | 'capex' | 'opex' | 'years' | 'disc' | 'sens';
/** Columns of a failure-mode row: frequency per year, hours, shares in %, money per incident. */
export type RoiColumn = 'name' | 'freq' | 'hours' | 'before' | 'after' | 'labour' | 'credits';
/** A field message's key: a scalar field, or `mode.<row>.<column>`. */
export type RoiErrorKey = RoiKey | `mode.${number}.${RoiColumn}`;

/** Most failure modes a scenario may list. */
export const MAX_FAILURE_MODES = 10;

const money: NumberRule = { min: 0, max: 1e12 };
const percent: NumberRule = { min: 0, max: 100 };

/** Columns of a failure-mode row, in display order. */
export const FAILURE_MODE_COLUMNS: readonly (RowColumnSpec & { key: RoiColumn })[] = [
  { key: 'name', name: 'Name', kind: 'label' },
  { key: 'freq', name: 'Incidents per year', kind: 'number', rule: { min: 0, max: 10_000 } },
  { key: 'hours', name: 'Hours each', kind: 'number', rule: { min: 0, max: 8_760 } },
  { key: 'before', name: 'Users affected before (%)', kind: 'number', rule: percent },
  { key: 'after', name: 'Users affected after (%)', kind: 'number', rule: percent },
  { key: 'labour', name: 'Labour per incident', kind: 'number', rule: money },
  { key: 'credits', name: 'SLA credits per incident', kind: 'number', rule: money },
];

/** A failure-mode row as text. */
export type FailureModeRow = Readonly<Record<RoiColumn, string>>;

/** An illustrative scenario: round, invented numbers for trying the calculator, not data from any company. */
export interface RoiScenario {
  id: string;
  title: string;
  values: Readonly<Record<Exclude<RoiKey, 'sens'>, string>>;
  modes: readonly FailureModeRow[];
}

/** Illustrative scenarios. Every number is invented for the example; none describes a real company. */
export const ROI_SCENARIOS: readonly RoiScenario[] = [
  {
    id: 'cells',
    title: 'Illustrative: an online shop moves to four cells',
    values: { rev: '50000', recov: '30', capex: '400000', opex: '120000', years: '3', disc: '8' },
    modes: [
      { name: 'Slow dependency fills the shared pool', freq: '6', hours: '1.5', before: '100', after: '25', labour: '4000', credits: '10000' },
      { name: 'Bad deploy', freq: '4', hours: '1', before: '100', after: '25', labour: '3000', credits: '5000' },
      { name: 'Shared database outage', freq: '1', hours: '2', before: '100', after: '100', labour: '8000', credits: '20000' },
    ],
  },
  {
    id: 'internal',
    title: 'Illustrative: an internal tool with rare incidents',
    values: { rev: '2000', recov: '30', capex: '80000', opex: '15000', years: '3', disc: '8' },
    modes: [{ name: 'Report job starves the API', freq: '2', hours: '2', before: '100', after: '50', labour: '1000', credits: '0' }],
  },
];

const [DEFAULT_SCENARIO] = ROI_SCENARIOS;

/** The ROI form; its defaults are the first illustrative scenario. */
export const ROI_FORM: FormSpec<RoiKey, 'mode'> = {
  fields: {
    rev: { kind: 'number', name: 'Revenue per hour', rule: money, default: DEFAULT_SCENARIO?.values.rev ?? '0' },
    recov: { kind: 'number', name: 'Revenue recovered later', rule: percent, default: DEFAULT_SCENARIO?.values.recov ?? '0' },
    capex: { kind: 'number', name: 'One-off cost', rule: money, default: DEFAULT_SCENARIO?.values.capex ?? '0' },
    opex: { kind: 'number', name: 'Yearly running cost', rule: money, default: DEFAULT_SCENARIO?.values.opex ?? '0' },
    years: { kind: 'number', name: 'Horizon', rule: { min: 1, max: 30, integer: true }, default: DEFAULT_SCENARIO?.values.years ?? '3' },
    disc: { kind: 'number', name: 'Discount rate', rule: { min: 0, max: 100 }, default: DEFAULT_SCENARIO?.values.disc ?? '0' },
    sens: { kind: 'choice', name: 'Input to vary', options: ['freq', 'after', 'rev'], default: 'freq' },
  },
  rows: {
    mode: { name: 'Failure modes', columns: FAILURE_MODE_COLUMNS, minRows: 1, maxRows: MAX_FAILURE_MODES, default: DEFAULT_SCENARIO?.modes ?? [] },
  },
};

/** A new, empty-ish failure mode for the "Add" button. */
export function blankFailureMode(index: number): FailureModeRow {
  return { name: `Failure mode ${index + 1}`, freq: '1', hours: '1', before: '100', after: '50', labour: '0', credits: '0' };
}

/** Expected annual loss before and after, benefit, payback, ROI and a sensitivity chart (money per year). */
export interface RoiResult {
  status: 'ok';
  headline: string;
  figures: Figure[];
  payback: Payback;
  /** Payback in words, including "never pays back" and why. */
  paybackText: string;
  roi: ReturnOnInvestment;
  before: ExpectedAnnualLoss;
  after: ExpectedAnnualLoss;
  benefit: number;
  /** Per failure mode: loss before, after, and the saving, formatted. */
  breakdown: { name: string; before: string; after: string; saving: string }[];
  chart: ChartSpec;
}

/** The ROI result, or what to fix. */
export type RoiOutcome = Invalid<RoiErrorKey> | RoiResult;

interface Scenario {
  revenuePerHour: number;
  recovered: number;
  initialCost: number;
  annualCost: number;
  years: number;
  discountRate: number;
  modes: { name: string; frequency: number; hours: number; before: number; after: number; labour: number; credits: number }[];
}

const SENSITIVITY = {
  freq: { label: 'Incidents per year', verb: 'every failure mode happens' },
  after: { label: 'Users affected after', verb: 'the share of users affected after isolation is' },
  rev: { label: 'Revenue per hour', verb: 'revenue per hour is' },
} as const;

/** Multipliers the sensitivity chart applies to the varied input. */
export const SENSITIVITY_FACTORS: readonly number[] = Array.from({ length: 31 }, (_, index) => index / 10);

function lossOf(scenario: Scenario, side: 'before' | 'after', frequencyFactor = 1, afterFactor = 1, revenueFactor = 1): ExpectedAnnualLoss {
  const failureModes: FailureMode[] = scenario.modes.map((mode) => {
    const share = side === 'before' ? mode.before : Math.min(1, mode.after * afterFactor);
    return {
      name: mode.name,
      frequencyPerYear: mode.frequency * frequencyFactor,
      durationHours: mode.hours,
      shareAffected: share,
      labourCostPerIncident: mode.labour,
      // Credits go to the customers who were hit, so they shrink with the share affected.
      slaCreditsPerIncident: mode.credits * share,
    };
  });
  return expectedAnnualLoss({ revenuePerHour: scenario.revenuePerHour * revenueFactor, fractionRecovered: scenario.recovered, failureModes });
}

function roiOf(scenario: Scenario, before: ExpectedAnnualLoss, after: ExpectedAnnualLoss): { benefit: number; roi: ReturnOnInvestment } {
  const benefit = annualBenefit({ lossBefore: before.total, lossAfter: after.total });
  const roi = returnOnInvestment({
    initialCost: scenario.initialCost,
    annualBenefit: benefit,
    annualCost: scenario.annualCost,
    years: scenario.years,
    discountRate: scenario.discountRate,
  });
  return { benefit, roi };
}

/** "2.1 years", or "never" with the reason, for a payback. */
export function describePayback(payback: Payback, annualCost: number, benefit: number, horizonYears: number): string {
  if (!payback.paysBack) {
    return `Never pays back: the yearly benefit (${formatMoney(benefit)}) does not exceed the yearly running cost (${formatMoney(annualCost)}), so the one-off cost is never earned back.`;
  }
  const after = payback.years > horizonYears ? `, after the ${formatCount(horizonYears)}-year horizon` : '';
  return `${formatYears(payback.years)} (simple payback, not discounted${after}).`;
}

function sensitivityChart(scenario: Scenario, variable: keyof typeof SENSITIVITY, roi: ReturnOnInvestment): ChartSpec {
  const points = SENSITIVITY_FACTORS.map((factor) => {
    const before = lossOf(scenario, 'before', variable === 'freq' ? factor : 1, 1, variable === 'rev' ? factor : 1);
    const after = lossOf(scenario, 'after', variable === 'freq' ? factor : 1, variable === 'after' ? factor : 1, variable === 'rev' ? factor : 1);
    return [factor, roiOf(scenario, before, after).roi.roi * 100] as const;
  });
  const values = points.map(([, value]) => value);
  const y = linearAxis(Math.min(0, ...values), Math.max(0, ...values), { count: 5 });
  const x = linearAxis(0, 3, { count: 6, tight: true });
  const breakEven = points.find(([, value], index) => index > 0 && Math.sign(value) !== Math.sign(points[index - 1]?.[1] ?? value));
  const first = points[0];
  const last = points.at(-1);
  const { label, verb } = SENSITIVITY[variable];
  const horizon = `${formatCount(scenario.years)}-year`;
  return {
    title: `ROI versus ${label.toLowerCase()}`,
    summary:
      `${horizon} ROI if ${verb} 0× to 3× what you entered: from ${formatPercent((first?.[1] ?? 0) / 100)} at 0× to ${formatPercent((last?.[1] ?? 0) / 100)} at 3×; ` +
      `${formatPercent(roi.roi)} as entered (1×).` +
      (breakEven ? ` ROI crosses zero (break-even, dashed line) near ${formatNumber(breakEven[0])}×.` : ' It does not cross zero (dashed line) in this range.'),
    x: { label: `${label}, × what you entered`, axis: x, tickLabels: x.ticks.map((tick) => `${formatNumber(tick)}×`) },
    y: { label: `${horizon} ROI`, axis: y, tickLabels: y.ticks.map((tick) => formatPercent(tick / 100)) },
    series: [{ label: 'ROI', tone: 'accent', points }],
    markers: [{ x: 1, label: 'as entered' }],
    guides: [{ y: 0, label: 'break-even' }],
    table: {
      caption: `${horizon} ROI as ${label.toLowerCase()} is scaled`,
      head: ['Factor', 'ROI'],
      rows: points.filter((_, index) => index % 2 === 0).map(([factor, value]) => [`${formatNumber(factor)}×`, formatPercent(value / 100)]),
      highlight: 5,
    },
  };
}

const MAPPING: Readonly<Record<string, FieldMapping<RoiErrorKey>>> = {
  initialCost: { key: 'capex', name: 'One-off cost' },
  annualCost: { key: 'opex', name: 'Yearly running cost' },
  revenuePerHour: { key: 'rev', name: 'Revenue per hour' },
  fractionRecovered: { key: 'recov', name: 'Revenue recovered later' },
  years: { key: 'years', name: 'Horizon' },
  discountRate: { key: 'disc', name: 'Discount rate' },
  failureModes: { key: null, name: 'Failure modes' },
};

/** The fields the result depends on, for a message that belongs to none of them. */
const ALL_FIELDS = 'Revenue per hour, One-off cost, Yearly running cost and Failure modes';

function readModes(rows: readonly Row[], errors: Partial<Record<RoiErrorKey, string>>): Scenario['modes'] {
  return rows.map((row, index) => {
    const read = (column: RoiColumn): number => {
      const spec = FAILURE_MODE_COLUMNS.find((candidate) => candidate.key === column);
      const parsed = parseNumberInput(row[column] ?? '', spec?.name ?? column, spec?.rule ?? {});
      if (!parsed.ok) errors[`mode.${index}.${column}`] = parsed.message;
      return parsed.ok ? (parsed.value ?? 0) : 0;
    };
    const name = (row['name'] ?? '').trim();
    const problem = labelProblem(name, 'Name');
    if (problem) errors[`mode.${index}.name`] = problem;
    const before = read('before') / 100;
    const after = read('after') / 100;
    const mode = { name: name === '' ? `Failure mode ${index + 1}` : name, frequency: read('freq'), hours: read('hours'), before, after, labour: read('labour'), credits: read('credits') };
    return mode;
  });
}

/** Everything the ROI calculator shows for the text in its form. */
export function computeRoi(values: Readonly<Record<RoiKey, string>>, rows: readonly Row[]): RoiOutcome {
  const { numbers, errors: scalarErrors } = readNumbers(ROI_FORM, values, ['rev', 'recov', 'capex', 'opex', 'years', 'disc']);
  const errors: Partial<Record<RoiErrorKey, string>> = { ...scalarErrors };
  const modes = readModes(rows, errors);
  if (rows.length === 0) return { status: 'invalid', errors, general: 'Add at least one failure mode.' };
  if (!errors.capex && !errors.opex && numbers.capex === 0 && numbers.opex === 0) {
    errors.capex = 'One-off cost and yearly running cost cannot both be 0: ROI divides by the total cost.';
  }
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors, general: null };
  const scenario: Scenario = {
    revenuePerHour: numbers.rev ?? 0,
    recovered: (numbers.recov ?? 0) / 100,
    initialCost: numbers.capex ?? 0,
    annualCost: numbers.opex ?? 0,
    years: numbers.years ?? 1,
    discountRate: (numbers.disc ?? 0) / 100,
    modes,
  };
  try {
    const before = lossOf(scenario, 'before');
    const after = lossOf(scenario, 'after');
    const { benefit, roi } = roiOf(scenario, before, after);
    const payback = paybackPeriod({ initialCost: scenario.initialCost, annualBenefit: benefit, annualCost: scenario.annualCost });
    const paybackText = describePayback(payback, scenario.annualCost, benefit, scenario.years);
    const variable = values.sens === 'after' || values.sens === 'rev' ? values.sens : 'freq';
    const discounted = scenario.discountRate > 0 ? `, discounted at ${formatPercent(scenario.discountRate)} a year` : '';
    return {
      status: 'ok',
      headline: payback.paysBack
        ? `ROI over ${formatCount(scenario.years)} ${scenario.years === 1 ? 'year' : 'years'}: ${formatPercent(roi.roi)}; pays back in ${formatYears(payback.years)}.`
        : `ROI over ${formatCount(scenario.years)} ${scenario.years === 1 ? 'year' : 'years'}: ${formatPercent(roi.roi)}; never pays back.`,
      figures: [
        { label: 'Expected annual loss before', value: formatMoney(before.total) },
        { label: 'Expected annual loss after', value: formatMoney(after.total) },
        { label: 'Annual benefit', value: formatMoney(benefit) },
        { label: 'Net yearly benefit (after running cost)', value: formatMoney(benefit - scenario.annualCost) },
        { label: 'Payback', value: paybackText },
        { label: `ROI over ${formatCount(scenario.years)} ${scenario.years === 1 ? 'year' : 'years'}${discounted}`, value: formatPercent(roi.roi) },
        { label: `Net gain${scenario.discountRate > 0 ? ' (present value)' : ''}`, value: formatMoney(roi.netGain) },
      ],
      payback,
      paybackText,
      roi,
      before,
      after,
      benefit,
      breakdown: before.perMode.map((mode, index) => {
        const afterTotal = after.perMode[index]?.total ?? 0;
        return { name: mode.name, before: formatMoney(mode.total), after: formatMoney(afterTotal), saving: formatMoney(mode.total - afterTotal) };
      }),
      chart: sensitivityChart(scenario, variable, roi),
    };
  } catch (error) {
    return invalidFromError(error, MAPPING, ALL_FIELDS);
  }
}
