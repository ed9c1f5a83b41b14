/**
 * The availability calculator: nines ↔ downtime, and the availability of a chain of
 * dependencies (each with optional redundant replicas). All math comes from `src/queueing`.
 */
import {
  HOURS_PER_YEAR,
  availabilityFromDowntime,
  availabilityToNines,
  downtimeBudget,
  ninesToAvailability,
  parallelAvailability,
  serialAvailability,
  type DowntimeBudget,
  type DowntimePeriod,
  type YearBasis,
} from '../../queueing';
import { invalidFromError, readNumbers, type FieldMapping, type Invalid } from './form-errors';
import { formatAvailability, formatHours, formatNumber } from './format';
import { labelProblem, parseNumberInput } from './parse';
import type { Figure } from './result-types';
import type { FormSpec, Row, RowColumnSpec } from './url-state';

/** URL parameter names of the availability form's single fields. */
export type AvailabilityKey = 'from' | 'avail' | 'nines' | 'down' | 'unit' | 'per' | 'basis';
/** Columns of a dependency row. */
export type DependencyColumn = 'name' | 'avail' | 'replicas';
/** A field message's key: a single field, or `dep.<row>.<column>`. */
export type AvailabilityErrorKey = AvailabilityKey | `dep.${number}.${DependencyColumn}`;

/** Most dependencies a chain may list. */
export const MAX_DEPENDENCIES = 12;
/** Most redundant replicas per dependency. */
export const MAX_REPLICAS = 10;

/** Columns of a dependency row, in display order. */
export const DEPENDENCY_COLUMNS: readonly (RowColumnSpec & { key: DependencyColumn })[] = [
  { key: 'name', name: 'Name', kind: 'label' },
  { key: 'avail', name: 'Availability (%)', kind: 'number', rule: { min: 0, max: 100 } },
  { key: 'replicas', name: 'Replicas', kind: 'number', rule: { min: 1, max: MAX_REPLICAS, integer: true } },
];

/** The form; the dependency chain is illustrative, not any real system's figures. */
export const AVAILABILITY_FORM: FormSpec<AvailabilityKey, 'dep'> = {
  fields: {
    from: { kind: 'choice', name: 'Start from', options: ['percent', 'nines', 'downtime'], default: 'percent' },
    avail: { kind: 'number', name: 'Availability', rule: { min: 0, max: 100, maxExclusive: true }, default: '99.9' },
    nines: { kind: 'number', name: 'Number of nines', rule: { min: 0, max: 9 }, default: '3' },
    down: { kind: 'number', name: 'Downtime allowed', rule: { min: 0, max: 1_000_000 }, default: '60' },
    unit: { kind: 'choice', name: 'Unit', options: ['minutes', 'hours'], default: 'minutes' },
    per: { kind: 'choice', name: 'Period', options: ['year', 'month', 'week', 'day'], default: 'month' },
    basis: { kind: 'choice', name: 'Length of a year', options: ['common', 'gregorian'], default: 'common' },
  },
  rows: {
    dep: {
      name: 'Dependencies',
      columns: DEPENDENCY_COLUMNS,
      minRows: 1,
      maxRows: MAX_DEPENDENCIES,
      default: [
        { name: 'Load balancer', avail: '99.99', replicas: '1' },
        { name: 'Service instances', avail: '99.5', replicas: '3' },
        { name: 'Database', avail: '99.95', replicas: '1' },
        { name: 'Payment provider', avail: '99.9', replicas: '1' },
      ],
    },
  },
};

/** A new dependency for the "Add" button. */
export function blankDependency(index: number): Readonly<Record<DependencyColumn, string>> {
  return { name: `Dependency ${index + 1}`, avail: '99.9', replicas: '1' };
}

/** Availability, nines and the downtime each period allows (hours, formatted per period). */
export interface ConversionResult {
  status: 'ok';
  availability: number;
  /** "3" or "3.3"; "—" never appears because 100% is refused. */
  nines: string;
  budget: DowntimeBudget;
  rows: { period: string; downtime: string }[];
}

/** The chain's availability in series and in parallel, and each dependency's share. */
export interface ChainResult {
  status: 'ok';
  headline: string;
  figures: Figure[];
  rows: { name: string; replicas: number; single: string; effective: string; downtimePerYear: string; weakest: boolean }[];
  serial: number;
  parallel: number;
}

/** The conversion's result, or what to fix. */
export type ConversionOutcome = Invalid<AvailabilityKey> | ConversionResult;
/** The chain's result, or what to fix. */
export type ChainOutcome = Invalid<AvailabilityErrorKey> | ChainResult;

const MAPPING: Readonly<Record<string, FieldMapping<AvailabilityKey>>> = {
  availability: { key: 'avail', name: 'Availability' },
  nines: { key: 'nines', name: 'Number of nines' },
  downtimeHours: { key: 'down', name: 'Downtime allowed' },
  period: { key: 'per', name: 'Period' },
  yearBasis: { key: 'basis', name: 'Length of a year' },
};

/** What 100% availability means, said beside the field that led to it. */
const PERFECT: Readonly<Record<'avail' | 'nines' | 'down', string>> = {
  avail: 'Availability of 100% allows no downtime and has no finite number of nines; enter something below 100.',
  nines: 'Number of nines this high rounds to 100% availability, which has no downtime; enter fewer nines.',
  down: 'Downtime allowed of 0 is 100% availability, which has no finite number of nines; allow some downtime.',
};

const PERIOD_HOURS: Readonly<Record<DowntimePeriod, (basis: YearBasis) => number>> = {
  year: (basis) => HOURS_PER_YEAR[basis],
  month: (basis) => HOURS_PER_YEAR[basis] / 12,
  week: () => 168,
  day: () => 24,
};

function budgetRows(budget: DowntimeBudget): ConversionResult['rows'] {
  return [
    { period: 'Per year', downtime: formatHours(budget.perYear) },
    { period: 'Per month (a twelfth of a year)', downtime: formatHours(budget.perMonth) },
    { period: 'Per week', downtime: formatHours(budget.perWeek) },
    { period: 'Per day', downtime: formatHours(budget.perDay) },
  ];
}

/** Nines to two decimals at most, trailing zeros dropped: 3, 3.3, 4.52. */
function ninesText(availability: number): string {
  return formatNumber(Math.round(availabilityToNines({ availability }) * 100) / 100, 4);
}

/** Converts whichever of availability, nines or downtime the form starts from into the others. */
export function computeConversion(values: Readonly<Record<AvailabilityKey, string>>): ConversionOutcome {
  const yearBasis: YearBasis = values.basis === 'gregorian' ? 'gregorian' : 'common';
  const from = values.from;
  const key: 'nines' | 'down' | 'avail' = from === 'nines' ? 'nines' : from === 'downtime' ? 'down' : 'avail';
  const { numbers, errors } = readNumbers(AVAILABILITY_FORM, values, [key]);
  const value = numbers[key] ?? null;
  if (errors[key] || value === null) return { status: 'invalid', errors, general: null };
  try {
    let availability: number;
    if (from === 'nines') {
      availability = ninesToAvailability({ nines: value });
    } else if (from === 'downtime') {
      const period = (['year', 'month', 'week', 'day'] as const).find((candidate) => candidate === values.per) ?? 'month';
      const hours = values.unit === 'hours' ? value : value / 60;
      const limit = PERIOD_HOURS[period](yearBasis);
      if (hours > limit) {
        return {
          status: 'invalid',
          errors: { down: `Downtime allowed cannot be longer than the ${period} itself (${formatHours(limit)}).` },
          general: null,
        };
      }
      availability = availabilityFromDowntime({ downtimeHours: hours, period, yearBasis });
    } else {
      availability = value / 100;
    }
    if (availability >= 1) {
      return { status: 'invalid', errors: { [key]: PERFECT[key] }, general: null };
    }
    const budget = downtimeBudget({ availability, yearBasis });
    return { status: 'ok', availability, nines: ninesText(availability), budget, rows: budgetRows(budget) };
  } catch (error) {
    return invalidFromError(error, MAPPING, 'Availability, Number of nines and Downtime allowed');
  }
}

/** Availability of the dependency chain: each row's replicas in parallel, the rows in series. */
export function computeChain(rows: readonly Row[], yearBasis: YearBasis = 'common'): ChainOutcome {
  const errors: Partial<Record<AvailabilityErrorKey, string>> = {};
  if (rows.length === 0) return { status: 'invalid', errors, general: 'Add at least one dependency.' };
  const parsed = rows.map((row, index) => {
    const name = (row['name'] ?? '').trim();
    const problem = labelProblem(name, 'Name');
    if (problem) errors[`dep.${index}.name`] = problem;
    const read = (column: 'avail' | 'replicas'): number => {
      const spec = DEPENDENCY_COLUMNS.find((candidate) => candidate.key === column);
      const result = parseNumberInput(row[column] ?? '', spec?.name ?? column, spec?.rule ?? {});
      if (!result.ok) errors[`dep.${index}.${column}`] = result.message;
      return result.ok ? (result.value ?? 0) : 0;
    };
    return { name: name === '' ? `Dependency ${index + 1}` : name, availability: read('avail') / 100, replicas: read('replicas') };
  });
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors, general: null };
  try {
    const effective = parsed.map((row) => parallelAvailability({ components: Array.from({ length: row.replicas }, () => row.availability) }));
    const serial = serialAvailability({ components: effective });
    const parallel = parallelAvailability({ components: effective });
    const weakest = effective.indexOf(Math.min(...effective));
    const hoursPerYear = PERIOD_HOURS.year(yearBasis);
    // Double precision rounds 1 − 10⁻¹⁷ to exactly 1; say so rather than claim a perfect 100%.
    const perfect = parsed.map((row) => row.availability === 1);
    const shown = (availability: number, exact: boolean): string =>
      availability >= 1 && !exact ? 'above 99.9999999999999%' : formatAvailability(availability);
    const downtimeOf = (availability: number, exact: boolean): string =>
      availability >= 1 && !exact ? 'under a millisecond' : formatHours((1 - availability) * hoursPerYear);
    const serialExact = perfect.every(Boolean);
    const parallelExact = perfect.some(Boolean);
    return {
      status: 'ok',
      headline: `The chain is available ${shown(serial, serialExact)} of the time: about ${downtimeOf(serial, serialExact)} of downtime a year.`,
      figures: [
        { label: 'All needed (in series)', value: `${shown(serial, serialExact)}, ${downtimeOf(serial, serialExact)} down a year` },
        { label: 'Any one enough (in parallel)', value: `${shown(parallel, parallelExact)}, ${downtimeOf(parallel, parallelExact)} down a year` },
        { label: 'Weakest link', value: `${parsed[weakest]?.name ?? ''} (${shown(effective[weakest] ?? 0, perfect[weakest] ?? false)})` },
      ],
      rows: parsed.map((row, index) => ({
        name: row.name,
        replicas: row.replicas,
        single: formatAvailability(row.availability),
        effective: shown(effective[index] ?? 0, perfect[index] ?? false),
        downtimePerYear: downtimeOf(effective[index] ?? 0, perfect[index] ?? false),
        weakest: index === weakest,
      })),
      serial,
      parallel,
    };
  } catch (error) {
    return invalidFromError(error, { components: { key: null, name: 'Availability (%) of a dependency' } }, 'Availability (%) and Replicas of the dependencies');
  }
}
