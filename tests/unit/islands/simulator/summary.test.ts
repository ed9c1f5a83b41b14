import { describe, expect, test } from 'vitest';
import { presets } from '../../../../src/sim/index';
import { createSimHost } from '../../../../src/islands/simulator/sim-host';
import type { Frame, FromWorker, RunSetup } from '../../../../src/islands/simulator/protocol';
import { presetState, type SimulatorState } from '../../../../src/islands/simulator/simulator-state';
import {
  MIN_ANNOUNCE_GAP_MS,
  buildSummary,
  describeEvent,
  shouldAnnounce,
  successRates,
  type Announcement,
} from '../../../../src/islands/simulator/summary';

/** Runs a state to `to` seconds through the worker's own handler. */
function runTo(state: SimulatorState, to: number): { setup: RunSetup; frame: Frame } {
  const messages: FromWorker[] = [];
  const host = createSimHost((message) => messages.push(message));
  host({ type: 'start', runId: 1, state });
  host({ type: 'advance', runId: 1, to });
  const ready = messages.find((m) => m.type === 'ready');
  const frame = messages.findLast((m) => m.type === 'frame');
  if (ready?.type !== 'ready' || frame?.type !== 'frame') throw new Error('no run');
  return { setup: ready.setup, frame: frame.frame };
}

const percentOf = (text: string, pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? Number.NaN);

describe('buildSummary', () => {
  test('says the run is starting before any frame', () => {
    const { setup } = runTo(presetState('healthy'), 0);
    expect(buildSummary(setup, null)).toBe('The simulation is starting.');
  });

  test('says when the figures start while warming up', () => {
    const { setup, frame } = runTo(presetState('healthy'), 3);
    expect(buildSummary(setup, frame)).toBe('At 3.0 s of 60 s. Warming up: the figures count from 5 s.');
  });

  test('names the fault in force and each policy’s success rates, with the largest gap', () => {
    const { setup, frame } = runTo(presetState('slow-search'), 60);
    const text = buildSummary(setup, frame);
    expect(text).toMatch(/^At 60\.0 s of 60 s, the end of the run\. Search is 10× slower since 15 s\./);
    const shared = percentOf(text, /Shared pool: [^.]*Checkout (\d+)%/);
    const partitioned = percentOf(text, /Partitioned pools: [^.]*Checkout (\d+)%/);
    expect(shared).toBeLessThan(60);
    expect(partitioned).toBeGreaterThanOrEqual(99);
    expect(text).toMatch(/Largest gap: \w+, \d+% in Shared pool against \d+(\.\d)?% in Partitioned pools\.$/);
  });

  test('says when no service differs much between the policies', () => {
    const { setup, frame } = runTo(presetState('healthy'), 30);
    expect(buildSummary(setup, frame)).toContain('No service differs by 10% or more between the policies.');
  });

  test('counts the attempts a pool shed and an open breaker refused', () => {
    const shed = runTo(presetState('queue-delay-shedding'), 40);
    const shedding = buildSummary(shed.setup, shed.frame);
    expect(shedding).toMatch(/Shared pool: API \d+(\.\d)?% of calls succeeded\. Shared pool, sheds on queue delay: API \d+(\.\d)?% of calls succeeded; API: [\d,]+ attempts shed for waiting too long\./);
    const burst = runTo(presetState('breaker-rejections'), 30);
    const breakers = buildSummary(burst.setup, burst.frame);
    expect(breakers).toMatch(/Partitioned pools: [^.]*; Counts rejections: [\d,]+ attempts refused by an open breaker\./);
    expect(breakers).not.toMatch(/Ignores rejections: [\d,]+ attempts refused/);
  });

  test('adds tenants’ success rates when the scenario has tenants', () => {
    const { setup, frame } = runTo(presetState('noisy-tenant'), 40);
    const text = buildSummary(setup, frame);
    expect(text).toMatch(/Per-tenant limits: [^.]*; by tenant Acme \d+(\.\d)?%, Globex \d+(\.\d)?%, Initech \d+(\.\d)?%\./);
  });

  test('never prints NaN, Infinity or undefined', () => {
    for (const name of Object.keys(presets)) {
      const { setup, frame } = runTo(presetState(name), 6);
      expect(buildSummary(setup, frame)).not.toMatch(/NaN|Infinity|undefined/);
    }
  });
});

describe('describeEvent', () => {
  const label = (id: string) => (id === 'search' ? 'Search' : id);
  test('words each kind of fault with its time', () => {
    expect(describeEvent({ at: 15.3, service: 'search', kind: 'slow', factor: 10 }, label)).toBe('Search 10× slower from 15.3 s');
    expect(describeEvent({ at: 20, service: 'search', kind: 'hang' }, label)).toBe('Search not answering from 20 s');
    expect(describeEvent({ at: 2, service: 'search', kind: 'fail', fraction: 0.5 }, label)).toBe('Search failing 50% of calls from 2 s');
    expect(describeEvent({ at: 40, service: 'search', kind: 'recover' }, label)).toBe('Search recovers at 40 s');
  });
});

describe('successRates', () => {
  test('lists every service of every panel, NaN where nothing finished', () => {
    const { frame } = runTo(presetState('slow-search'), 0);
    const rates = successRates(frame);
    expect(rates).toHaveLength(6);
    expect(rates.every(Number.isNaN)).toBe(true);
  });
});

describe('shouldAnnounce', () => {
  const last: Announcement = { text: 'x', simTime: 10, wallTime: 0, rates: [0.9, 1] };
  const at = (wallTime: number, simTime: number, rates: number[], force = false) => ({ wallTime, simTime, rates, force });

  test('always announces the first summary and forced ones', () => {
    expect(shouldAnnounce(null, at(0, 0, []))).toBe(true);
    expect(shouldAnnounce(last, at(1, 10.1, [0.9, 1], true))).toBe(true);
  });

  test('waits at least the minimum gap between paced announcements', () => {
    expect(shouldAnnounce(last, at(MIN_ANNOUNCE_GAP_MS - 1, 30, [0.1, 1]))).toBe(false);
    expect(shouldAnnounce(last, at(MIN_ANNOUNCE_GAP_MS, 11, [0.7, 1]))).toBe(true);
  });

  test('announces a small change only after five simulated seconds', () => {
    expect(shouldAnnounce(last, at(10_000, 12, [0.88, 1]))).toBe(false);
    expect(shouldAnnounce(last, at(10_000, 15, [0.88, 1]))).toBe(true);
    expect(shouldAnnounce(last, at(10_000, 60, [0.9, 1]))).toBe(false);
  });

  test('treats a first finished call as a change', () => {
    expect(shouldAnnounce({ ...last, rates: [Number.NaN] }, at(10_000, 11, [1]))).toBe(true);
  });
});
