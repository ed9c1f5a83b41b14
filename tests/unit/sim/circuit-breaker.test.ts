import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/sim/index';
import { PERMIT_DENIED, PERMIT_NORMAL, PERMIT_PROBE } from '../../../src/sim/models/circuit-breaker';

const settings = { failureRateThreshold: 0.5, window: 4, minimumCalls: 4, openDuration: 10, halfOpenProbes: 2 };

function fail(breaker: CircuitBreaker, now: number, times: number): void {
  for (let i = 0; i < times; i++) breaker.onFailure(now, false);
}

describe('CircuitBreaker', () => {
  it('stays closed until the window holds the minimum number of calls', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 3);
    expect(breaker.state(0)).toBe('closed');
    expect(breaker.tryAcquire(0)).toBe(PERMIT_NORMAL);
  });

  it('opens when the failure share of the window reaches the threshold', () => {
    const breaker = new CircuitBreaker(settings);
    breaker.onSuccess(0, false);
    breaker.onSuccess(0, false);
    fail(breaker, 1, 2);
    expect(breaker.state(1)).toBe('open');
    expect(breaker.timesOpened).toBe(1);
    expect(breaker.tryAcquire(5)).toBe(PERMIT_DENIED);
  });

  it('judges only the most recent window of calls', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 1);
    for (let i = 0; i < 4; i++) breaker.onSuccess(0, false);
    breaker.onFailure(0, false);
    expect(breaker.state(0)).toBe('closed');
    breaker.onFailure(0, false);
    expect(breaker.state(0)).toBe('open');
  });

  it('turns half-open after the open duration and lets only the probes through', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 4);
    expect(breaker.state(9.9)).toBe('open');
    expect(breaker.state(10)).toBe('half-open');
    expect(breaker.tryAcquire(10)).toBe(PERMIT_PROBE);
    expect(breaker.tryAcquire(10)).toBe(PERMIT_PROBE);
    expect(breaker.tryAcquire(10)).toBe(PERMIT_DENIED);
  });

  it('closes with an empty window once every probe succeeds', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 4);
    breaker.tryAcquire(10);
    breaker.tryAcquire(10);
    breaker.onSuccess(10.1, true);
    expect(breaker.state(10.1)).toBe('half-open');
    breaker.onSuccess(10.2, true);
    expect(breaker.state(10.2)).toBe('closed');
    fail(breaker, 11, 3);
    expect(breaker.state(11)).toBe('closed');
  });

  it('reopens at the first failed probe', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 4);
    breaker.tryAcquire(10);
    breaker.onFailure(10.5, true);
    expect(breaker.state(10.5)).toBe('open');
    expect(breaker.timesOpened).toBe(2);
    expect(breaker.state(20.4)).toBe('open');
    expect(breaker.state(20.5)).toBe('half-open');
  });

  it('ignores late answers of calls admitted before it opened', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 4);
    breaker.tryAcquire(10);
    breaker.onSuccess(10, false);
    breaker.onFailure(10, false);
    expect(breaker.state(10)).toBe('half-open');
  });
});

describe('CircuitBreaker with countRejections', () => {
  it('counts rejections by default, and says so', () => {
    expect(new CircuitBreaker(settings).countsRejections).toBe(true);
    expect(new CircuitBreaker({ ...settings, countRejections: false }).countsRejections).toBe(false);
  });

  it('hands an ignored probe’s permit back, so the next call may probe', () => {
    const breaker = new CircuitBreaker({ ...settings, halfOpenProbes: 1, countRejections: false });
    fail(breaker, 0, 4);
    expect(breaker.tryAcquire(10)).toBe(PERMIT_PROBE);
    expect(breaker.tryAcquire(10)).toBe(PERMIT_DENIED);
    breaker.onIgnored(true);
    expect(breaker.state(10)).toBe('half-open');
    expect(breaker.tryAcquire(10)).toBe(PERMIT_PROBE);
    breaker.onSuccess(10.1, true);
    expect(breaker.state(10.1)).toBe('closed');
  });

  it('records nothing for an ignored call while closed', () => {
    const breaker = new CircuitBreaker(settings);
    fail(breaker, 0, 1);
    for (let i = 0; i < 10; i++) breaker.onIgnored(false);
    breaker.onSuccess(0, false);
    fail(breaker, 0, 1);
    expect(breaker.state(0)).toBe('closed');
    breaker.onSuccess(0, false);
    expect(breaker.state(0)).toBe('closed');
  });
});
