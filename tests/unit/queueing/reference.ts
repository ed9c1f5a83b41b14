/**
 * Slow, textbook second methods for small cases, written independently of src/queueing so the
 * tests compare two different computations rather than one with itself.
 */

/** aⁿ/n! for n = 0…count, computed directly (fine for the small n the tests use). */
function poissonTerms(offeredLoad: number, count: number): number[] {
  const terms: number[] = [];
  let factorial = 1;
  for (let n = 0; n <= count; n++) {
    if (n > 0) factorial *= n;
    terms.push(offeredLoad ** n / factorial);
  }
  return terms;
}

/** Erlang B from its definition: (aᶜ/c!) / Σₖ aᵏ/k!. */
export function textbookErlangB(offeredLoad: number, servers: number): number {
  const terms = poissonTerms(offeredLoad, servers);
  return (terms[servers] ?? Number.NaN) / terms.reduce((sum, term) => sum + term, 0);
}

/** Erlang C from its own definition (not via Erlang B). */
export function textbookErlangC(offeredLoad: number, servers: number): number {
  const terms = poissonTerms(offeredLoad, servers);
  const top = ((terms[servers] ?? Number.NaN) * servers) / (servers - offeredLoad);
  const below = terms.slice(0, servers).reduce((sum, term) => sum + term, 0);
  return top / (below + top);
}

/** M/M/c/K by the closed-form pₙ and plain sums, as in a textbook. */
export function textbookMmck(arrivalRate: number, serviceRate: number, servers: number, capacity: number) {
  const a = arrivalRate / serviceRate;
  const low = poissonTerms(a, servers);
  const weights: number[] = [];
  for (let n = 0; n <= capacity; n++) {
    weights.push(n <= servers ? (low[n] ?? Number.NaN) : (low[servers] ?? Number.NaN) * (a / servers) ** (n - servers));
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const p = weights.map((weight) => weight / total);
  const blocking = p[capacity] ?? Number.NaN;
  const throughput = arrivalRate * (1 - blocking);
  const meanInSystem = p.reduce((sum, pn, n) => sum + n * pn, 0);
  const meanInQueue = p.reduce((sum, pn, n) => sum + Math.max(0, n - servers) * pn, 0);
  return {
    p,
    blocking,
    throughput,
    meanInSystem,
    meanInQueue,
    meanTimeInSystem: meanInSystem / throughput,
    meanTimeInQueue: meanInQueue / throughput,
  };
}

/** Every k-element subset of {0, …, n−1}. */
export function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  const without = subsets(n - 1, k);
  const withLast = subsets(n - 1, k - 1).map((subset) => [...subset, n - 1]);
  return [...without, ...withLast];
}
