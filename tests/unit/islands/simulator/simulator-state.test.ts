import { describe, expect, test } from 'vitest';
import { eventTime, overrideKey, presetState, runKey, sortEvents, withOverride } from '../../../../src/islands/simulator/simulator-state';

describe('eventTime', () => {
  test('puts faults on the 0.1 s grid, rounding up, without float noise', () => {
    expect([0, 14.99, 15, 15.0000000001, 0.1 + 0.2].map(eventTime)).toEqual([0, 15, 15, 15, 0.3]);
  });
});

describe('withOverride', () => {
  test('replaces an override of the same target and keeps the others', () => {
    const first = withOverride([{ kind: 'rate', service: 'b', value: 9 }], { kind: 'rate', service: 'a', value: 1 });
    expect(withOverride(first, { kind: 'rate', service: 'a', value: 2 })).toEqual([
      { kind: 'rate', service: 'b', value: 9 },
      { kind: 'rate', service: 'a', value: 2 },
    ]);
  });
});

describe('overrideKey', () => {
  test('names the target by kind, policy and pool, or by kind and service', () => {
    expect(overrideKey({ kind: 'queue', policy: 'p', pool: 'q', value: 0 })).toBe('queue.p.q');
    expect(overrideKey({ kind: 'timeout', service: 's', value: null })).toBe('timeout.s');
  });
});

describe('sortEvents', () => {
  test('sorts faults by time, keeping the order of ties', () => {
    const a = { at: 5, service: 'a', kind: 'hang' as const };
    const b = { at: 1, service: 'b', kind: 'hang' as const };
    const c = { at: 5, service: 'c', kind: 'recover' as const };
    expect(sortEvents([a, b, c])).toEqual([b, a, c]);
  });
});

describe('runKey', () => {
  test('changes for a new seed or settings, not for speed or faults', () => {
    const state = presetState('healthy');
    expect(runKey({ ...state, speed: 50, events: [{ at: 1, service: 'search', kind: 'hang' }] })).toBe(runKey(state));
    expect(runKey({ ...state, seed: 2 })).not.toBe(runKey(state));
    expect(runKey({ ...state, overrides: [{ kind: 'rate', service: 'search', value: 1 }] })).not.toBe(runKey(state));
  });
});

describe('presetState', () => {
  test('opens a preset with no settings, panels or faults of its own', () => {
    expect(presetState('healthy', 3, 5)).toEqual({ source: { kind: 'preset', preset: 'healthy' }, seed: 3, speed: 5, policies: null, overrides: [], events: [] });
  });
});
