import { describe, expect, it } from 'vitest';
import { QueueingInputError, QueueingUnstableError, mmcWait, pollaczekKhinchine } from '../../../src/queueing';

describe('pollaczekKhinchine', () => {
  it('gives the M/M/1 wait for exponential service (E[S²] = 2/μ²)', () => {
    const result = pollaczekKhinchine({ arrivalRate: 0.8, meanService: 1, secondMoment: 2 });
    // M/M/1: Wq = ρ / (μ − λ) = 0.8 / 0.2 = 4.
    expect(result.meanWait).toBeCloseTo(4, 12);
    expect(result.meanWait).toBeCloseTo(mmcWait({ arrivalRate: 0.8, serviceRate: 1, servers: 1 }).meanTimeInQueue, 9);
  });

  it('halves the M/M/1 wait for deterministic service (M/D/1)', () => {
    expect(pollaczekKhinchine({ arrivalRate: 0.8, meanService: 1, secondMoment: 1 }).meanWait).toBeCloseTo(2, 12);
  });

  it('rejects an overloaded server and an impossible second moment', () => {
    expect(() => pollaczekKhinchine({ arrivalRate: 1, meanService: 1, secondMoment: 2 })).toThrow(QueueingUnstableError);
    expect(() => pollaczekKhinchine({ arrivalRate: 0.5, meanService: 2, secondMoment: 3 })).toThrow(QueueingInputError);
  });
});
