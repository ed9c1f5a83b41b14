/**
 * Links from a calculator to the pool simulator, which reads the same traffic and pool from its
 * query string: `/simulator/?rate=<req/s>&mean=<ms>&slots=<c>&queue=<K−c>[&partitions=N][&shared=<c>]`.
 */
import { withBase } from '../../lib/base-path';

/** What the simulator needs to replay a calculator's pool. */
export interface SimulatorLinkInput {
  /** Arrival rate, requests per second. */
  rate: number;
  /** Mean service time, milliseconds. */
  meanMs: number;
  /** Slots in the pool (c); with partitions, the total across all partitions. */
  slots: number;
  /** Waiting places in front of the slots (K − c), or `'unbounded'`. */
  queue: number | 'unbounded';
  /** Equal isolated partitions the slots are split into; left out when absent. */
  partitions?: number | undefined;
  /**
   * Slots of the one shared pool the partitions are compared with, when that is not `slots`
   * (the price of isolation compares 25 shared slots with 4 × 10); left out when absent.
   */
  sharedSlots?: number | undefined;
}

/** Writes a number for a URL: at most 6 significant digits, no exponent for everyday sizes. */
function urlNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** The simulator URL for a pool, or `null` when a figure is not a finite positive number. */
export function simulatorHref(input: SimulatorLinkInput): string | null {
  const { rate, meanMs, slots, queue, partitions, sharedSlots } = input;
  const positive = (value: number): boolean => Number.isFinite(value) && value > 0;
  if (!positive(rate) || !positive(meanMs) || !positive(slots) || !Number.isInteger(slots)) return null;
  if (queue !== 'unbounded' && !(Number.isInteger(queue) && queue >= 0)) return null;
  if (partitions !== undefined && !(Number.isInteger(partitions) && partitions >= 1)) return null;
  if (sharedSlots !== undefined && !(Number.isInteger(sharedSlots) && sharedSlots >= 1)) return null;
  const params = new URLSearchParams({
    rate: urlNumber(rate),
    mean: urlNumber(meanMs),
    slots: String(slots),
    queue: String(queue),
  });
  if (partitions !== undefined) params.set('partitions', String(partitions));
  if (sharedSlots !== undefined && partitions !== undefined && partitions > 1 && sharedSlots !== slots) params.set('shared', String(sharedSlots));
  return withBase(`/simulator/?${params.toString()}`);
}
