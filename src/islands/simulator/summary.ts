/**
 * The simulator in words: the sentences under the panels that say which service lost calls
 * under which policy, and the rule that decides when a screen reader hears a new version.
 */
import { formatClock, formatCount, formatPercent } from './format';
import type { Frame, RunSetup } from './protocol';
import type { TimedEvent } from './simulator-state';

/** The parts of a run description the summary reads. */
export type SummarySetup = Pick<RunSetup, 'services' | 'panels' | 'tenants' | 'warmup' | 'duration'>;

/** Smallest gap between two policies worth pointing out, as a share (10 points). */
export const NOTABLE_GAP = 0.1;

const seconds = (value: number): string => `${Number(value.toFixed(1))} s`;

function faultPhrase(kind: string, factor: number | null, fraction: number | null): string {
  if (kind === 'slow') return `${Number((factor ?? 1).toPrecision(3))}× slower`;
  if (kind === 'hang') return 'not answering';
  return `failing ${formatPercent(fraction ?? 1)} of calls`;
}

/** A fault as a short phrase, such as "Search 10× slower from 15 s". */
export function describeEvent(event: TimedEvent, labelOf: (id: string) => string): string {
  const who = labelOf(event.service);
  if (event.kind === 'recover') return `${who} recovers at ${seconds(event.at)}`;
  return `${who} ${faultPhrase(event.kind, event.factor ?? null, event.fraction ?? null)} from ${seconds(event.at)}`;
}

/** Refusals that are not plain rejections, as "120 attempts shed for waiting too long, 30 attempts refused by an open breaker"; empty without any. */
function refusals(counts: { readonly shed?: number; readonly shortCircuited?: number } | undefined): string {
  const parts = [
    ...((counts?.shed ?? 0) > 0 ? [`${formatCount(counts?.shed ?? 0)} attempts shed for waiting too long`] : []),
    ...((counts?.shortCircuited ?? 0) > 0 ? [`${formatCount(counts?.shortCircuited ?? 0)} attempts refused by an open breaker`] : []),
  ];
  return parts.join(', ');
}

/** Success rates in panel-major order (NaN where no call has finished), for change detection. */
export function successRates(frame: Frame): number[] {
  return frame.snapshots.flatMap((snapshot) => snapshot.services.map((service) => service.successRate ?? Number.NaN));
}

/**
 * The text summary of a frame, for example: "At 42.0 s of 60 s. Search is 10× slower since
 * 15 s. Shared pool: Search 30%, Checkout 38%, Analytics 33% of calls succeeded. Partitioned
 * pools: Search 18%, Checkout 100%, Analytics 99% of calls succeeded. Largest gap: Checkout,
 * 38% in Shared pool against 100% in Partitioned pools."
 */
export function buildSummary(setup: SummarySetup, frame: Frame | null): string {
  if (frame === null) return 'The simulation is starting.';
  const labelOf = new Map(setup.services.map((s) => [s.id, s.label] as const));
  const label = (id: string) => labelOf.get(id) ?? id;
  const parts: string[] = [`At ${formatClock(frame.time)} of ${seconds(setup.duration)}${frame.done ? ', the end of the run' : ''}.`];
  if (frame.time < setup.warmup) {
    parts.push(`Warming up: the figures count from ${seconds(setup.warmup)}.`);
    return parts.join(' ');
  }
  const first = frame.snapshots[0];
  const faults = (first?.services ?? []).flatMap((service) =>
    service.activeDegradations.map((d) => `${label(service.id)} is ${faultPhrase(d.kind, d.factor, d.fraction)} since ${seconds(d.at)}`),
  );
  if (faults.length > 0) parts.push(`${faults.join('; ')}.`);

  setup.panels.forEach((panel, index) => {
    const snapshot = frame.snapshots[index];
    if (!snapshot) return;
    const services = snapshot.services.map((s) => (s.successRate === null ? `${label(s.id)} none finished yet` : `${label(s.id)} ${formatPercent(s.successRate)}`));
    const refused = snapshot.services.flatMap((s) => {
      const what = refusals(s.counts);
      return what === '' ? [] : [`${label(s.id)}: ${what}`];
    });
    const tenants = snapshot.tenants.filter((t) => t.successRate !== null).map((t) => `${t.label} ${formatPercent(t.successRate)}`);
    parts.push(
      `${panel.label}: ${services.join(', ')} of calls succeeded${tenants.length > 0 ? `; by tenant ${tenants.join(', ')}` : ''}${refused.length > 0 ? `; ${refused.join('; ')}` : ''}.`,
    );
  });

  if (setup.panels.length > 1) {
    let best: { service: string; low: number; lowPanel: string; high: number; highPanel: string } | null = null;
    for (const service of setup.services) {
      const rates = setup.panels
        .map((panel, index) => ({ panel: panel.label, rate: frame.snapshots[index]?.services.find((s) => s.id === service.id)?.successRate ?? null }))
        .filter((entry): entry is { panel: string; rate: number } => entry.rate !== null);
      if (rates.length < 2) continue;
      const low = rates.reduce((a, b) => (b.rate < a.rate ? b : a));
      const high = rates.reduce((a, b) => (b.rate > a.rate ? b : a));
      if (high.rate - low.rate >= NOTABLE_GAP && (best === null || high.rate - low.rate > best.high - best.low)) {
        best = { service: service.id, low: low.rate, lowPanel: low.panel, high: high.rate, highPanel: high.panel };
      }
    }
    if (best !== null) {
      parts.push(`Largest gap: ${label(best.service)}, ${formatPercent(best.low)} in ${best.lowPanel} against ${formatPercent(best.high)} in ${best.highPanel}.`);
    } else if (frame.snapshots.some((s) => s.services.some((service) => service.successRate !== null))) {
      parts.push(`No service differs by ${formatPercent(NOTABLE_GAP)} or more between the policies.`);
    }
  }
  return parts.join(' ');
}

/** What was last announced. */
export interface Announcement {
  readonly text: string;
  /** Simulated time of the frame, seconds. */
  readonly simTime: number;
  /** Wall-clock time of the announcement, milliseconds. */
  readonly wallTime: number;
  readonly rates: readonly number[];
}

/** A candidate announcement. */
export interface AnnouncementCandidate {
  readonly simTime: number;
  readonly wallTime: number;
  readonly rates: readonly number[];
  /** Announce regardless of pacing (paused, finished, restarted, a fault injected). */
  readonly force: boolean;
}

/** Least wall-clock time between two paced announcements, ms. */
export const MIN_ANNOUNCE_GAP_MS = 3_000;
/** Simulated seconds after which a small change is announced. */
export const ANNOUNCE_EVERY_SECONDS = 5;

function largestChange(before: readonly number[], after: readonly number[]): number {
  let largest = 0;
  after.forEach((value, index) => {
    const previous = before[index] ?? Number.NaN;
    if (Number.isNaN(value) !== Number.isNaN(previous)) largest = Math.max(largest, 1);
    else if (!Number.isNaN(value)) largest = Math.max(largest, Math.abs(value - previous));
  });
  return before.length === after.length ? largest : 1;
}

/**
 * Whether the summary should be replaced now. Forced updates always are. Otherwise at most one
 * every {@link MIN_ANNOUNCE_GAP_MS}, and only for a change of a success rate by 10 points, or of
 * at least 1 point once {@link ANNOUNCE_EVERY_SECONDS} simulated seconds have passed.
 */
export function shouldAnnounce(last: Announcement | null, next: AnnouncementCandidate): boolean {
  if (last === null || next.force) return true;
  if (next.wallTime - last.wallTime < MIN_ANNOUNCE_GAP_MS) return false;
  const change = largestChange(last.rates, next.rates);
  if (change >= NOTABLE_GAP) return true;
  return next.simTime - last.simTime >= ANNOUNCE_EVERY_SECONDS && change >= 0.01;
}
