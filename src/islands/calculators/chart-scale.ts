/**
 * Axes for the hand-drawn SVG charts: round tick values and the mapping from data to pixels.
 */

/** An axis: its drawn range, tick values, and whether it is logarithmic. */
export interface Axis {
  min: number;
  max: number;
  ticks: number[];
  log: boolean;
}

/** Options of {@link linearAxis}. */
export interface LinearAxisOptions {
  /** About how many ticks; default 5. */
  count?: number;
  /** Keep the axis exactly at [min, max] instead of widening it to round ticks. */
  tight?: boolean;
  /** Ticks only at whole numbers (for counts such as pool sizes). */
  integer?: boolean;
}

/** Round tick values (1, 2 or 5 × 10ⁿ apart) covering [min, max]. */
export function linearAxis(min: number, max: number, options: LinearAxisOptions = {}): Axis {
  const { count = 5, tight = false, integer = false } = options;
  let low = Number.isFinite(min) ? min : 0;
  let high = Number.isFinite(max) ? max : 1;
  if (high < low) [low, high] = [high, low];
  if (high === low) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const rough = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  if (integer) step = Math.max(1, Math.round(step));
  const first = tight ? Math.ceil(low / step - 1e-9) * step : Math.floor(low / step) * step;
  const last = tight ? Math.floor(high / step + 1e-9) * step : Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let index = 0; first + index * step <= last + step * 1e-9 && index <= 50; index++) {
    // Rounding to the step's precision keeps 0.30000000000000004 out of tick labels.
    ticks.push(Number((first + index * step).toPrecision(12)));
  }
  return tight ? { min: low, max: high, ticks, log: false } : { min: first, max: last, ticks, log: false };
}

/**
 * Whole decades covering [min, max] on a log scale, at most `maxDecades` of them (the top is
 * kept, the bottom cut). Values must be positive; non-positive bounds fall back to one decade.
 */
export function logAxis(min: number, max: number, maxDecades = 6): Axis {
  const safeMax = Number.isFinite(max) && max > 0 ? max : 1;
  const safeMin = Number.isFinite(min) && min > 0 ? Math.min(min, safeMax) : safeMax / 10;
  let high = Math.ceil(Math.log10(safeMax) - 1e-12);
  let low = Math.floor(Math.log10(safeMin) + 1e-12);
  if (high === low) low -= 1;
  if (high - low > maxDecades) low = high - maxDecades;
  if (!Number.isFinite(low) || !Number.isFinite(high)) [low, high] = [0, 1];
  const ticks: number[] = [];
  for (let power = low; power <= high; power++) ticks.push(Number(`1e${power}`));
  high = Math.max(high, low + 1);
  return { min: Number(`1e${low}`), max: Number(`1e${high}`), ticks, log: true };
}

/**
 * Maps a data value to a pixel position between `start` and `end` along `axis`. Values outside
 * the axis are clamped to its ends; for a log axis, values ≤ 0 sit at the bottom.
 */
export function project(axis: Axis, value: number, start: number, end: number): number {
  let share: number;
  if (axis.log) {
    const low = Math.log10(axis.min);
    const high = Math.log10(axis.max);
    share = value > 0 ? (Math.log10(value) - low) / (high - low) : 0;
  } else {
    share = (value - axis.min) / (axis.max - axis.min);
  }
  if (!Number.isFinite(share)) share = 0;
  share = Math.min(1, Math.max(0, share));
  return start + share * (end - start);
}

/**
 * An SVG path through the points, lifting the pen over `null` values (gaps), with coordinates
 * rounded to a tenth of a pixel.
 */
export function linePath(points: readonly (readonly [number, number | null])[], x: (value: number) => number, y: (value: number) => number): string {
  let path = '';
  let drawing = false;
  for (const [xValue, yValue] of points) {
    if (yValue === null || !Number.isFinite(yValue)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${x(xValue).toFixed(1)} ${y(yValue).toFixed(1)}`;
    drawing = true;
  }
  return path;
}
