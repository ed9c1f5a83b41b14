/**
 * Pure helpers that turn snapshots into what the panels draw: slot cells, the words that
 * describe a pool to a screen reader, chart geometry and chart summaries, and slider ranges.
 */
import type { DependencySnapshot, PoolSnapshot } from '../../sim/index';
import { NO_FIGURE, formatClock, formatCount, formatDuration, formatPercent } from './format';
import type { ChartSeries, DependencySetup, PoolSetup, ServiceSetup } from './protocol';

// ---------------------------------------------------------------- slots and queues

/** One slot as drawn: free, or held by a service (maybe hung, maybe closing). */
export type SlotCell = { readonly free: true } | { readonly free: false; readonly service: string; readonly mark: string; readonly colour: number; readonly hung: boolean; readonly draining: boolean };

/** A pool as drawn. */
export interface PoolView {
  readonly busy: number;
  readonly slots: number;
  /** Admission limit when an adaptive limit holds it below the slots, else null. */
  readonly limit: number | null;
  /** The autoscaler's bounds, or null without one. */
  readonly autoscale: { readonly min: number; readonly max: number } | null;
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
  if (pool.autoscale) description += `; an autoscaler keeps it between ${pool.autoscale.min} and ${plural(pool.autoscale.max, slotWord)}, aiming at ${formatPercent(pool.autoscale.targetUtilisation)} busy`;
  if (pool.kind === 'semaphore' || pool.queueCapacity === 0) description += pool.kind === 'semaphore' ? '; no queue.' : '; no queue places.';
  else description += `; ${pool.queued} of ${plural(pool.queueCapacity, 'queue place')} taken${waiters.length > 0 && byService.length > 1 ? ` (${waiters.join(', ')})` : ''}.`;
  return {
    busy: pool.busy,
    slots: pool.slots,
    limit,
    autoscale: pool.autoscale ? { min: pool.autoscale.min, max: pool.autoscale.max } : null,
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

/** A dependency as drawn: its servers, busy first, and the calls waiting there. */
export interface DependencyView {
  readonly busy: number;
  readonly capacity: number;
  readonly waiting: number;
  /** One entry per server, busy first; empty when the capacity is too large to draw server by server. */
  readonly cells: readonly boolean[];
  /** Waiting calls drawn (at most {@link MAX_WAITING_DRAWN}); the rest are counted in `moreWaiting`. */
  readonly waitingDrawn: number;
  readonly moreWaiting: number;
  /** Most calls that may wait there (null: no limit); beyond it the dependency refuses calls. */
  readonly queueCapacity: number | null;
  /** Calls it refused since the warm-up (servers busy and no room to wait). */
  readonly refused: number;
  /** Words for a screen reader. */
  readonly description: string;
}

/** Most waiting calls drawn one by one at a dependency. */
export const MAX_WAITING_DRAWN = 60;

const joinWords = (words: readonly string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** The drawing and the description of one dependency in one panel. */
export function dependencyView(dependency: DependencySnapshot, setup: DependencySetup, services: readonly ServiceSetup[]): DependencyView {
  const capacity = dependency.capacity;
  const busy = Math.min(dependency.busy, capacity);
  const callers = setup.services.map((id) => services.find((s) => s.id === id)?.label ?? id);
  let description = `Dependency ${setup.id}${callers.length > 0 ? `, called by ${joinWords(callers)}` : ''}: ${busy} of the ${plural(capacity, 'call')} it serves at once in progress`;
  description += dependency.waiting > 0 ? `; ${plural(dependency.waiting, 'call')} waiting there, each holding its caller's slot.` : '; no call waiting.';
  if (dependency.utilisation !== null) description += ` Busy ${formatPercent(dependency.utilisation)} of the time since the warm-up.`;
  if (dependency.queueCapacity !== null) {
    description += ` ${dependency.queueCapacity === 0 ? 'It lets no call wait' : `It lets at most ${plural(dependency.queueCapacity, 'call')} wait`} and refuses the rest: ${plural(dependency.refused, 'call')} refused since the warm-up.`;
  }
  const waitingDrawn = Math.min(dependency.waiting, MAX_WAITING_DRAWN);
  return {
    busy,
    capacity,
    waiting: dependency.waiting,
    cells: capacity > MAX_CELLS ? [] : Array.from({ length: capacity }, (_, index) => index < busy),
    waitingDrawn,
    moreWaiting: dependency.waiting - waitingDrawn,
    queueCapacity: dependency.queueCapacity,
    refused: dependency.refused,
    description,
  };
}

// ---------------------------------------------------------------- charts

/**
 * Which chart: success rate, latency, per-service caps, a panel's busy slots and pool sizes, or
 * its dependencies' utilisation.
 */
export type ChartKind = 'success' | 'latency' | 'limit' | 'slots' | 'dependency';

/** The colour index of a line drawn in the text colour (a pool shared by several services, a dependency). */
export const NEUTRAL_COLOUR = -1;

/** One line of a chart: values aligned with the times (null where there is no figure). */
export interface ChartLine {
  readonly id: string;
  readonly label: string;
  /** A service's colour index, or {@link NEUTRAL_COLOUR}. */
  readonly colour: number;
  readonly values: readonly (number | null)[];
  /** Drawn as steps (a value that holds until the next sample, such as a pool's size). */
  readonly step?: boolean;
  /** Dash pattern, when not the colour's own. */
  readonly dash?: string;
}

/** Dash pattern of the size line in the slots chart (its busy line is solid). */
export const SIZE_DASH = '6 3';

/**
 * Lines of the slots chart: for each pool of a panel, its busy slots (mean over each sample) and
 * its size, in the colour of its service when it has one, else in the text colour.
 */
export function slotLines(series: ChartSeries, pools: readonly PoolSetup[], labels: ReadonlyMap<string, string>, services: readonly ServiceSetup[]): ChartLine[] {
  return pools.flatMap((pool) => {
    const data = series.pools?.find((p) => p.id === pool.id);
    if (!data) return [];
    const only = pool.services.length === 1 ? services.find((s) => s.id === pool.services[0]) : undefined;
    const colour = only?.colour ?? NEUTRAL_COLOUR;
    const label = labels.get(pool.id) ?? pool.id;
    const unit = pool.kind === 'semaphore' ? 'permits' : 'slots';
    return [
      { id: `${pool.id}:busy`, label: `${label} busy ${unit}`, colour, values: data.meanBusy, dash: '' },
      { id: `${pool.id}:size`, label: `${label} size`, colour, values: data.slots, step: true, dash: SIZE_DASH },
    ];
  });
}

/** Lines of the dependency chart: each dependency's utilisation (mean calls in service over each sample ÷ capacity). */
export function dependencyLines(series: ChartSeries, dependencies: readonly DependencySetup[]): ChartLine[] {
  return dependencies.flatMap((dependency, index) => {
    const data = series.dependencies?.find((d) => d.id === dependency.id);
    if (!data) return [];
    return [{ id: dependency.id, label: dependency.id, colour: NEUTRAL_COLOUR, values: data.meanBusy.map((busy) => busy / dependency.capacity), dash: DEPENDENCY_DASHES[index % DEPENDENCY_DASHES.length] ?? '' }];
  });
}

const DEPENDENCY_DASHES = ['', '7 4', '2 3', '10 3 2 3'];

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
    ...(base.pools
      ? {
          pools: base.pools.map((pool) => {
            const more = tail.pools?.find((p) => p.id === pool.id);
            return more ? { id: pool.id, meanBusy: join(pool.meanBusy, more.meanBusy), slots: join(pool.slots, more.slots) } : pool;
          }),
        }
      : {}),
    ...(base.dependencies
      ? {
          dependencies: base.dependencies.map((dependency) => {
            const more = tail.dependencies?.find((d) => d.id === dependency.id);
            return more ? { id: dependency.id, meanBusy: join(dependency.meanBusy, more.meanBusy) } : dependency;
          }),
        }
      : {}),
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

/**
 * An SVG path through the points (coordinates to 0.1), broken where a value is missing. With
 * `step`, each value holds until the next sample's time, then the line jumps (a pool's size).
 */
export function linePath(times: readonly number[], values: readonly (number | null)[], x: (t: number) => number, y: (v: number) => number, step = false): string {
  const parts: string[] = [];
  const round = (n: number) => Math.round(n * 10) / 10;
  let open = false;
  let lastY = 0;
  for (let index = 0; index < times.length; index++) {
    const value = values[index];
    if (value === null || value === undefined || !Number.isFinite(value)) {
      open = false;
      continue;
    }
    const px = round(x(times[index] ?? 0));
    const py = round(y(value));
    if (open && step && py !== lastY) parts.push(`L${px} ${lastY}`);
    parts.push(`${open ? 'L' : 'M'}${px} ${py}`);
    lastY = py;
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

/** Formats a chart value for text: a percentage, a duration, a count of calls or of slots. */
export function chartValue(kind: ChartKind, value: number | null | undefined): string {
  if (kind === 'success' || kind === 'dependency') return formatPercent(value);
  if (kind === 'latency') return formatDuration(value);
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_FIGURE;
  if (kind === 'slots') return `${Number(value.toFixed(1)).toLocaleString('en-US')}`;
  return `${Math.floor(value)} calls`;
}

const CHART_WHAT: Record<ChartKind, string> = {
  success: 'Share of calls that succeeded',
  latency: 'Mean latency of successful calls',
  limit: 'Calls each service may have admitted at once (its cap)',
  slots: 'Busy slots (the mean over each sample) and the size of each pool',
  dependency: 'Share of each dependency’s capacity in use (the mean over each sample)',
};

/** "size from 6 to 18" for each step line (a pool's size) whose value changed; empty when none did. */
function sizeRanges(kind: ChartKind, lines: readonly ChartLine[]): string[] {
  return lines.flatMap((line) => {
    if (!line.step) return [];
    const values = line.values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (values.length === 0) return [];
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? [`${line.label} stayed at ${chartValue(kind, low)}`] : [`${line.label} went from ${chartValue(kind, values[0])} to ${chartValue(kind, values.at(-1))}, between ${chartValue(kind, low)} and ${chartValue(kind, high)}`];
  });
}

/** The text alternative of a chart: what it plots, the latest values and the extreme of each line. */
export function chartSummary(kind: ChartKind, times: readonly number[], lines: readonly ChartLine[], interval: number): string {
  const what = CHART_WHAT[kind];
  if (times.length === 0) return `${what}, per ${formatDuration(interval)} of simulated time: no samples yet.`;
  const latestIndex = times.length - 1;
  const lowest = kind === 'success' || kind === 'limit';
  const latest = lines.map((line) => `${line.label} ${chartValue(kind, line.values[latestIndex])}`);
  const extremes = lines.filter((line) => !line.step).flatMap((line) => {
    let at = -1;
    line.values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) return;
      const current = line.values[at];
      if (at < 0 || current === null || current === undefined || (lowest ? value < current : value > current)) at = index;
    });
    return at < 0 ? [] : [`${line.label} ${chartValue(kind, line.values[at])} at ${formatClock(times[at] ?? 0)}`];
  });
  const ranges = sizeRanges(kind, lines);
  return `${what}, per ${formatDuration(interval)} of simulated time, from ${formatClock(times[0] ?? 0)} to ${formatClock(times[latestIndex] ?? 0)}. Latest: ${latest.join(', ')}.${
    extremes.length > 0 ? ` ${lowest ? 'Lowest' : 'Highest'}: ${extremes.join('; ')}.` : ''
  }${ranges.length > 0 ? ` ${ranges.join('; ')}.` : ''}`;
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
