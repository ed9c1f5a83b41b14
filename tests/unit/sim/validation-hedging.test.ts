/**
 * Hedged requests (`client.hedge`) against theory. With ample slots (no call waits or is refused)
 * and independent service times S with survival S̄, copy j of a call is sent at j·d if no copy
 * has answered by then, so the call's response is R = min_j (j·d + S_j) over the copies 0..n and
 *
 *   P(R > t) = Π_j S̄(t − j·d)            (S̄(x) = 1 for x < 0)
 *   E[R]     = ∫₀^∞ P(R > t) dt
 *   hedges sent per call = Σ_{k=1..n} Π_{j=1..k} S̄(j·d)      (copy k goes when R > k·d)
 *   hedges won per call  = 1 − ∫ f(s) Π_{j≥1} S̄(s − j·d) ds  (the first copy is not the fastest)
 *   slot-seconds per call = Σ_j ∫_{j·d}^∞ P(R > t) dt           (copy j holds a slot from j·d to R)
 *
 * The last one is the pool's mean busy slots / the call rate (Little's law on the slots). For one
 * hedge of an exponential of mean m: E[R] = m(1 − e^(−d/m)/2), hedges sent e^(−d/m), won
 * e^(−d/m)/2, and slot-seconds m exactly: memorylessness makes the copy's slot time replace the
 * first copy's, so hedging costs no capacity. For the lognormals below it is even less than the
 * mean: cancelling a copy stuck in the tail saves more slot time than the new copy takes.
 */
import { describe, expect, it } from 'vitest';
import { lognormalFromSigma, parseScenario, type ScenarioInput, type SimulationSnapshot } from '../../../src/sim/index';
import { expectWithin, replicate } from './replicate';

const RATE = 2;

/** erfc with fractional error below 1.2e-7 (Numerical Recipes' erfcc, a Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

interface Distribution {
  /** P(S > x); 1 for x < 0. */
  survival(x: number): number;
  /** Density of S at x > 0. */
  density(x: number): number;
}

const lognormalDistribution = (mu: number, sigma: number): Distribution => ({
  survival: (x) => (x <= 0 ? 1 : 0.5 * erfc((Math.log(x) - mu) / (sigma * Math.SQRT2))),
  density: (x) => (x <= 0 ? 0 : Math.exp(-((Math.log(x) - mu) ** 2) / (2 * sigma * sigma)) / (x * sigma * Math.sqrt(2 * Math.PI))),
});

/** ∫_from^∞ g(t) dt for a g that decays like a lognormal tail: Simpson's rule in log(t − from). */
function integrateFrom(from: number, g: (t: number) => number, upper: number): number {
  const lo = Math.log(1e-9);
  const hi = Math.log(upper);
  const n = 40_000;
  const h = (hi - lo) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const x = Math.exp(lo + i * h);
    const weight = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * g(from + x) * x;
  }
  return (sum * h) / 3 + 1e-9 * g(from); // the sliver [from, from + 1e-9]
}

/** Theory for `copies` − 1 hedges every `delay` seconds (see the header). */
function hedgedTheory(s: Distribution, delay: number, copies: number, upper: number) {
  const tail = (t: number) => {
    let p = 1;
    for (let j = 0; j < copies; j++) p *= s.survival(t - j * delay);
    return p;
  };
  const meanResponse = integrateFrom(0, tail, upper);
  let hedges = 0;
  let reach = 1;
  for (let k = 1; k < copies; k++) {
    reach *= s.survival(k * delay);
    hedges += reach;
  }
  const firstWins = integrateFrom(
    0,
    (x) => {
      let p = s.density(x);
      for (let j = 1; j < copies; j++) p *= s.survival(x - j * delay);
      return p;
    },
    upper,
  );
  let slotSeconds = 0;
  for (let j = 0; j < copies; j++) slotSeconds += integrateFrom(j * delay, tail, upper);
  return { meanResponse, hedges, won: 1 - firstWins, slotSeconds };
}

function hedged(serviceTime: ScenarioInput['services'][number]['serviceTime'], delay: number, max: number): ScenarioInput {
  return {
    name: 'hedging check',
    duration: 20_100,
    warmup: 100,
    sampleInterval: 100,
    services: [{ id: 'calls', arrival: { rate: RATE }, serviceTime, client: { hedge: { delay, max } } }],
    // Ample slots: P(more than 200 busy) is nil at about 2–3 busy on average.
    policies: { shared: { kind: 'shared', slots: 200, queue: 0 } },
  };
}

const service = (run: SimulationSnapshot) => {
  const s = run.services[0];
  if (!s) throw new Error('no service');
  return s;
};
const meanResponse = (run: SimulationSnapshot) => service(run).latency.mean ?? NaN;
const hedgesPerCall = (run: SimulationSnapshot) => service(run).counts.hedges / service(run).calls.started;
const wonPerCall = (run: SimulationSnapshot) => service(run).counts.hedgesWon / service(run).calls.started;
const slotSecondsPerCall = (run: SimulationSnapshot) => (run.pools[0]?.meanBusy ?? NaN) / RATE;

function checkAll(label: string, scenario: ScenarioInput, theory: ReturnType<typeof hedgedTheory>): void {
  expectWithin(`${label}: mean response`, replicate(scenario, meanResponse), theory.meanResponse);
  expectWithin(`${label}: hedges sent per call`, replicate(scenario, hedgesPerCall), theory.hedges);
  expectWithin(`${label}: hedges won per call`, replicate(scenario, wonPerCall), theory.won);
  expectWithin(`${label}: slot-seconds per call`, replicate(scenario, slotSecondsPerCall), theory.slotSeconds);
}

describe(`hedged requests with ample slots (${RATE} calls/s, 200 slots)`, () => {
  it('exponential, mean 1 s, one hedge at 0.5 s: closed forms', () => {
    const d = 0.5;
    const tail = Math.exp(-d);
    checkAll('hedge exponential d=0.5', hedged({ kind: 'exponential', mean: 1 }, d, 1), {
      meanResponse: 1 - tail / 2,
      hedges: tail,
      won: tail / 2,
      slotSeconds: 1,
    });
  });

  it('the numeric integration reproduces the exponential closed forms', () => {
    const d = 0.5;
    const exponential: Distribution = { survival: (x) => (x <= 0 ? 1 : Math.exp(-x)), density: (x) => (x <= 0 ? 0 : Math.exp(-x)) };
    const theory = hedgedTheory(exponential, d, 2, 60);
    expect(theory.meanResponse).toBeCloseTo(1 - Math.exp(-d) / 2, 6);
    expect(theory.won).toBeCloseTo(Math.exp(-d) / 2, 6);
    expect(theory.slotSeconds).toBeCloseTo(1, 6);
  });

  const { mu, sigma } = lognormalFromSigma(1, 1);
  const lognormal = lognormalDistribution(mu, sigma);
  const upper = Math.exp(mu + 12 * sigma);

  it('lognormal, mean 1 s, σ 1, one hedge at 1.5 s (about the p82): numeric integration', () => {
    checkAll('hedge lognormal σ=1 d=1.5', hedged({ kind: 'lognormal', mean: 1, sigma: 1 }, 1.5, 1), hedgedTheory(lognormal, 1.5, 2, upper));
  });

  it('lognormal, mean 1 s, σ 1, up to two hedges 1 s apart', () => {
    checkAll('hedge lognormal σ=1 d=1 max=2', hedged({ kind: 'lognormal', mean: 1, sigma: 1 }, 1, 2), hedgedTheory(lognormal, 1, 3, upper));
  });
});

describe('client.hedge in the scenario', () => {
  const base = hedged({ kind: 'exponential', mean: 1 }, 0.5, 1);
  const withClient = (client: object) => {
    const first = base.services[0];
    if (!first) throw new Error('no service');
    return parseScenario({ ...base, services: [{ ...first, client }] });
  };
  const errors = (result: ReturnType<typeof parseScenario>) => (result.ok ? [] : result.errors);

  it('needs a delay shorter than the timeout, and says why', () => {
    expect(errors(withClient({ timeout: 0.5, hedge: { delay: 0.5 } }))).toEqual([
      'services[0].client.hedge.delay must be less than timeout (0.5 s): by then the attempt has timed out, so no copy would ever be sent; to try again after a timeout, use retries',
    ]);
    expect(errors(withClient({ timeout: 0.6, hedge: { delay: 0.5 } }))).toEqual([]);
  });

  it('refuses timeoutFreesSlot: false, a non-positive delay and more than 3 copies', () => {
    expect(errors(withClient({ timeout: 1, timeoutFreesSlot: false, hedge: { delay: 0.5 } }))).toEqual([
      'services[0].client.hedge cannot be combined with timeoutFreesSlot: false (hedging cancels the slower copy, which frees its slot; a caller that cannot free its slot at a timeout cannot cancel a copy either)',
    ]);
    expect(errors(withClient({ hedge: { delay: 0 } }))).toEqual(['services[0].client.hedge.delay must be a positive number']);
    expect(errors(withClient({ hedge: { delay: 1, max: 4 } }))).toEqual(['services[0].client.hedge.max must be a whole number from 1 to 3']);
    expect(errors(withClient({ hedge: { max: 1 } }))).toEqual(['services[0].client.hedge.delay is required']);
  });
});
