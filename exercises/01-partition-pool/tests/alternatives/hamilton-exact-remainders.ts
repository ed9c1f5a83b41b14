/**
 * Split a pool of slots by weight: minimums first, then the largest-remainder (Hamilton) method.
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

/** Working state for one service during the split. */
interface Share {
  readonly name: string;
  readonly weight: number;
  readonly minimum: number;
  /** Whole part of the exact weighted share. */
  whole: number;
  /** rest × weight − whole × Σweights: the fractional part, scaled by Σweights (same denominator for all). */
  remainder: number;
}

const isNonNegativeInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * Returns slots per service name, in input order, summing exactly to `totalSlots`.
 * @throws RangeError for invalid input, or when the minimums need more slots than exist.
 */
export function partitionPool(totalSlots: number, services: readonly ServiceShare[]): Record<string, number> {
  if (!isNonNegativeInteger(totalSlots)) {
    throw new RangeError(`totalSlots must be a non-negative integer; got ${String(totalSlots)}`);
  }
  if (!Array.isArray(services) || services.length === 0) {
    throw new RangeError('services must be a non-empty list');
  }

  const seen = new Set<string>();
  const shares: Share[] = [];
  let minimumSum = 0;
  for (const service of services) {
    const { name, weight } = service;
    if (seen.has(name)) throw new RangeError(`duplicate service name "${name}"`);
    seen.add(name);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`weight of "${name}" must be a finite number ≥ 0; got ${String(weight)}`);
    }
    const minimum = service.minimum ?? 0;
    if (!isNonNegativeInteger(minimum)) {
      throw new RangeError(`minimum of "${name}" must be a non-negative integer; got ${String(minimum)}`);
    }
    minimumSum += minimum;
    shares.push({ name, weight, minimum, whole: 0, remainder: 0 });
  }

  if (minimumSum > totalSlots) {
    throw new RangeError(`the minimums add up to ${minimumSum}, more than the ${totalSlots} slots in the pool`);
  }

  const rest = totalSlots - minimumSum;
  let weightSum = shares.reduce((sum, share) => sum + share.weight, 0);
  if (rest > 0 && weightSum === 0) {
    throw new RangeError(`${rest} slots are left to share but every weight is 0`);
  }

  if (rest > 0) {
    // Huge finite weights can overflow the sum; rescale so the arithmetic stays finite.
    let scale = 1;
    if (!Number.isFinite(weightSum)) {
      scale = 1 / Math.max(...shares.map((share) => share.weight));
      weightSum = shares.reduce((sum, share) => sum + share.weight * scale, 0);
    }

    let handedOut = 0;
    for (const share of shares) {
      const numerator = rest * share.weight * scale;
      let whole = Math.floor(numerator / weightSum);
      let remainder = numerator - whole * weightSum;
      // Guard against the division rounding across an integer boundary.
      if (remainder < 0) {
        whole -= 1;
        remainder += weightSum;
      } else if (remainder >= weightSum) {
        whole += 1;
        remainder -= weightSum;
      }
      share.whole = whole;
      share.remainder = remainder;
      handedOut += whole;
    }

    // Fewer than shares.length slots remain; give them to the largest remainders. Only services
    // with a positive weight take part, so a zero weight never gets more than its minimum.
    // Array.prototype.sort is stable, so ties keep the input order (first listed wins).
    const byRemainder = shares
      .filter((share) => share.weight > 0)
      .sort((left, right) => right.remainder - left.remainder);
    let leftover = rest - handedOut;
    for (let index = 0; leftover > 0 && byRemainder.length > 0; index = (index + 1) % byRemainder.length) {
      (byRemainder[index] as Share).whole += 1;
      leftover -= 1;
    }
  }

  // Build the result in input order; defineProperty keeps a name like "__proto__" an ordinary key.
  const result: Record<string, number> = {};
  for (const share of shares) {
    Object.defineProperty(result, share.name, {
      value: share.minimum + share.whole,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
