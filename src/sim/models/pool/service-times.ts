/**
 * Service-time draws beyond the two common kinds (exponential and deterministic, which the
 * arrival handler draws inline): lognormal, Pareto and mixtures. Each writes its draw into the
 * attempt records rather than returning it: a number returned from a call that the JIT does not
 * inline is boxed, which would allocate on every arrival.
 */
import type { Rng } from '../../random/prng';
import type { ServiceRuntime } from './runtime';
import { TIME_DETERMINISTIC, TIME_EXPONENTIAL, TIME_LOGNORMAL, TIME_PARETO } from './time-kinds';

const TWO_PI = 2 * Math.PI;

/** Draws a lognormal, Pareto or mixture time into `af[index]`. */
export function drawOtherTime(af: Float64Array, index: number, service: ServiceRuntime, rng: Rng): void {
  switch (service.timeKind) {
    case TIME_LOGNORMAL: {
      const u1 = 1 - rng.next();
      const u2 = rng.next();
      af[index] = Math.exp(service.mu + service.sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2));
      break;
    }
    case TIME_PARETO:
      af[index] = service.mu * Math.pow(1 - rng.next(), service.sigma);
      break;
    default:
      drawMixture(af, index, service, rng);
  }
}

/** Draws a mixture's component (one uniform), then a time from it, into `af[index]`. */
function drawMixture(af: Float64Array, index: number, service: ServiceRuntime, rng: Rng): void {
  const cumulative = service.componentCumulative;
  const u = rng.next();
  let j = 0;
  while (j < cumulative.length - 1 && u >= (cumulative[j] as number)) j++;
  const p = service.componentA[j] as number;
  const q = service.componentB[j] as number;
  switch (service.componentKinds[j]) {
    case TIME_EXPONENTIAL:
      af[index] = -p * Math.log(1 - rng.next());
      break;
    case TIME_DETERMINISTIC:
      af[index] = p;
      break;
    case TIME_LOGNORMAL: {
      const u1 = 1 - rng.next();
      const u2 = rng.next();
      af[index] = Math.exp(p + q * Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2));
      break;
    }
    default:
      af[index] = p * Math.pow(1 - rng.next(), q);
  }
}
