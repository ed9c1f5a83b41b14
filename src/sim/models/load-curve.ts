/**
 * Load curves: the factor on a service's base rate over time, as the points the arrival schedule
 * interpolates linearly. `points` is used as given; the helpers build common shapes.
 */
import { DAILY_POINTS_PER_PERIOD, type LoadCurveSpec } from '../../schemas/scenario';
import type { CurvePoint } from './arrival-schedule';

/** A ramp from factor `from` at `start` to `to` at `end` (flat before and after). */
export function rampPoints(start: number, end: number, from: number, to: number): CurvePoint[] {
  return [
    { at: start, factor: from },
    { at: end, factor: to },
  ];
}

/**
 * Spikes every `every` seconds from `first` until `duration`: each climbs linearly from 1 to
 * `peak` over half its `width`, then back to 1.
 */
export function spikePoints(every: number, width: number, peak: number, first: number, duration: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let start = first; start < duration; start += every) {
    points.push({ at: start, factor: 1 }, { at: start + width / 2, factor: peak }, { at: start + width, factor: 1 });
  }
  return points;
}

/**
 * A daily shape: low + (1 − low)·(1 + cos(2π(t − peakAt)/period))/2, so 1 at `peakAt` each period
 * and `low` half a period away, drawn as {@link DAILY_POINTS_PER_PERIOD} straight pieces per
 * period from 0 to `duration`.
 */
export function dailyPoints(low: number, peakAt: number, period: number, duration: number): CurvePoint[] {
  const step = period / DAILY_POINTS_PER_PERIOD;
  const points: CurvePoint[] = [];
  for (let i = 0; i * step <= duration + step; i++) {
    const at = i * step;
    points.push({ at, factor: low + ((1 - low) * (1 + Math.cos((2 * Math.PI * (at - peakAt)) / period))) / 2 });
  }
  return points;
}

/** The points of a validated load curve over a run of `duration` seconds. */
export function curvePoints(curve: LoadCurveSpec, duration: number): CurvePoint[] {
  switch (curve.kind) {
    case 'points':
      return curve.points.map((p) => ({ at: p.at, factor: p.factor }));
    case 'ramp':
      return rampPoints(curve.start, curve.end, curve.from, curve.to);
    case 'spikes':
      return spikePoints(curve.every, curve.width, curve.peak, curve.first ?? curve.every, duration);
    case 'daily':
      return dailyPoints(curve.low, curve.peakAt, curve.period, duration);
  }
}
