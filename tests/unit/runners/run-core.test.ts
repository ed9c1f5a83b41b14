import { describe, expect, test } from 'vitest';
import { sealMessage } from '../../../src/runners/protocol';
import { RunCollector, timeoutError } from '../../../src/runners/run-core';

const SECRET = 'a'.repeat(32);

describe('RunCollector', () => {
  test('a forged message is recorded as tampering even after a timeout stopped the run', () => {
    const collector = new RunCollector(1, SECRET, () => undefined);
    collector.accept(sealMessage({ type: 'plan', tests: [{ name: 't', suite: 'visible' }] }, SECRET));
    collector.stop(timeoutError(1000, 't'));
    expect(collector.accept({ type: 'done', secret: 'b'.repeat(32) })?.kind).toBe('tamper');
    const outcome = collector.finish({ text: '', truncated: false }, () => ({ kind: 'exit', message: 'ended' }));
    expect(outcome.error?.kind).toBe('tamper');
    expect(outcome.tests[0]?.status).toBe('failed');
  });

  test('a later stop never replaces tampering', () => {
    const collector = new RunCollector(1, SECRET, () => undefined);
    collector.accept({ type: 'test-result', secret: 'guess', result: {} });
    collector.stop(timeoutError(1000, undefined));
    expect(collector.error?.kind).toBe('tamper');
  });

  test('without a forgery, the first stop wins', () => {
    const collector = new RunCollector(1, SECRET, () => undefined);
    collector.stop({ kind: 'output', message: 'too much' });
    collector.stop(timeoutError(1000, undefined));
    expect(collector.error?.kind).toBe('output');
  });
});
