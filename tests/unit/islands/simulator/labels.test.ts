import { describe, expect, test } from 'vitest';
import { presets, type Policy } from '../../../../src/sim/index';
import { mergeMarkers, policyDescription, policyLabel, poolLabel, serviceMarks } from '../../../../src/islands/simulator/labels';

const labels = (name: keyof typeof presets) => Object.entries(presets[name].policies).map(([key, policy]) => policyLabel(key, policy, presets[name].policies));
const names = { serviceLabel: (id: string) => id[0]?.toUpperCase() + id.slice(1) };

describe('policyLabel', () => {
  test('names each preset’s panels so that two shared pools can be told apart', () => {
    expect(labels('slow-search')).toEqual(['Shared pool', 'Partitioned pools']);
    expect(labels('queue-vs-no-queue')).toEqual(['Shared pool, queue 200', 'Shared pool, no queue', 'Semaphores, no queue']);
    expect(labels('adaptive-recovery')).toEqual(['Shared pool', 'Partitioned pools', 'Shared pool, adaptive limits']);
    expect(labels('noisy-tenant')).toEqual(['Shared pool', 'Per-tenant limits', 'Partitioned by service']);
    expect(labels('queue-delay-shedding')).toEqual(['Shared pool', 'Shared pool, sheds on queue delay']);
    // Two adaptive limits that differ in how fast they grow.
    expect(labels('aimd-overshoot')).toEqual(['Adaptive limit, +1 per success', 'Adaptive limit, +0.05 per success']);
    // Partitions that differ only in their pools' one size.
    expect(labels('connection-budget')).toEqual(['12 pools of 10', '12 pools of 8', 'Shared pool']);
    expect(labels('shared-downstream')).toEqual(['Partitioned (partitioned)', 'Shared pool', 'Partitioned (capped)']);
  });
});

describe('policyDescription', () => {
  test('lists the pools of a policy', () => {
    expect(policyDescription(presets.healthy.policies['partitioned'] as Policy, names)).toBe('Search: 18 slots, queue 10 · Checkout: 6 slots, queue 6 · Analytics: 6 slots, queue 6');
    expect(policyDescription(presets['queue-vs-no-queue'].policies['partitioned'] as Policy, names)).toBe('Search: 18 permits · Checkout: 6 permits · Analytics: 6 permits');
    expect(policyDescription(presets['adaptive-recovery'].policies['adaptive'] as Policy, names)).toContain('Search capped adaptively (2–30)');
  });

  test('says when and what a pool sheds', () => {
    expect(policyDescription(presets['queue-delay-shedding'].policies['partitioned'] as Policy, names)).toBe(
      '10 slots for all, queue 200; sheds calls queued over 0.1 s once the queue has stood 1 s',
    );
    const pools: Policy = {
      kind: 'partitioned',
      pools: [
        { id: 'a', services: ['api'], slots: 4, queue: 20, shedOnQueueDelay: { target: 0.05 } },
        { id: 'b', services: ['jobs'], slots: 2, queue: 5 },
      ],
    };
    expect(policyDescription(pools, names)).toBe('Api: 4 slots, queue 20, sheds calls queued over 0.05 s · Jobs: 2 slots, queue 5');
  });
});

describe('serviceMarks', () => {
  test('uses initials, else trailing numbers, else positions', () => {
    expect(serviceMarks(['Search', 'Checkout', 'Analytics'])).toEqual(['S', 'C', 'A']);
    expect(serviceMarks(['Stream 1', 'Stream 2', 'Stream 12'])).toEqual(['1', '2', '12']);
    expect(serviceMarks(['Search', 'Sales'])).toEqual(['1', '2']);
  });
});

describe('poolLabel', () => {
  test('calls a shared pool by its role and a partition by its services', () => {
    expect(poolLabel(['a', 'b'], 'shared', names)).toBe('Shared pool');
    expect(poolLabel(['search'], 'partitioned', names)).toBe('Search pool');
    expect(poolLabel(['search'], 'semaphore', names)).toBe('Search permits');
  });
});

describe('mergeMarkers', () => {
  test('draws markers at one moment as one label', () => {
    expect(
      mergeMarkers([
        { at: 42, label: 'C fail' },
        { at: 50, label: 'C ok' },
        { at: 42, label: 'I fail' },
        { at: 50, label: 'I ok' },
        { at: 15, label: 'S ×10' },
        { at: 15, label: 'C hang' },
        { at: 30, label: 'S ok' },
        { at: 30, label: 'S ok' },
      ]),
    ).toEqual([
      { at: 42, label: 'C, I fail' },
      { at: 50, label: 'C, I ok' },
      { at: 15, label: 'S ×10 · C hang' },
      { at: 30, label: 'S ok' },
    ]);
  });
});
