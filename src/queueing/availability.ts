import { QueueingInputError } from './errors';
import { fraction, nonNegative, requireInput } from './validate';

/**
 * How long a year is: `'common'` = 365 days = 8,760 h (the default, as most SLA tables use), or
 * `'gregorian'` = 365.2425 days = 8,765.82 h (the mean calendar year).
 */
export type YearBasis = 'common' | 'gregorian';

/** Hours in a year for each {@link YearBasis}. */
export const HOURS_PER_YEAR: Readonly<Record<YearBasis, number>> = {
  common: 365 * 24,
  gregorian: 365.2425 * 24,
};

/** A period a downtime budget is measured over. A month is one twelfth of the year. */
export type DowntimePeriod = 'year' | 'month' | 'week' | 'day';

function readYearBasis(value: unknown): YearBasis {
  if (value === undefined) return 'common';
  if (value === 'common' || value === 'gregorian') return value;
  throw new QueueingInputError('yearBasis', `yearBasis must be 'common' (365 days) or 'gregorian' (365.2425 days)`, value);
}

function hoursIn(period: DowntimePeriod, yearBasis: YearBasis): number {
  switch (period) {
    case 'year':
      return HOURS_PER_YEAR[yearBasis];
    case 'month':
      return HOURS_PER_YEAR[yearBasis] / 12;
    case 'week':
      return 7 * 24;
    case 'day':
      return 24;
  }
}

/** Converts a number of nines to availability: 3 nines → 0.999. Fractional nines are allowed. */
export function ninesToAvailability(input: { nines: number }): number {
  requireInput(input);
  const nines = nonNegative('nines', input.nines);
  return 1 - 10 ** -nines;
}

/**
 * Converts availability to nines: −log10(1 − availability); 0.9995 → 3.3.
 * @throws QueueingInputError for availability 1, which has no finite number of nines.
 */
export function availabilityToNines(input: { availability: number }): number {
  requireInput(input);
  const availability = fraction('availability', input.availability);
  if (availability === 1) {
    throw new QueueingInputError('availability', 'availability must be below 1: 100% has no finite number of nines (got 1)', 1);
  }
  return -Math.log10(1 - availability);
}

/** Allowed downtime, in hours, for each period. */
export interface DowntimeBudget {
  /** The year length used. */
  yearBasis: YearBasis;
  /** Hours of downtime allowed per year. */
  perYear: number;
  /** Per month (a twelfth of the year). */
  perMonth: number;
  /** Per 7-day week. */
  perWeek: number;
  /** Per 24-hour day. */
  perDay: number;
}

/**
 * Downtime allowed by an availability, in hours per year, month, week and day:
 * (1 − availability) × period length. Example: 99.9% allows 8.76 h a year (common year) or
 * 8.77 h (gregorian); 99.99% allows 52.56 min a year.
 */
export function downtimeBudget(input: { availability: number; yearBasis?: YearBasis | undefined }): DowntimeBudget {
  requireInput(input);
  const availability = fraction('availability', input.availability);
  const yearBasis = readYearBasis(input.yearBasis);
  const unavailable = 1 - availability;
  return {
    yearBasis,
    perYear: unavailable * hoursIn('year', yearBasis),
    perMonth: unavailable * hoursIn('month', yearBasis),
    perWeek: unavailable * hoursIn('week', yearBasis),
    perDay: unavailable * hoursIn('day', yearBasis),
  };
}

/**
 * Availability implied by a downtime over a period: 1 − downtimeHours / period hours.
 * Example: 8.76 h a year (common year) → 0.999.
 */
export function availabilityFromDowntime(input: {
  /** Hours of downtime in the period, from 0 to the period's length. */
  downtimeHours: number;
  /** The period the downtime is measured over; default `'year'`. */
  period?: DowntimePeriod | undefined;
  yearBasis?: YearBasis | undefined;
}): number {
  requireInput(input);
  const downtimeHours = nonNegative('downtimeHours', input.downtimeHours);
  const period = input.period ?? 'year';
  if (!['year', 'month', 'week', 'day'].includes(period)) {
    throw new QueueingInputError('period', `period must be 'year', 'month', 'week' or 'day'`, period);
  }
  const hours = hoursIn(period, readYearBasis(input.yearBasis));
  if (downtimeHours > hours) {
    throw new QueueingInputError(
      'downtimeHours',
      `downtimeHours cannot exceed the ${period}'s ${hours} hours (got ${downtimeHours})`,
      downtimeHours,
    );
  }
  return 1 - downtimeHours / hours;
}

function readComponents(input: { components: readonly number[] }): readonly number[] {
  requireInput(input);
  const { components } = input;
  if (!Array.isArray(components) || components.length === 0) {
    throw new QueueingInputError('components', 'components must be a list of at least one availability', components);
  }
  components.forEach((value, index) => fraction(`components[${index}]`, value));
  return components;
}

/**
 * Availability of parts that must all be up (a chain of dependencies): the product of their
 * availabilities, assuming independent failures. Example: 0.999 × 0.999 = 0.998001.
 */
export function serialAvailability(input: { components: readonly number[] }): number {
  // Source: reliability block diagrams, series system R = Π Rᵢ (independent failures).
  return readComponents(input).reduce((product, availability) => product * availability, 1);
}

/**
 * Availability of redundant parts where any one up is enough: 1 − Π(1 − aᵢ), assuming
 * independent failures and instant failover. Example: two 0.99 replicas give 0.9999.
 */
export function parallelAvailability(input: { components: readonly number[] }): number {
  // Source: reliability block diagrams, parallel system R = 1 − Π (1 − Rᵢ) (independent failures).
  const allDown = readComponents(input).reduce((product, availability) => product * (1 - availability), 1);
  return 1 - allDown;
}
