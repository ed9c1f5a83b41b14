/**
 * The last run as files a learner can keep or analyse elsewhere: its time series as CSV (one row
 * per sample time, a column per panel, service and measure, units in the header) and as JSON
 * (the scenario as run, the seed and faults, each panel's results so far, and the series).
 *
 * Pure: the page hands in what it has drawn and saves the text with `src/lib/download.ts`.
 */
import type { SimulationSnapshot } from '../../sim/index';
import { csvText, type CsvCell } from '../../lib/csv';
import type { ChartSeries, RunSetup } from './protocol';

/** What a run export is made from: the run description, the latest frame's snapshots and the series. */
export interface RunRecord {
  readonly setup: RunSetup;
  /** Snapshots in panel order, or null before the first frame. */
  readonly snapshots: readonly SimulationSnapshot[] | null;
  /** Time series in panel order, or null before the first sample. */
  readonly series: readonly ChartSeries[] | null;
  /** Simulated time reached, seconds. */
  readonly time: number;
  readonly done: boolean;
}

interface Column {
  readonly header: string;
  readonly value: (series: ChartSeries, index: number) => CsvCell;
}

/**
 * The series' columns: success rate and mean latency per panel and service, the cap where one
 * exists, busy slots and size of each pool that resizes, and each dependency's utilisation.
 */
function columns(record: RunRecord): { panel: number; column: Column }[] {
  const out: { panel: number; column: Column }[] = [];
  record.setup.panels.forEach((panel, panelIndex) => {
    const series = record.series?.[panelIndex];
    for (const service of record.setup.services) {
      const at = series?.services.findIndex((s) => s.id === service.id) ?? -1;
      if (at < 0) continue;
      const name = `${panel.policy}: ${service.id}`;
      out.push({ panel: panelIndex, column: { header: `${name} success rate (share 0-1)`, value: (s, i) => s.services[at]?.successRate[i] } });
      out.push({ panel: panelIndex, column: { header: `${name} mean latency (s)`, value: (s, i) => s.services[at]?.meanLatency[i] } });
      if (series?.services[at]?.limit.some((limit) => limit !== null)) {
        out.push({ panel: panelIndex, column: { header: `${name} limit (calls)`, value: (s, i) => s.services[at]?.limit[i] } });
      }
    }
    // A pool that resizes: its busy slots and its size, as its chart shows them.
    for (const pool of panel.pools) {
      const at = series?.pools?.findIndex((p) => p.id === pool.id) ?? -1;
      if (!pool.resizes || at < 0) continue;
      const name = `${panel.policy}: ${pool.id}`;
      out.push({ panel: panelIndex, column: { header: `${name} busy slots (mean over the sample)`, value: (s, i) => s.pools?.[at]?.meanBusy[i] } });
      out.push({ panel: panelIndex, column: { header: `${name} size (slots)`, value: (s, i) => s.pools?.[at]?.slots[i] } });
    }
    for (const dependency of record.setup.dependencies ?? []) {
      const at = series?.dependencies?.findIndex((d) => d.id === dependency.id) ?? -1;
      if (at < 0) continue;
      const header = `${panel.policy}: dependency ${dependency.id} utilisation (share 0-1)`;
      const value = (s: ChartSeries, i: number): CsvCell => {
        const busy = s.dependencies?.[at]?.meanBusy[i];
        return busy === undefined ? null : busy / dependency.capacity;
      };
      out.push({ panel: panelIndex, column: { header, value } });
    }
  });
  return out;
}

/** The time series as CSV: a header row with units, then one row per sample time. */
export function seriesCsv(record: RunRecord): string {
  const cols = columns(record);
  const header = ['time (s)', ...cols.map((c) => c.column.header)];
  const times = record.series?.[0]?.time ?? [];
  // Panels step in lockstep, so their samples share times; look each one up by time all the same.
  const indexByTime = (record.series ?? []).map((series) => new Map(series.time.map((t, i) => [t, i] as const)));
  const rows = times.map((time) => [
    time,
    ...cols.map(({ panel, column }) => {
      const series = record.series?.[panel];
      const index = indexByTime[panel]?.get(time);
      return series && index !== undefined ? column.value(series, index) : null;
    }),
  ]);
  return csvText(header, rows);
}

/** Finite numbers as they are; anything else as null, so the JSON never holds NaN or Infinity. */
const finite = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The run as one JSON document: scenario, settings, results so far and the series. */
export function runJson(record: RunRecord): string {
  const { setup } = record;
  const document = {
    about:
      'A run of the Bulkhead Lab pool simulator. "scenario" is the scenario as run, every default filled in and the page’s settings applied. Times and latencies in seconds, rates in calls per second, success rates as shares from 0 to 1.',
    scenario: setup.scenario,
    seed: setup.state.seed,
    panels: setup.panels.map((panel) => panel.policy),
    faultsInjected: setup.state.events,
    timeReached: finite(record.time),
    complete: record.done,
    results: setup.panels.map((panel, index) => {
      const snapshot = record.snapshots?.[index];
      return {
        policy: panel.policy,
        label: panel.label,
        measuredFrom: finite(snapshot?.measuredFrom),
        measuredTime: finite(snapshot?.measuredTime),
        services: (snapshot?.services ?? []).map((service) => ({
          id: service.id,
          label: service.label,
          successRate: finite(service.successRate),
          calls: service.calls,
          attempts: service.counts,
          latency: {
            count: service.latency.count,
            mean: finite(service.latency.mean),
            p50: finite(service.latency.p50),
            p95: finite(service.latency.p95),
            p99: finite(service.latency.p99),
            max: finite(service.latency.max),
          },
        })),
      };
    }),
    series: setup.panels.map((panel, index) => {
      const series = record.series?.[index];
      return {
        policy: panel.policy,
        time: series?.time ?? [],
        services: (series?.services ?? []).map((s) => ({
          id: s.id,
          successRate: s.successRate.map(finite),
          meanLatency: s.meanLatency.map(finite),
          limit: s.limit.map(finite),
        })),
        pools: (series?.pools ?? []).map((p) => ({ id: p.id, meanBusy: p.meanBusy.map(finite), slots: p.slots.map(finite) })),
        dependencies: (series?.dependencies ?? []).map((d) => ({ id: d.id, meanBusy: d.meanBusy.map(finite) })),
      };
    }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A file name from the scenario's name: "slow-search-run.csv". */
export function exportFileName(title: string, extension: 'csv' | 'json', suffix = 'run'): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug === '' ? 'scenario' : slug}-${suffix}.${extension}`;
}
