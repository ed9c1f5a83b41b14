/**
 * Pure helpers that turn snapshots into what the panels draw: slot cells, the words that
 * describe a pool to a screen reader, chart geometry and chart summaries, and slider ranges.
 */
import type { PoolSnapshot } from '../../sim/index';
import { NO_FIGURE, formatClock, formatCount, formatDuration, formatPercent } from './format';
import type { ChartSeries, ServiceSetup } from './protocol';

// ---------------------------------------------------------------- slots and queues

/** One slot as drawn: free, or held by a service (maybe hung, maybe closing). */
export type SlotCell = { readonly free: true } | { readonly free: false; readonly service: string; readonly mark: string; readonly colour: number; readonly hung: boolean; readonly draining: boolean };

/** A pool as drawn. */
export interface PoolView {
  readonly busy: number;
  readonly slots: number;
  /** Admission limit when an adaptive limit holds it below the slots, else null. */
  readonly limit: number | null;
  readonly queued: number;
  readonly queueCapacity: number;
  readonly hung: number;
  /** Cells in slot order; empty when the pool is too large to draw slot by slot. */
  readonly cells: readonly SlotCell[];
  /** Queued calls, head first (at most the ones sent). */
  readonly queue: readonly { readonly service: string; readonly mark: string; readonly colour: number }[];
  /** Queued calls beyond those drawn. */
  readonly moreQueued: number;
  /** Busy slots by service, in scenario order, for the bar of a large pool and the description. */
  readonly byService: readonly { readonly id: string; readonly label: string; readonly colour: number; readonly busy: number; readonly queued: number }[];
  /** Words for a screen reader. */
  readonly description: string;
}

/** Pools larger than this are drawn as one bar instead of cells. */
export const MAX_CELLS = 240;

const plural = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`;

/** The drawing and the description of one pool. */
export function poolView(pool: PoolSnapshot, label: string, services: readonly ServiceSetup[]): PoolView {
  const byId = new Map(services.map((s) => [s.id, s] as const));
  const large = pool.slots > MAX_CELLS;
  const cells: SlotCell[] = large
    ? []
    : pool.occupancy.map((slot) => {
        if (slot === null) return { free: true };
        const service = byId.get(slot.service);
        return { free: false, service: slot.service, mark: service?.mark ?? '?', colour: service?.colour ?? 0, hung: slot.hung, draining: slot.draining };
      });
  const hung = pool.occupancy.filter((slot) => slot?.hung).length;
  const queue = pool.queue.map((id) => ({ service: id, mark: byId.get(id)?.mark ?? '?', colour: byId.get(id)?.colour ?? 0 }));
  const byService = services
    .filter((s) => pool.services.includes(s.id))
    .map((s) => ({ id: s.id, label: s.label, colour: s.colour, busy: pool.busyByService[s.id] ?? 0, queued: pool.queuedByService[s.id] ?? 0 }));
  const limit = pool.limit < pool.slots ? pool.limit : null;
  const holders = byService.filter((s) => s.busy > 0).map((s) => `${s.label} ${s.busy}`);
  const waiters = byService.filter((s) => s.queued > 0).map((s) => `${s.label} ${s.queued}`);
  const slotWord = pool.kind === 'semaphore' ? 'permit' : 'slot';
  let description = `${label}: ${pool.busy} of ${plural(pool.slots, slotWord)} busy`;
  if (holders.length > 0 && byService.length > 1) description += ` (${holders.join(', ')})`;
  if (hung > 0) description += `, ${hung} of them hung`;
  if (limit !== null) description += `; the adaptive limit admits ${limit}`;
  if (pool.kind === 'semaphore' || pool.queueCapacity === 0) description += pool.kind === 'semaphore' ? '; no queue.' : '; no queue places.';
  else description += `; ${pool.queued} of ${plural(pool.queueCapacity, 'queue place')} taken${waiters.length > 0 && byService.length > 1 ? ` (${waiters.join(', ')})` : ''}.`;
  return {
    busy: pool.busy,
    slots: pool.slots,
    limit,
    queued: pool.queued,
    queueCapacity: pool.queueCapacity,
    hung,
    cells,
    queue,
    moreQueued: Math.max(0, pool.queued - queue.length),
    byService,
    description,
  };
}

// ---------------------------------------------------------------- charts

/** Which chart. */
export type ChartKind = 'success' | 'latency' | 'limit';

/** One line of a chart: values aligned with the times (null where there is no figure). */
export interface ChartLine {
  readonly id: string;
  readonly label: string;
  readonly colour: number;
  readonly values: readonly (number | null)[];
}

/** Lines of a chart from a panel's series. Latency values are seconds; limit lines only for capped services. */
export function chartLines(kind: ChartKind, series: ChartSeries, services: readonly ServiceSetup[]): ChartLine[] {
  return services.flatMap((service) => {
    const data = series.services.find((s) => s.id === service.id);
    if (!data) return [];
    const values = kind === 'success' ? data.successRate : kind === 'latency' ? data.meanLatency : data.limit;
    if (kind === 'limit' && values.every((value) => value === null)) return [];
    return [{ id: service.id, label: service.label, colour: service.colour, values }];
  });
}

/**
 * Appends the latest samples to a series, dropping samples it already has (by time) and keeping
 * at most `limit`. Returns `base` itself when nothing is new.
 */
export function appendSeries(base: ChartSeries, tail: ChartSeries, limit: number): ChartSeries {
  const last = base.time.at(-1) ?? -Infinity;
  const from = tail.time.findIndex((time) => time > last + 1e-9);
  if (from < 0) return base;
  const drop = Math.max(0, base.time.length + tail.time.length - from - limit);
  const join = <T>(a: readonly T[], b: readonly T[]): T[] => [...a.slice(drop), ...b.slice(from)];
  return {
    time: join(base.time, tail.time),
    services: base.services.map((service, index) => {
      const more = tail.services.find((s) => s.id === service.id) ?? tail.services[index];
      if (!more) return service;
      return {
        id: service.id,
        successRate: join(service.successRate, more.successRate),
        meanLatency: join(service.meanLatency, more.meanLatency),
        limit: join(service.limit, more.limit),
      };
    }),
  };
}

/** The smallest "nice" axis maximum (1, 2, 2.5 or 5 × 10ⁿ) at or above `value`, and its tick step. */
export function niceAxis(value: number, ticks = 4): { max: number; step: number } {
  if (!(value > 0) || !Number.isFinite(value)) return { max: 1, step: 0.25 };
  const raw = value / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * power);
  return { max: step * Math.ceil(value / step - 1e-9), step };
}

/** An SVG path through the points (coordinates to 0.1), broken where a value is missing. */
export function linePath(times: readonly number[], values: readonly (number | null)[], x: (t: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let open = false;
  for (let index = 0; index < times.length; index++) {
    const value = values[index];
    if (value === null || value === undefined || !Number.isFinite(value)) {
      open = false;
      continue;
    }
    parts.push(`${open ? 'L' : 'M'}${Math.round(x(times[index] ?? 0) * 10) / 10} ${Math.round(y(value) * 10) / 10}`);
    open = true;
  }
  return parts.join('');
}

/** Largest value of all lines, or 0. */
export function largestValue(lines: readonly ChartLine[]): number {
  let largest = 0;
  for (const line of lines) for (const value of line.values) if (value !== null && Number.isFinite(value) && value > largest) largest = value;
  return largest;
}

/** Formats a chart value for text: a percentage, a duration or a count of calls. */
export function chartValue(kind: ChartKind, value: number | null | undefined): string {
  if (kind === 'success') return formatPercent(value);
  if (kind === 'latency') return formatDuration(value);
  return value === null || value === undefined || !Number.isFinite(value) ? NO_FIGURE : `${Math.floor(value)} calls`;
}

/** The text alternative of a chart: what it plots, the latest values and the extreme of each line. */
export function chartSummary(kind: ChartKind, times: readonly number[], lines: readonly ChartLine[], interval: number): string {
  const what = kind === 'success' ? 'Share of calls that succeeded' : kind === 'latency' ? 'Mean latency of successful calls' : 'Calls each service may have admitted at once (its cap)';
  if (times.length === 0) return `${what}, per ${formatDuration(interval)} of simulated time: no samples yet.`;
  const latestIndex = times.length - 1;
  const lowest = kind !== 'latency';
  const latest = lines.map((line) => `${line.label} ${chartValue(kind, line.values[latestIndex])}`);
  const extremes = lines.flatMap((line) => {
    let at = -1;
    line.values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) return;
      const current = line.values[at];
      if (at < 0 || current === null || current === undefined || (lowest ? value < current : value > current)) at = index;
    });
    return at < 0 ? [] : [`${line.label} ${chartValue(kind, line.values[at])} at ${formatClock(times[at] ?? 0)}`];
  });
  return `${what}, per ${formatDuration(interval)} of simulated time, from ${formatClock(times[0] ?? 0)} to ${formatClock(times[latestIndex] ?? 0)}. Latest: ${latest.join(', ')}.${
    extremes.length > 0 ? ` ${lowest ? 'Lowest' : 'Highest'}: ${extremes.join('; ')}.` : ''
  }`;
}

// ---------------------------------------------------------------- sliders

/** A slider's range. */
export interface SliderRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

function niceStep(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= value * (1 - 1e-9)) ?? 10 * power;
}

/** Range for an arrival-rate slider, calls per second: up to 5 × the scenario's rate. */
export function rateRange(base: number, current: number): SliderRange {
  const step = niceStep(Math.max(base, current) / 100);
  const max = Math.max(step * Math.ceil((base * 5) / step), current);
  return { min: step, max, step };
}

/** Range for a slot slider: 1 to 3 × the scenario's size (at least 10). */
export function slotRange(base: number, current: number): SliderRange {
  return { min: 1, max: Math.max(10, base * 3, current), step: 1 };
}

/** Range for a queue slider: 0 to 3 × the scenario's size (at least 20). */
export function queueRange(base: number, current: number): SliderRange {
  return { min: 0, max: Math.max(20, base * 3, current), step: 1 };
}

/** Range for a timeout or queue-wait slider, seconds; 0 stands for "no limit". */
export function limitRange(base: number | null, current: number | null): SliderRange {
  return { min: 0, max: Math.max(5, (base ?? 0) * 3, current ?? 0), step: 0.05 };
}

/** The words a limit slider reads out: "1 s", or "no limit" for 0. */
export function limitText(value: number | null, none = 'none'): string {
  return value === null || value <= 0 ? none : formatDuration(value);
}
