import { describe, expect, test } from 'vitest';
import { createRunSecret, MAX_TEXT_LENGTH, parseExecutorMessage, sealMessage } from '../../../src/runners/protocol';

const secret = 'a'.repeat(32);

describe('createRunSecret', () => {
  test('makes 32 hex digits, different each time', () => {
    const first = createRunSecret();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(createRunSecret()).not.toBe(first);
  });

  test('uses the random source it is given', () => {
    expect(createRunSecret((bytes) => bytes.fill(255))).toBe('f'.repeat(32));
  });
});

describe('sealMessage', () => {
  test('adds the secret and copies into objects without a prototype', () => {
    const sealed = sealMessage({ type: 'plan', tests: [{ name: 'x', suite: 'visible' }] }, secret);
    expect(Object.getPrototypeOf(sealed)).toBeNull();
    expect(Object.getPrototypeOf((sealed.tests as object[])[0])).toBeNull();
    expect(sealed.secret).toBe(secret);
  });
});

describe('parseExecutorMessage', () => {
  test('accepts a well-formed message with the right secret', () => {
    const raw = { secret, type: 'test-result', result: { name: 't', suite: 'hidden', status: 'failed', message: 'm', expected: '1', actual: '2', durationMs: 3 } };
    expect(parseExecutorMessage(raw, secret)).toEqual({
      ok: true,
      message: { type: 'test-result', result: { name: 't', suite: 'hidden', status: 'failed', message: 'm', expected: '1', actual: '2', durationMs: 3 } },
    });
  });

  test.each([
    [{ type: 'done' }],
    [{ type: 'done', secret: 'b'.repeat(32) }],
    [{ type: 'done', secret: secret.slice(1) }],
    [{ type: 'done', secret: 42 }],
  ])('rejects %j as forged', (raw) => {
    expect(parseExecutorMessage(raw, secret)).toMatchObject({ ok: false, reason: 'forged' });
  });

  test.each([
    ['a string', 'done'],
    ['an unknown type', { secret, type: 'pass-everything' }],
    ['a bad status', { secret, type: 'test-result', result: { name: 't', suite: 'visible', status: 'great', durationMs: 1 } }],
    ['a NaN duration', { secret, type: 'test-result', result: { name: 't', suite: 'visible', status: 'passed', durationMs: Number.NaN } }],
    ['a bad suite', { secret, type: 'plan', tests: [{ name: 't', suite: 'secret' }] }],
    ['a non-string message', { secret, type: 'load-error', message: 5 }],
  ])('rejects a message with %s as malformed', (_label, raw) => {
    expect(parseExecutorMessage(raw, secret)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  test('cuts overlong text', () => {
    const parsed = parseExecutorMessage({ secret, type: 'load-error', message: 'x'.repeat(MAX_TEXT_LENGTH * 2) }, secret);
    expect(parsed.ok && parsed.message.type === 'load-error' && parsed.message.message.length).toBe(MAX_TEXT_LENGTH);
  });
});
