/**
 * Exercise: split a pool of slots by weight.
 *
 * Partitioning is the first bulkhead decision: a pool of 40 database connections is split so
 * that "checkout" can never take the slots "search" needs. Slots are whole things, so the split
 * must produce integers that add up to exactly the pool size, and each service keeps a
 * guaranteed minimum.
 *
 * Read instructions.md for the full task. The tests call:
 *   partitionPool(20, [
 *     { name: 'checkout', weight: 1, minimum: 5 },
 *     { name: 'search', weight: 1, minimum: 5 },
 *     { name: 'reports', weight: 2 },
 *   ]);
 *   // → { checkout: 8, search: 7, reports: 5 }
 */

/** One service that gets a share of the pool. */
export interface ServiceShare {
  /** Unique name, used as the key of the result. */
  name: string;
  /** Relative weight, a finite number ≥ 0. */
  weight: number;
  /** Slots guaranteed before the weighted split, a non-negative integer (default 0). */
  minimum?: number;
}

/**
 * Returns slots per service name, in input order, summing exactly to `totalSlots`.
 * @throws RangeError for invalid input, or when the minimums need more slots than exist.
 */
export function partitionPool(totalSlots: number, services: readonly ServiceShare[]): Record<string, number> {
  // TODO: validate the input (see instructions.md) and throw RangeErrors with clear messages.
  // TODO: give minimums first, then share the rest by weight with the largest-remainder method.
  // This first attempt rounds each share on its own: the parts do not always add up to
  // totalSlots, and minimums are ignored.
  const weightSum = services.reduce((sum, service) => sum + service.weight, 0);
  const result: Record<string, number> = {};
  for (const service of services) {
    result[service.name] = Math.round((totalSlots * service.weight) / weightSum);
  }
  return result;
}
