import { describe, expect, it } from 'vitest';
import { QueueingInputError, QueueingUnstableError, mmcWait, pollaczekKhinchine, priorityWaits } from '../../../src/queueing';

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

describe('priorityWaits (Cobham)', () => {
  it('is the Pollaczek–Khinchine wait for a single class', () => {
    const [only] = priorityWaits({ classes: [{ arrivalRate: 0.7, meanService: 1, secondMoment: 3 }] });
    expect(only).toBeCloseTo(pollaczekKhinchine({ arrivalRate: 0.7, meanService: 1, secondMoment: 3 }).meanWait, 12);
  });

  it('keeps the load-weighted wait of FIFO (Kleinrock’s conservation law)', () => {
    const classes = [
      { arrivalRate: 0.2, meanService: 1, secondMoment: 2 },
      { arrivalRate: 0.3, meanService: 0.5, secondMoment: 1.5 },
      { arrivalRate: 0.1, meanService: 2, secondMoment: 8 },
    ];
    const waits = priorityWaits({ classes });
    const rho = classes.reduce((s, c) => s + c.arrivalRate * c.meanService, 0);
    const lambda = classes.reduce((s, c) => s + c.arrivalRate, 0);
    const fifo = pollaczekKhinchine({
      arrivalRate: lambda,
      meanService: rho / lambda,
      secondMoment: classes.reduce((s, c) => s + c.arrivalRate * c.secondMoment, 0) / lambda,
    }).meanWait;
    const weighted = classes.reduce((s, c, k) => s + c.arrivalRate * c.meanService * (waits[k] ?? NaN), 0);
    expect(weighted).toBeCloseTo(rho * fifo, 10);
    expect(waits[0]).toBeLessThan(fifo);
    expect(waits[2]).toBeGreaterThan(fifo);
  });

  it('rejects an overloaded server', () => {
    expect(() => priorityWaits({ classes: [{ arrivalRate: 1, meanService: 0.6, secondMoment: 1 }, { arrivalRate: 1, meanService: 0.6, secondMoment: 1 }] })).toThrow(QueueingUnstableError);
  });
});
