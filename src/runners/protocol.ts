/**
 * Messages between a runner host and the code that executes the tests (a Node child process, a
 * Web Worker, a WebContainer process). The submission runs in a compartment of the executing
 * side's realm and holds no way to send; the host still treats every message as untrusted: it
 * must carry the per-run secret and have the right shape, or it is rejected. No Node or DOM APIs
 * here.
 */
import type { TestResult, TestStatus, TestSuite } from './types';

/** Longest message text accepted from the executing side; longer text is cut. */
export const MAX_TEXT_LENGTH = 2000;

/** Names a Node runner's run folder may have. */
export const RUN_FOLDER_PATTERN = /^run-\d{1,6}$/;

/**
 * Marks the end of one run's output on stdout and stderr, so the parent can tell which run printed
 * what. It holds the run's secret, so a submission cannot print it to cut its own output short.
 */
export function runEndMarker(secret: string): string {
  return `\u0000bulkhead-lab-run-end:${secret}\u0000`;
}

/** Executor → host, without the secret (the transport adds it). */
export type ExecutorMessage =
  | { type: 'plan'; tests: Array<{ name: string; suite: TestSuite }> }
  | { type: 'test-start'; name: string }
  | { type: 'test-result'; result: TestResult }
  | { type: 'load-error'; message: string }
  /** `idle`: the executor left nothing running (no timers or other handles), so it could take another run. */
  | { type: 'done'; idle?: boolean };

/** The outcome of checking one incoming message. */
export type ParsedMessage =
  | { ok: true; message: ExecutorMessage }
  | { ok: false; reason: 'forged' | 'malformed'; detail: string };

/**
 * Creates an unguessable per-run secret (128 bits from the platform's CSPRNG).
 * @param randomValues - fills a byte array with random values; defaults to `crypto.getRandomValues`.
 */
export function createRunSecret(
  randomValues: (bytes: Uint8Array<ArrayBuffer>) => void = (bytes) => {
    globalThis.crypto.getRandomValues(bytes);
  },
): string {
  const bytes = new Uint8Array(16);
  randomValues(bytes);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Wraps an executor message for sending: a null-prototype copy with the secret, so nothing the
 * submission added to `Object.prototype` (a `toJSON`, a getter) can run while it is serialised.
 */
export function sealMessage(message: ExecutorMessage, secret: string): Record<string, unknown> {
  return toNullPrototype({ ...message, secret }) as Record<string, unknown>;
}

function toNullPrototype(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toNullPrototype);
  if (typeof value !== 'object' || value === null) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) copy[key] = toNullPrototype((value as Record<string, unknown>)[key]);
  return copy;
}

/**
 * Checks an incoming message: right secret (compared in constant time) and the right shape.
 * @param raw - whatever arrived on the channel.
 * @param secret - this run's secret.
 */
export function parseExecutorMessage(raw: unknown, secret: string): ParsedMessage {
  if (!isRecord(raw)) return { ok: false, reason: 'malformed', detail: 'not an object' };
  if (typeof raw.secret !== 'string' || !constantTimeEqual(raw.secret, secret)) {
    return { ok: false, reason: 'forged', detail: 'missing or wrong run secret' };
  }
  const bad = (detail: string): ParsedMessage => ({ ok: false, reason: 'malformed', detail });
  switch (raw.type) {
    case 'plan': {
      if (!Array.isArray(raw.tests)) return bad('plan without a test list');
      const tests: Array<{ name: string; suite: TestSuite }> = [];
      for (const entry of raw.tests as unknown[]) {
        if (!isRecord(entry) || typeof entry.name !== 'string' || !isSuite(entry.suite)) return bad('plan entry of the wrong shape');
        tests.push({ name: cut(entry.name), suite: entry.suite });
      }
      return { ok: true, message: { type: 'plan', tests } };
    }
    case 'test-start':
      return typeof raw.name === 'string' ? { ok: true, message: { type: 'test-start', name: cut(raw.name) } } : bad('test-start without a name');
    case 'test-result': {
      const result = parseResult(raw.result);
      return result === undefined ? bad('test result of the wrong shape') : { ok: true, message: { type: 'test-result', result } };
    }
    case 'load-error':
      return typeof raw.message === 'string'
        ? { ok: true, message: { type: 'load-error', message: cut(raw.message) } }
        : bad('load-error without a message');
    case 'done':
      return { ok: true, message: raw.idle === true ? { type: 'done', idle: true } : { type: 'done' } };
    default:
      return bad(`unknown message type ${JSON.stringify(String(raw.type)).slice(0, 40)}`);
  }
}

function parseResult(raw: unknown): TestResult | undefined {
  if (!isRecord(raw)) return undefined;
  const { name, suite, status, message, expected, actual, durationMs } = raw;
  if (typeof name !== 'string' || !isSuite(suite) || !isStatus(status)) return undefined;
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0) return undefined;
  const result: TestResult = { name: cut(name), suite, status, durationMs };
  for (const [key, value] of [['message', message], ['expected', expected], ['actual', actual]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    result[key] = cut(value);
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSuite(value: unknown): value is TestSuite {
  return value === 'visible' || value === 'hidden';
}

function isStatus(value: unknown): value is TestStatus {
  return value === 'passed' || value === 'failed' || value === 'timed-out';
}

function cut(text: string): string {
  return text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH - 1)}…` : text;
}

/** Compares two strings without an early exit, so timing does not leak how much of a guess matched. */
function constantTimeEqual(left: string, right: string): boolean {
  let difference = left.length ^ right.length;
  for (let index = 0; index < right.length; index += 1) {
    difference |= (left.charCodeAt(index % Math.max(1, left.length)) || 0) ^ right.charCodeAt(index);
  }
  return difference === 0;
}
