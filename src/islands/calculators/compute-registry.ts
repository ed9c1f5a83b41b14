/**
 * Every calculation the calculators run, by name, so the compute worker can run any of them from
 * a message. Each takes plain data (the form's text) and returns plain data (the outcome the
 * island draws), so both cross a worker boundary unchanged.
 */
import type { YearBasis } from '../../queueing';
import { computeChain, computeConversion, type AvailabilityKey } from './availability-model';
import { computeBlastRadius, type BlastKey } from './blast-radius-model';
import { computeIsolation, type IsolationKey } from './isolation-model';
import { computeRoi, type RoiKey } from './roi-model';
import { computeSizing, type SizingKey } from './sizing-model';
import type { Row } from './url-state';

type Values<K extends string> = Readonly<Record<K, string>>;

/** The calculations, by name. */
export const COMPUTATIONS = {
  sizing: (input: { values: Values<SizingKey> }) => computeSizing(input.values),
  isolation: (input: { values: Values<IsolationKey> }) => computeIsolation(input.values),
  blast: (input: { values: Values<BlastKey> }) => computeBlastRadius(input.values),
  roi: (input: { values: Values<RoiKey>; rows: readonly Row[] }) => computeRoi(input.values, input.rows),
  conversion: (input: { values: Values<AvailabilityKey> }) => computeConversion(input.values),
  chain: (input: { rows: readonly Row[]; basis: YearBasis }) => computeChain(input.rows, input.basis),
} as const;

/** A calculation's name. */
export type ComputationKind = keyof typeof COMPUTATIONS;
/** What a calculation takes. */
export type ComputationInput<K extends ComputationKind> = Parameters<(typeof COMPUTATIONS)[K]>[0];
/** What a calculation returns. */
export type ComputationOutput<K extends ComputationKind> = ReturnType<(typeof COMPUTATIONS)[K]>;

/** Page → worker. */
export interface ComputeRequest {
  readonly id: number;
  readonly kind: ComputationKind;
  readonly input: unknown;
}

/** Worker → page: the outcome, or `failed` when the calculation threw (the page then computes it itself). */
export type ComputeReply = { readonly id: number; readonly outcome: unknown } | { readonly id: number; readonly failed: true };

/** Runs one request; never throws. */
export function runRequest(request: ComputeRequest): ComputeReply {
  try {
    const run = COMPUTATIONS[request.kind] as (input: unknown) => unknown;
    return { id: request.id, outcome: run(request.input) };
  } catch {
    return { id: request.id, failed: true };
  }
}
