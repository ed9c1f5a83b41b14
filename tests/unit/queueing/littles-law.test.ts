import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueueingInputError, littlesLaw } from '../../../src/queueing';

describe('littlesLaw', () => {
  it('turns 100 calls/s at 0.2 s into 20 calls in flight', () => {
    expect(littlesLaw({ arrivalRate: 100, timeInSystem: 0.2 })).toEqual({
      inSystem: 20,
      arrivalRate: 100,
      timeInSystem: 0.2,
      solvedFor: 'inSystem',
    });
  });

  it('solves for the arrival rate and for the time in system', () => {
    expect(littlesLaw({ inSystem: 20, timeInSystem: 0.2 }).arrivalRate).toBeCloseTo(100, 12);
    expect(littlesLaw({ inSystem: 20, arrivalRate: 100 }).timeInSystem).toBeCloseTo(0.2, 15);
  });

  it('round-trips: any two of the three give back the third', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e3, noNaN: true }), (arrivalRate, timeInSystem) => {
        const { inSystem } = littlesLaw({ arrivalRate, timeInSystem });
        expect(littlesLaw({ inSystem, timeInSystem }).arrivalRate / arrivalRate).toBeCloseTo(1, 12);
        expect(littlesLaw({ inSystem, arrivalRate }).timeInSystem / timeInSystem).toBeCloseTo(1, 12);
      }),
    );
  });

  it('needs exactly two quantities', () => {
    expect(() => littlesLaw({ arrivalRate: 1 })).toThrow('give exactly two of inSystem, arrivalRate and timeInSystem (got arrivalRate)');
    expect(() => littlesLaw({})).toThrow('(got none)');
    expect(() => littlesLaw({ inSystem: 1, arrivalRate: 1, timeInSystem: 1 })).toThrow(QueueingInputError);
  });

  it('refuses to divide by a zero rate or time', () => {
    expect(() => littlesLaw({ inSystem: 5, arrivalRate: 0 })).toThrow('arrivalRate must be greater than 0 to derive timeInSystem (got 0)');
    expect(() => littlesLaw({ inSystem: 5, timeInSystem: 0 })).toThrow('timeInSystem must be greater than 0 to derive arrivalRate (got 0)');
    expect(() => littlesLaw({ inSystem: -1, arrivalRate: 2 })).toThrow('inSystem must be a finite number of at least 0 (got -1)');
  });
});
