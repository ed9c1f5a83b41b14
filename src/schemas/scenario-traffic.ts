/**
 * The traffic half of the scenario format: how calls arrive (open or closed loop, bursts, steps,
 * load curves, tenant mix) and how long the dependency takes to answer (service times).
 * `scenario.ts` assembles these into the whole scenario and re-exports them.
 */
import { z } from 'zod';
import { identifier, kinds, list, nonNegative, object, positive, required, whole } from './scenario-fields';

/** Largest p99/mean ratio a lognormal can have: exp(z₉₉²/2) with z₉₉ = 2.3263478740408408. */
export const MAX_LOGNORMAL_P99_RATIO = Math.exp(2.3263478740408408 ** 2 / 2);
/** Most points a service's load curve may expand to (spikes and daily shapes repeat). */
export const MAX_CURVE_POINTS = 100_000;
/** Points per period of a daily load shape. */
export const DAILY_POINTS_PER_PERIOD = 48;
/** Most clients of one closed-loop service. */
export const MAX_CLIENTS = 100_000;

/** Share of a service's base traffic that comes from one tenant. */
export const tenantShareSchema = object({
  /** A tenant id declared in `tenants`. */
  tenant: identifier(),
  /** Relative weight (shares are normalised to sum to 1). */
  share: positive(),
});

/** Extra traffic between two times, on top of the base rate. */
export const burstSchema = object({
  /** Burst start, seconds. */
  start: nonNegative(),
  /** Burst end, seconds (after `start`). */
  end: positive(),
  /** Rate added during the burst, calls per second. */
  extraRate: positive(),
  /** Tenant that sends the burst traffic (a noisy tenant); by default it follows the base mix. */
  tenant: identifier().optional(),
});

/** A permanent change of the base rate at a time. */
export const stepSchema = object({
  /** When the new rate starts, seconds. */
  at: nonNegative(),
  /** New base rate, calls per second (0 stops the base traffic). */
  rate: nonNegative(),
});

const factor = () => nonNegative();

/**
 * A load curve: a factor (≥ 0) applied to the base rate, moving linearly between points and flat
 * before the first and after the last. `points` lists them; the helpers build common shapes.
 */
export const loadCurveSchema = z.discriminatedUnion(
  'kind',
  [
    object({
      kind: z.literal('points'),
      /** Times (strictly increasing, seconds) and the factor at each. */
      points: list(object({ at: nonNegative(), factor: factor() })).min(2, { error: 'must list at least two points' }),
    }),
    object({
      kind: z.literal('ramp'),
      /** When the ramp starts, seconds. */
      start: nonNegative(),
      /** When it reaches `to`, seconds (after `start`). */
      end: positive(),
      /** Factor before the ramp (default 0: from nothing). */
      from: factor().default(0),
      /** Factor after the ramp (default 1: the full base rate). */
      to: factor().default(1),
    }),
    object({
      kind: z.literal('spikes'),
      /** Seconds from one spike's start to the next. */
      every: positive(),
      /** Seconds a spike lasts: it climbs to `peak` over the first half and back over the second. */
      width: positive(),
      /** Factor at the top of a spike. */
      peak: positive(),
      /** Start of the first spike, seconds (default `every`). */
      first: nonNegative().optional(),
    }),
    object({
      kind: z.literal('daily'),
      /** Factor at the quietest time (the peak is 1), in [0, 1]. */
      low: z
        .number({ error: required('must be a number from 0 to 1') })
        .min(0, { error: 'must be a number from 0 to 1' })
        .max(1, { error: 'must be a number from 0 to 1' }),
      /** Seconds into each period at which the load peaks (default 50,400: 14:00). */
      peakAt: nonNegative().default(50_400),
      /** Length of the cycle, seconds (default 86,400: a day). */
      period: positive().default(86_400),
    }),
  ],
  { error: kinds(['points', 'ramp', 'spikes', 'daily']) },
);

/**
 * Poisson arrivals at a rate, optionally with a burst and a step change (an open loop: callers
 * keep calling whatever happens to earlier calls). With `clients`, a closed loop instead: a fixed
 * population of clients, each of which makes one call at a time and, once it has its answer (or
 * gave up), thinks for an exponential time of mean 1 / `rate` before calling again.
 */
export const arrivalSchema = object({
  /**
   * Base arrival rate from time 0, calls per second. With `clients`, the rate of each client
   * while it thinks: 1 / mean think time (0.5 = one call every 2 s of thinking).
   */
  rate: positive(),
  /**
   * Closed loop: the number of clients (a thread pool's callers, for example). Each has at most
   * one call in flight, retries included; bursts and steps then change each client's rate.
   */
  clients: whole(1).max(MAX_CLIENTS, { error: `must be a whole number from 1 to ${MAX_CLIENTS.toLocaleString('en-US')}` }).optional(),
  /** Optional burst of extra traffic. */
  burst: burstSchema.optional(),
  /** Optional step change of the base rate. */
  step: stepSchema.optional(),
  /** Optional load curve: the base rate times a factor that changes over time. */
  curve: loadCurveSchema.optional(),
  /** Tenant mix of the base traffic; omit when the scenario has no tenants. */
  tenants: list(tenantShareSchema).min(1, { error: 'must list at least one tenant' }).optional(),
});

const exponentialTime = object({
  kind: z.literal('exponential'),
  /** Mean service time, seconds. */
  mean: positive(),
});
const deterministicTime = object({
  kind: z.literal('deterministic'),
  /** The fixed service time, seconds. */
  mean: positive(),
});
const lognormalTime = object({
  kind: z.literal('lognormal'),
  /** Mean service time, seconds. */
  mean: positive(),
  /** 99th percentile, seconds; give this or `sigma`, not both. Must lie in (mean, 14.97 × mean]. */
  p99: positive().optional(),
  /** Standard deviation of the log of the service time; give this or `p99`, not both. */
  sigma: positive().optional(),
});

const paretoTime = object({
  kind: z.literal('pareto'),
  /** Mean service time, seconds. */
  mean: positive(),
  /**
   * Tail index α, greater than 1 (a finite mean): P(time > x) = (scale / x)^α above the scale,
   * where scale = mean·(α − 1)/α. Smaller is heavier; the variance is finite only above 2.
   */
  shape: z
    .number({ error: required('must be a number greater than 1') })
    .gt(1, { error: 'must be a number greater than 1 (at 1 or below the mean is infinite)' })
    .max(100, { error: 'must be at most 100' }),
});

/** The service-time distributions a mixture may combine. */
export const simpleTime = z.discriminatedUnion('kind', [exponentialTime, deterministicTime, lognormalTime, paretoTime], {
  error: kinds(['exponential', 'deterministic', 'lognormal', 'pareto']),
});

const mixtureTime = object({
  kind: z.literal('mixture'),
  /** The components: each call draws one, with probability weight / total weight. */
  components: list(
    object({
      /** Relative weight (weights are normalised to sum to 1). */
      weight: positive(),
      /** The component's distribution. */
      time: simpleTime,
    }),
  )
    .min(2, { error: 'must list at least two components' })
    .max(8, { error: 'must list at most 8 components' }),
  /** The mixture's mean, filled in from the components; if given it must equal theirs. */
  mean: positive().optional(),
});

/**
 * How long the dependency takes to answer when healthy: exponential, deterministic, lognormal
 * (with its mean and either p99 or sigma), pareto (heavy-tailed: mean and shape), or a mixture of
 * these (for example 95% fast and 5% slow calls).
 */
export const serviceTimeSchema = z
  .discriminatedUnion('kind', [exponentialTime, deterministicTime, lognormalTime, paretoTime, mixtureTime], {
    error: kinds(['exponential', 'deterministic', 'lognormal', 'pareto', 'mixture']),
  })
  .transform((time) => (time.kind === 'mixture' ? { ...time, mean: mixtureMean(time.components) } : time));

/** Mean of a mixture: Σ weight·mean / Σ weight. */
export function mixtureMean(components: readonly { weight: number; time: { mean: number } }[]): number {
  const total = components.reduce((sum, c) => sum + c.weight, 0);
  return components.reduce((sum, c) => sum + c.weight * c.time.mean, 0) / total;
}

/** Largest factor of a load curve (1 without one). */
export function curvePeak(curve: LoadCurveSpec | undefined): number {
  if (!curve) return 1;
  switch (curve.kind) {
    case 'points':
      return curve.points.reduce((top, p) => Math.max(top, p.factor), 0);
    case 'ramp':
      return Math.max(curve.from, curve.to);
    case 'spikes':
      return Math.max(1, curve.peak);
    case 'daily':
      return 1;
  }
}

/** How many points a load curve expands to over a run (see `curvePoints` in src/sim). */
export function curvePointCount(curve: LoadCurveSpec, duration: number): number {
  switch (curve.kind) {
    case 'points':
      return curve.points.length;
    case 'ramp':
      return 2;
    case 'spikes':
      return 3 * Math.max(0, Math.ceil((duration - (curve.first ?? curve.every)) / curve.every));
    case 'daily':
      return Math.floor(duration / (curve.period / DAILY_POINTS_PER_PERIOD)) + 2;
  }
}

/** An arrival process. */
export type ArrivalSpec = z.output<typeof arrivalSchema>;
/** A service-time distribution. */
export type ServiceTimeSpec = z.output<typeof serviceTimeSchema>;
/** A single service-time distribution (what a mixture combines). */
export type SimpleTimeSpec = z.output<typeof simpleTime>;
/** A load curve (points, ramp, spikes or daily). */
export type LoadCurveSpec = z.output<typeof loadCurveSchema>;
