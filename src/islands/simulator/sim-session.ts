/**
 * One comparison run: the same scenario and seed under each shown policy (common random
 * numbers, as `createSimulation` is designed for), stepped together to the times the page asks
 * for, with faults injected into every run at the same simulated time.
 *
 * Pure (no DOM, no clock): the worker drives it, and so do the unit tests.
 */
import { createSimulation, type PoolSimulation, type Scenario, type SeriesSnapshot, type SimulationSnapshot } from '../../sim/index';
import { SERIES_LIMIT, type ChartSeries, type Frame } from './protocol';
import { sortEvents, type TimedEvent } from './simulator-state';

/** Most slots per pool sent for drawing; larger pools are drawn as a bar. */
export const MAX_DRAWN_SLOTS = 240;
/** Most queued calls per pool sent for drawing. */
export const MAX_DRAWN_QUEUE = 60;

/** Applies one fault to one run. */
function inject(simulation: PoolSimulation, event: TimedEvent): void {
  switch (event.kind) {
    case 'slow':
      simulation.degrade(event.service, { kind: 'slow', factor: event.factor ?? 10 });
      break;
    case 'hang':
      simulation.degrade(event.service, { kind: 'hang' });
      break;
    case 'fail':
      simulation.degrade(event.service, { kind: 'fail', fraction: event.fraction ?? 1 });
      break;
    case 'recover':
      simulation.recover(event.service);
      break;
  }
}

/** The chart columns of a series. */
export function chartSeries(series: SeriesSnapshot): ChartSeries {
  return {
    time: series.time,
    services: series.services.map((s) => ({ id: s.id, successRate: s.successRate, meanLatency: s.meanLatency, limit: s.limit })),
    pools: series.pools.map((p) => ({ id: p.id, meanBusy: p.meanBusy, slots: p.slots })),
    dependencies: series.dependencies.map((d) => ({ id: d.id, meanBusy: d.meanBusy })),
  };
}

function trimmed(snapshot: SimulationSnapshot): SimulationSnapshot {
  return {
    ...snapshot,
    pools: snapshot.pools.map((pool) => ({
      ...pool,
      occupancy: pool.occupancy.length > MAX_DRAWN_SLOTS ? pool.occupancy.slice(0, MAX_DRAWN_SLOTS) : pool.occupancy,
      queue: pool.queue.length > MAX_DRAWN_QUEUE ? pool.queue.slice(0, MAX_DRAWN_QUEUE) : pool.queue,
    })),
    series: { ...snapshot.series, time: [], pools: [], services: [], tenants: [], dependencies: [] },
  };
}

/** Several policies of one scenario, run in lockstep with one seed. */
export class SimSession {
  private readonly runs: PoolSimulation[];
  private readonly cursors: number[];
  private events: TimedEvent[];
  private samplesSent = -1;
  private readonly sampleInterval: number;

  /** Throws (ScenarioError, RangeError) only for a scenario or seed the builder should have rejected. */
  constructor(scenario: Scenario, policies: readonly string[], seed: number, events: readonly TimedEvent[]) {
    this.runs = policies.map((policy) => createSimulation({ scenario, policy, seed }));
    this.cursors = this.runs.map(() => 0);
    this.events = sortEvents(events);
    this.sampleInterval = scenario.sampleInterval;
  }

  /** Simulated time now, seconds (every run is at the same time). */
  get time(): number {
    return this.runs[0]?.now ?? 0;
  }

  /** Run length, seconds. */
  get duration(): number {
    return this.runs[0]?.duration ?? 0;
  }

  /** The faults of this run so far, in time order. */
  get faults(): readonly TimedEvent[] {
    return this.events;
  }

  /**
   * Adds a fault; one dated before now takes effect now. Returns the fault as scheduled. Faults
   * already applied keep their place, so a run replayed from a link applies them identically.
   */
  addEvent(event: TimedEvent): TimedEvent {
    const scheduled = event.at < this.time ? { ...event, at: this.time } : event;
    this.events = sortEvents([...this.events, scheduled]);
    return scheduled;
  }

  /** Runs every policy to `to` seconds (clamped to the run), injecting due faults on the way. */
  advance(to: number): void {
    const target = Math.min(Math.max(to, this.time), this.duration);
    this.runs.forEach((run, index) => {
      let cursor = this.cursors[index] ?? 0;
      for (let event = this.events[cursor]; event !== undefined && event.at <= target; event = this.events[cursor]) {
        run.runUntil(Math.max(event.at, run.now));
        inject(run, event);
        cursor++;
      }
      this.cursors[index] = cursor;
      run.runUntil(target);
    });
  }

  /**
   * What the page draws now. `withSeries` sends the whole time series (up to
   * {@link SERIES_LIMIT} samples); otherwise only samples added since the last frame are sent,
   * with two of overlap in case the count estimated from the clock is off by one at a sample
   * boundary (the page drops samples it already has).
   */
  frame(withSeries = false): Frame {
    const samples = Math.floor(this.time / this.sampleInterval + 1e-9);
    const fresh = samples - this.samplesSent;
    const seriesLimit = withSeries || this.samplesSent < 0 ? SERIES_LIMIT : fresh > 0 ? Math.min(SERIES_LIMIT, fresh + 2) : 0;
    const snapshots = this.runs.map((run) => run.snapshot({ seriesLimit }));
    const append = !(withSeries || this.samplesSent < 0);
    if (seriesLimit > 0) this.samplesSent = samples;
    return {
      time: this.time,
      done: this.runs.every((run) => run.done),
      snapshots: snapshots.map(trimmed),
      series: seriesLimit > 0 ? snapshots.map((snapshot) => chartSeries(snapshot.series)) : null,
      seriesAppend: append,
    };
  }
}
