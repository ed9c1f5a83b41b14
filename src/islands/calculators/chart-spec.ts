/**
 * What a calculator hands to {@link LineChart}: plain data and ready-made labels, so the chart
 * component only draws.
 */
import type { Axis } from './chart-scale';

/** Colour roles, mapped to the site's theme variables by the stylesheet. */
export type ChartTone = 'accent' | 'warning' | 'tip' | 'muted';

/** One line on a chart. */
export interface ChartSeries {
  label: string;
  tone: ChartTone;
  /** [x, y] pairs; `null` y leaves a gap. */
  points: readonly (readonly [number, number | null])[];
  /** Draw a dot at every point (for a handful of discrete points). */
  dots?: boolean;
}

/** A vertical line at `x` (the recommended size, the current choice). */
export interface ChartMarker {
  x: number;
  label: string;
}

/** A horizontal dashed line at `y` (a target, break-even). */
export interface ChartGuide {
  y: number;
  label: string;
}

/** A table with the chart's numbers, for people who cannot see the chart. */
export interface ChartTable {
  caption: string;
  head: readonly string[];
  rows: readonly (readonly string[])[];
  /** Index of a row to emphasise (the recommendation). */
  highlight?: number | undefined;
}

/** Everything one chart draws, with its accessible name, summary and table. */
export interface ChartSpec {
  /** Short accessible name of the picture. */
  title: string;
  /** One or two sentences saying what the chart shows, in words. */
  summary: string;
  x: { label: string; axis: Axis; tickLabels: readonly string[] };
  y: { label: string; axis: Axis; tickLabels: readonly string[] };
  series: readonly ChartSeries[];
  markers: readonly ChartMarker[];
  guides: readonly ChartGuide[];
  table: ChartTable;
}
