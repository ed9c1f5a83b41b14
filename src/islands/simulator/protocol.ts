/**
 * Messages between the simulator island and its worker, and the run description the worker
 * sends back. The worker owns the engine; the page sends only "start", "advance to time t" and
 * "inject this fault", and draws the frames it gets back.
 */
import type { Policy, Scenario, SimulationSnapshot } from '../../sim/index';
import type { LinkProblem } from './link-problems';
import type { SimulatorState, TimedEvent } from './simulator-state';
import type { PoolTheory } from './theory';

/** A scripted degradation of a service, for chart markers. */
export interface ScriptedFault {
  readonly kind: 'slow' | 'hang' | 'fail';
  /** Start, seconds. */
  readonly at: number;
  /** End, seconds, or null for the rest of the run. */
  readonly until: number | null;
  readonly factor: number | null;
  readonly fraction: number | null;
}

/** One service of the run, with its current and its scenario's own settings. */
export interface ServiceSetup {
  readonly id: string;
  readonly label: string;
  /** Short mark drawn in its slots (a letter or a number). */
  readonly mark: string;
  /** Index of its colour and line style. */
  readonly colour: number;
  /** Base arrival rate, calls per second. */
  readonly arrivalRate: number;
  readonly baseArrivalRate: number;
  /** Caller timeout, seconds, or null for none. */
  readonly timeout: number | null;
  readonly baseTimeout: number | null;
  /** Longest queue wait, seconds, or null for no limit. */
  readonly wait: number | null;
  readonly baseWait: number | null;
  readonly faults: readonly ScriptedFault[];
}

/** One pool of a policy panel. */
export interface PoolSetup {
  /** Pool id as the engine names it (a shared pool is `shared`). */
  readonly id: string;
  readonly label: string;
  readonly services: readonly string[];
  readonly kind: 'pool' | 'semaphore';
  readonly slots: number;
  readonly queue: number;
  readonly baseSlots: number;
  readonly baseQueue: number;
  /** Whether its size changes during the run (a scheduled resize or an autoscaler). */
  readonly resizes: boolean;
}

/** A downstream with its own capacity, shared by the services that name it (in any pools). */
export interface DependencySetup {
  readonly id: string;
  /** Calls it serves at once. */
  readonly capacity: number;
  /** Ids of the services that call it, in scenario order. */
  readonly services: readonly string[];
}

/** One policy panel. */
export interface PanelSetup {
  /** Policy name in the scenario. */
  readonly policy: string;
  readonly label: string;
  readonly description: string;
  readonly kind: Policy['kind'];
  readonly pools: readonly PoolSetup[];
  readonly theory: readonly PoolTheory[];
}

/** What the worker built from a state: everything the page draws that does not change during a run. */
export interface RunSetup {
  /** The state as used: settings the scenario could not take are removed. */
  readonly state: SimulatorState;
  readonly title: string;
  readonly description: string | null;
  /** Run length, seconds. */
  readonly duration: number;
  /** Seconds at the start left out of the figures. */
  readonly warmup: number;
  /** Seconds between chart samples. */
  readonly sampleInterval: number;
  readonly services: readonly ServiceSetup[];
  readonly tenants: readonly { readonly id: string; readonly label: string }[];
  /** The panels shown, in order. */
  readonly panels: readonly PanelSetup[];
  /** Dependencies with their own capacity (empty when the scenario declares none). */
  readonly dependencies: readonly DependencySetup[];
  /** Every policy of the scenario, for the panel picker. */
  readonly policies: readonly { readonly name: string; readonly label: string }[];
  /** Settings from the state that could not be used, one each. */
  readonly problems: readonly LinkProblem[];
  /** What the simulator did to map a calculator's pool onto a scenario, one sentence each. */
  readonly notes: readonly string[];
  /** The scenario as run (settings applied, defaults filled in): what the editor opens and an export saves. */
  readonly scenario: Scenario;
}

/** Most chart samples kept per panel. */
export const SERIES_LIMIT = 720;

/** The chart columns of one panel's time series; arrays are aligned with `time`. */
export interface ChartSeries {
  /** Sample times, seconds. */
  readonly time: readonly number[];
  readonly services: readonly {
    readonly id: string;
    /** Share of calls finishing in each interval that succeeded; null when none finished. */
    readonly successRate: readonly (number | null)[];
    /** Mean latency of attempts completed in each interval, seconds; null when none. */
    readonly meanLatency: readonly (number | null)[];
    /** The service's cap at each sample; null when it has none. */
    readonly limit: readonly (number | null)[];
  }[];
  /** Per pool: mean busy slots over each interval, and the pool's size at each sample. */
  readonly pools?: readonly { readonly id: string; readonly meanBusy: readonly number[]; readonly slots: readonly number[] }[];
  /** Per dependency: mean calls in service over each interval. */
  readonly dependencies?: readonly { readonly id: string; readonly meanBusy: readonly number[] }[];
}

/** The state of every panel at one simulated time. */
export interface Frame {
  /** Simulated time, seconds. */
  readonly time: number;
  readonly done: boolean;
  /** Snapshots in panel order, without their time series (see `series`). */
  readonly snapshots: readonly SimulationSnapshot[];
  /** Time series in panel order, or null when no sample was added since the last frame. */
  readonly series: readonly ChartSeries[] | null;
  /** Whether `series` holds only the latest samples (to append, overlaps dropped) rather than all. */
  readonly seriesAppend: boolean;
}

/** Page → worker. `runId` tags a run; replies for older runs are dropped. */
export type ToWorker =
  | { readonly type: 'start'; readonly runId: number; readonly state: SimulatorState }
  | { readonly type: 'advance'; readonly runId: number; readonly to: number }
  | { readonly type: 'event'; readonly runId: number; readonly event: TimedEvent };

/** Worker → page. */
export type FromWorker =
  | { readonly type: 'ready'; readonly runId: number; readonly setup: RunSetup }
  | { readonly type: 'frame'; readonly runId: number; readonly frame: Frame }
  | { readonly type: 'failed'; readonly runId: number; readonly message: string };
