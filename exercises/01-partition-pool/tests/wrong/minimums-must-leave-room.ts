// Wrong on purpose — mistake: ">=" where the rule says "more than". Minimums that add up to
// exactly the pool size are valid (nothing is left to share, every service gets its minimum),
// but this throws a RangeError for them, and for an empty pool with no minimums.

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
  if (!Number.isInteger(totalSlots) || totalSlots < 0) {
    throw new RangeError(`totalSlots must be a non-negative integer, got ${String(totalSlots)}`);
  }
  if (services.length === 0) throw new RangeError('services must name at least one service');
  const names = new Set<string>();
  let minimumSum = 0;
  let weightSum = 0;
  for (const { name, weight, minimum = 0 } of services) {
    if (names.has(name)) throw new RangeError(`service name "${name}" appears twice`);
    names.add(name);
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`weight of "${name}" must be a finite number >= 0, got ${String(weight)}`);
    if (!Number.isInteger(minimum) || minimum < 0) throw new RangeError(`minimum of "${name}" must be a non-negative integer, got ${String(minimum)}`);
    minimumSum += minimum;
    weightSum += weight;
  }
  if (minimumSum >= totalSlots) {
    throw new RangeError(`the minimums add up to ${minimumSum} slots but the pool has only ${totalSlots}`);
  }
  const rest = totalSlots - minimumSum;
  if (rest > 0 && weightSum === 0) {
    throw new RangeError(`every weight is 0, so the ${rest} slots left after the minimums cannot be shared`);
  }

  // Work with rest × weight and its remainder after dividing by Σ weights, not with the fractional
  // part of rest × weight / Σ weights: for whole-number inputs the remainders are exact, so equal
  // remainders tie exactly (in floating point, 4/3 − 1 is a hair below 1/3).
  const shares = services.map(({ name, weight, minimum = 0 }) => {
    const scaled = rest * weight;
    let whole = weightSum === 0 ? 0 : Math.floor(scaled / weightSum);
    // With fractional weights the division can round up across a whole number: step back.
    if (scaled - whole * weightSum < 0) whole -= 1;
    return { name, whole, slots: minimum + whole, remainder: scaled - whole * weightSum };
  });
  let leftover = rest - shares.reduce((sum, share) => sum + share.whole, 0);
  // Largest remainder (Hamilton): the leftover slots go to the largest remainders; the sort is
  // stable, so ties keep input order.
  const byRemainder = [...shares].sort((left, right) => right.remainder - left.remainder);
  for (const share of byRemainder) {
    if (leftover <= 0) break;
    share.slots += 1;
    leftover -= 1;
  }

  const result: Record<string, number> = {};
  for (const share of shares) result[share.name] = share.slots;
  return result;
}
