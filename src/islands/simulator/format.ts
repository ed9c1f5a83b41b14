/**
 * Number formatting for the simulator. Every function returns readable text for any input,
 * including null and non-finite numbers, so no "NaN" or "Infinity" ever reaches the page.
 */

/** Shown where there is no figure yet. */
export const NO_FIGURE = '–';

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

/** A duration given in seconds, as milliseconds below one second and seconds above. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NO_FIGURE;
  if (seconds < 1) {
    const ms = seconds * 1000;
    return `${ms < 10 ? Number(ms.toPrecision(2)) : Math.round(ms)} ms`;
  }
  return `${Number(seconds.toPrecision(3)).toLocaleString('en-US')} s`;
}

/** A simulated time, seconds with one decimal. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return NO_FIGURE;
  return `${(Math.round(seconds * 10) / 10).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
}

/** A count or a rate, with at most `digits` significant digits and thousands separators. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_FIGURE;
  if (value === 0) return '0';
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A whole count with thousands separators. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : NO_FIGURE;
}

/** A playback speed such as "0.25×" or "50×". */
export function formatSpeed(speed: number): string {
  return `${speed}×`;
}
