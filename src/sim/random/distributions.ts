/**
 * Continuous distributions drawn from a {@link Rng}. Each draw consumes a fixed number of
 * uniforms (one for exponential, two for normal and lognormal, none for deterministic), so a
 * substream stays aligned between runs that take the same draws in the same order.
 */
import type { Rng } from './prng';

/** z such that Φ(z) = 0.99, the standard normal 99th percentile. */
export const Z_99 = 2.3263478740408408;

/** Exponential draw with the given mean (same unit as the mean), by inversion: −mean·ln(1 − U). */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng.next());
}

/** Standard normal draw by the Box–Muller transform; always consumes exactly two uniforms. */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Parameters of ln X ~ Normal(mu, sigma²). */
export interface LognormalParameters {
  /** Mean of ln X. */
  readonly mu: number;
  /** Standard deviation of ln X. */
  readonly sigma: number;
}

/**
 * Lognormal parameters from the mean and σ of ln X: since E[X] = exp(μ + σ²/2), μ = ln(mean) − σ²/2.
 */
export function lognormalFromSigma(mean: number, sigma: number): LognormalParameters {
  return { mu: Math.log(mean) - (sigma * sigma) / 2, sigma };
}

/**
 * Largest p99/mean ratio a lognormal can have: exp(z₉₉²/2) ≈ 14.97. Above it no σ satisfies both.
 */
export const MAX_LOGNORMAL_P99_RATIO = Math.exp((Z_99 * Z_99) / 2);

/**
 * Lognormal parameters from the mean and the 99th percentile (p99 > mean, p99/mean ≤ 14.97).
 *
 * From ln p99 = μ + z·σ and ln mean = μ + σ²/2: σ²/2 − zσ + ln(p99/mean) = 0. The smaller root
 * σ = z − √(z² − 2·ln(p99/mean)) is taken, the one that grows continuously from 0 as p99 moves
 * away from the mean. Returns null when no lognormal fits.
 */
export function lognormalFromP99(mean: number, p99: number): LognormalParameters | null {
  const ratio = p99 / mean;
  if (!(ratio > 1) || ratio > MAX_LOGNORMAL_P99_RATIO) return null;
  const discriminant = Z_99 * Z_99 - 2 * Math.log(ratio);
  const sigma = Z_99 - Math.sqrt(Math.max(0, discriminant));
  return lognormalFromSigma(mean, sigma);
}

/** Lognormal draw: exp(mu + sigma·Z). */
export function lognormal(rng: Rng, parameters: LognormalParameters): number {
  return Math.exp(parameters.mu + parameters.sigma * standardNormal(rng));
}
