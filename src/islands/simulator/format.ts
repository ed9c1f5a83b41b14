/**
 * Number formatting for the simulator. Every function returns readable text for any input,
 * including null and non-finite numbers, so no "NaN" or "Infinity" ever reaches the page.
 */

/** Shown where there is no figure yet. */
export const NO_FIGURE = '–';

// One formatter each, made once: toLocaleString builds a new formatter on every call, which is
// far too slow for figures redrawn thirty times a second.
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const TENTHS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PLAIN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/**
 * A share as a percentage: whole percents, with one decimal near 0% and 100% so that 99.6% is
 * not shown as 100% and 0.4% not as 0%.
 */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NO_FIGURE;
  const percent = Math.min(100, Math.max(0, share * 100));
  if (percent === 100 || percent === 0) return `${percent}%`;
  if (percent >= 99.5) return `${(Math.floor(percent * 10) / 10).toFixed(1)}%`;
  if (percent < 0.05) return '<0.1%';
  if (percent < 1) return `${percent.toFixed(1)}%`;
  return `${Math.round(percent)}%`;
}

/** A share with two significant digits (2.1%, 0.53%), for comparing a measurement with theory. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NO_FIGURE;
  const percent = Math.min(100, Math.max(0, share * 100));
  if (percent === 0 || percent === 100) return `${percent}%`;
  if (percent < 0.001) return '<0.001%';
  return `${Number(percent.toPrecision(2))}%`;
}

/** A duration given in seconds, as milliseconds below one second and seconds above. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NO_FIGURE;
  if (seconds < 1) {
    const ms = seconds * 1000;
    return `${ms < 10 ? Number(ms.toPrecision(2)) : Math.round(ms)} ms`;
  }
  return `${PLAIN.format(Number(seconds.toPrecision(3)))} s`;
}

/** A simulated time, seconds with one decimal. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return NO_FIGURE;
  return `${TENTHS.format(Math.round(seconds * 10) / 10)} s`;
}

/** A count or a rate, with at most `digits` significant digits and thousands separators. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_FIGURE;
  if (value === 0) return '0';
  return PLAIN.format(Number(value.toPrecision(digits)));
}

/** A whole count with thousands separators. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? WHOLE.format(Math.round(value)) : NO_FIGURE;
}

/** A playback speed such as "0.25×" or "50×". */
export function formatSpeed(speed: number): string {
  return `${speed}×`;
}
