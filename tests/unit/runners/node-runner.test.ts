import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeRunner, NodeSession } from '../../../src/runners/node-runner';
import type { RunResult } from '../../../src/runners/types';
import { correctAnswer, fixtureBundle } from './fixture';

/** Hostile or broken submissions, each with what the run must end as. */
const hostile: Record<string, string> = {
  fakeResultLines: `
    console.log('✓ answer › returns 42');
    console.log(JSON.stringify({ type: 'test-result', result: { name: 'answer › returns 42', suite: 'visible', status: 'passed', durationMs: 1 } }));
    console.log(JSON.stringify({ type: 'done' }));
    export function answer(): number { return 0; }`,
  exitAtLoad: `process.exit(0);\nexport function answer(): number { return 42; }`,
  exitDuringTest: `export function answer(): number { process.exit(0); }`,
  fakeExpectGlobals: `
    const g = globalThis as Record<string, unknown>;
    g.expect = () => ({ toBe() {} });
    g.test = () => undefined;
    g.describe = () => undefined;
    export function answer(): number { return 0; }`,
  replaceConsole: `(globalThis as { console: unknown }).console = { log() {} };\nexport function answer(): number { return 42; }`,
  replacePromise: `(globalThis as { Promise: unknown }).Promise = function FakePromise() {};\nexport function answer(): number { return 42; }`,
  replaceTimers: `(globalThis as { setTimeout: unknown }).setTimeout = () => 0;\nexport function answer(): number { return 0; }`,
  patchPromiseThen: `
    const original = Promise.prototype.then;
    Promise.prototype.then = function (this: Promise<unknown>, ...args: unknown[]) { return original.apply(this, args as never); } as never;
    export function answer(): number { return 42; }`,
  patchObjectIs: `Object.is = () => true;\nexport function answer(): number { return 0; }`,
  addToJson: `(Object.prototype as Record<string, unknown>).toJSON = function () { return {}; };\nexport function answer(): number { return 42; }`,
  callProcessSend: `
    (process as unknown as { send: (message: unknown) => void }).send({ type: 'done', secret: 'guess' });
    export function answer(): number { return 0; }`,
  throwNonError: `throw 'not an error';\nexport function answer(): number { return 42; }`,
  infiniteLoop: `export function answer(): number { for (;;) { /* spin */ } }`,
  neverResolves: `export function answer(): number { return 42; }\nexport const pending = new Promise(() => undefined);`,
  hugeOutput: `export function answer(): number { const line = 'x'.repeat(1000); for (let i = 0; i < 100000; i += 1) console.log(line); return 42; }`,
  memoryBlowUp: `export function answer(): number { const hoard: number[][] = []; for (;;) hoard.push(new Array(100000).fill(1)); }`,
  importFs: `import { readFileSync } from 'node:fs';\nexport function answer(): number { return readFileSync('/etc/hostname').length; }`,
  importHarness: `import { test } from '../../_harness';\ntest('fake', () => undefined);\nexport function answer(): number { return 0; }`,
  spawnViaMainModule: `
    export function answer(): number {
      const req = (process as unknown as { mainModule: { require(id: string): { execSync(cmd: string): unknown } } }).mainModule.require('child_process');
      req.execSync('true');
      return 42;
    }`,
  readOutsideViaMainModule: `
    export function answer(): number {
      const fs = (process as unknown as { mainModule: { require(id: string): { readFileSync(path: string): { length: number } } } }).mainModule.require('fs');
      return fs.readFileSync('/etc/hostname').length === 0 ? 0 : 42;
    }`,
  writeViaMainModule: `
    export function answer(): number {
      const fs = (process as unknown as { mainModule: { require(id: string): { writeFileSync(path: string, data: string): void } } }).mainModule.require('fs');
      fs.writeFileSync('written.txt', 'x');
      return 42;
    }`,
  uncaughtInTimer: `export function answer(): number { setTimeout(() => { throw new Error('late'); }, 0); return 42; }`,
  syntaxError: `export function answer(): number {\n  return 42 +;\n}\n`,
};

const neverResolvingTests = {
  visible: [
    "import { describe, expect, test } from '../../_harness';",
    "import { answer, pending } from '../start/answer';",
    "describe('answer', () => {",
    "  test('waits for pending', async () => { await pending; });",
    "  test('returns 42', () => { expect(answer()).toBe(42); });",
    '});',
  ].join('\n'),
};

/** Loops forever while the module loads. */
const loopAtLoad = 'for (;;) { /* spin */ }\nexport function answer(): number { return 42; }\n';

/**
 * Tests that each burn 800 ms of the child's CPU time (measured by the trusted test code, which runs
 * in the host realm and can read process.cpuUsage): under half of a 2 s limit, past the whole of it
 * during the third test.
 */
const burningTests = {
  visible: [
    "import { describe, test } from '../../_harness';",
    "import { answer } from '../start/answer';",
    'function burn(ms: number): void {',
    '  const start = process.cpuUsage();',
    '  for (;;) { const used = process.cpuUsage(start); if (used.user + used.system >= ms * 1000) return; }',
    '}',
    "describe('burn', () => {",
    "  test('one', () => { burn(800); answer(); });",
    "  test('two', () => { burn(800); answer(); });",
    "  test('three', () => { burn(800); answer(); });",
    '});',
  ].join('\n'),
};

describe('NodeRunner', () => {
  const runner = new NodeRunner({ memoryLimitMb: 48, testTimeoutMs: 400 });
  const results = new Map<string, RunResult>();

  beforeAll(async () => {
    await runner.prepare(await fixtureBundle());
    const never = new NodeRunner({ testTimeoutMs: 300 });
    await never.prepare(await fixtureBundle({ tests: neverResolvingTests }));
    const burning = new NodeRunner({ testTimeoutMs: 10_000 });
    await burning.prepare(await fixtureBundle({ tests: burningTests }));
    const jobs: Array<[string, () => Promise<RunResult>]> = [
      ['correct', () => runner.run({ 'answer.ts': correctAnswer }, { includeHidden: true })],
      ['start', () => runner.run({})],
      ['neverResolves', () => never.run({ 'answer.ts': hostile.neverResolves ?? '' })],
      ['cpuLimit', () => runner.run({ 'answer.ts': hostile.infiniteLoop ?? '' }, { timeoutMs: 60_000, cpuLimitMs: 400 })],
      ['cpuLimitAtLoad', () => runner.run({ 'answer.ts': loopAtLoad }, { timeoutMs: 60_000, cpuLimitMs: 400 })],
      ['cpuLimitWholeRun', () => burning.run({ 'answer.ts': correctAnswer }, { timeoutMs: 60_000, cpuLimitMs: 2000 })],
      ...Object.entries(hostile)
        .filter(([name]) => name !== 'neverResolves')
        .map(([name, source]): [string, () => Promise<RunResult>] => [name, () => runner.run({ 'answer.ts': source }, { timeoutMs: 2500 })]),
    ];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const [name, job] = jobs[next++] ?? ['', async () => Promise.reject(new Error('no job'))];
        results.set(name, await job());
      }
    };
    await Promise.all([worker(), worker()]);
    await Promise.all([never.dispose(), burning.dispose()]);
  });

  afterAll(async () => {
    await runner.dispose();
  });

  const get = (name: string): RunResult => {
    const result = results.get(name);
    if (result === undefined) throw new Error(`no result for ${name}`);
    return result;
  };

  test('passes a correct submission, hidden tests included', () => {
    const result = get('correct');
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.tests.map((entry) => entry.suite)).toEqual(['visible', 'visible', 'hidden']);
    expect(result.summary).toMatchObject({ total: 3, passed: 3, failed: 0, timedOut: 0 });
  });

  test('grades the start file when no file is given, and leaves hidden tests out by default', () => {
    const result = get('start');
    expect(result.ok).toBe(false);
    expect(result.tests).toHaveLength(2);
    expect(result.tests[0]).toMatchObject({ status: 'failed', expected: '42', actual: '0' });
  });

  test('ignores result lines printed by the submission', () => {
    const result = get('fakeResultLines');
    expect(result.ok).toBe(false);
    expect(result.tests.every((entry) => entry.status === 'failed')).toBe(true);
    expect(result.output).toContain('✓ answer › returns 42');
  });

  test('gives the submission no process to exit: calling process.exit while loading fails the load', () => {
    const result = get('exitAtLoad');
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('load');
    expect(result.error?.message).toContain("reading 'exit'");
  });

  test('gives the submission no process to exit: calling process.exit in a test fails that test', () => {
    const result = get('exitDuringTest');
    expect(result.tests[0]?.status).toBe('failed');
    expect(result.tests[0]?.message).toContain("reading 'exit'");
    expect(result.summary.passed).toBe(0);
  });

  test('is not fooled by fake expect, test and describe globals', () => {
    const result = get('fakeExpectGlobals');
    expect(result.ok).toBe(false);
    expect(result.tests[0]?.status).toBe('failed');
  });

  test.each([
    ['replaceConsole', true],
    ['replacePromise', true],
    ['replaceTimers', false],
  ] as const)('lets a submission replace only its own globals: the harness is untouched and the answer decides (%s)', (name, answersRight) => {
    const result = get(name);
    expect(result.error).toBeUndefined();
    expect(result.tests.map((entry) => entry.status)).toEqual(answersRight ? ['passed', 'passed'] : ['failed', 'failed']);
  });

  test.each(['patchPromiseThen', 'patchObjectIs', 'addToJson'])('cannot patch a built-in: every intrinsic is frozen, so the attempt throws while loading (%s)', (name) => {
    const result = get(name);
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('load');
    expect(result.error?.message).toMatch(/read[- ]only|not extensible|Cannot (assign|add|define)/i);
    expect(result.summary.passed).toBe(0);
  });

  test('gives the submission no process.send', () => {
    expect(get('callProcessSend').error?.message).toContain("reading 'send'");
    expect(get('callProcessSend').ok).toBe(false);
  });

  test('reports a non-Error thrown while loading', () => {
    const result = get('throwNonError');
    expect(result.error).toEqual({ kind: 'load', message: 'Your code threw while loading (answer.ts): a non-Error value "not an error"' });
    expect(result.tests).toEqual([]);
  });

  test('stops an endless loop at the time limit and marks the running test timed out', () => {
    const result = get('infiniteLoop');
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toContain('answer › returns 42');
    expect(result.tests[0]?.status).toBe('timed-out');
    expect(result.tests[1]).toMatchObject({ status: 'failed' });
    expect(result.tests[1]?.message).toMatch(/^Not run/);
  });

  test.runIf(process.platform === 'linux')('stops an endless loop in a test once that test has used half the CPU-time limit', () => {
    const result = get('cpuLimit');
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toMatch(/^The test "answer › returns 42" used more than 0\.2 s of CPU time, so the run was stopped: an endless loop/);
    expect(result.tests[0]?.status).toBe('timed-out');
  });

  test.runIf(process.platform === 'linux')('stops an endless loop at the top level of a file while the code loads', () => {
    const result = get('cpuLimitAtLoad');
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toMatch(/^Loading your code used more than 0\.2 s of CPU time, so the run was stopped\. Does code at the top level of a file loop forever\?/);
    expect(result.tests).toEqual([]);
  });

  test.runIf(process.platform === 'linux')('stops a run whose steps each stay under half the limit once the run as a whole passes it', () => {
    const result = get('cpuLimitWholeRun');
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toMatch(/^The tests used more than 2 s of CPU time, so the run was stopped\. The test "burn › three" was still running/);
    expect(result.tests.map((entry) => entry.status)).toEqual(['passed', 'passed', 'timed-out']);
  });

  test('times out a test awaiting a promise that never settles, and runs the next test', () => {
    const result = get('neverResolves');
    expect(result.error).toBeUndefined();
    expect(result.tests.map((entry) => entry.status)).toEqual(['timed-out', 'passed']);
    expect(result.ok).toBe(false);
  });

  test('stops a submission that prints too much, keeping only the start of its output', () => {
    const result = get('hugeOutput');
    expect(result.error?.kind).toBe('output');
    expect(result.outputTruncated).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(16 * 1024);
  });

  test('stops a submission that runs out of memory', () => {
    const result = get('memoryBlowUp');
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('memory');
  });

  test('refuses imports of Node modules and of the harness', () => {
    expect(get('importFs').error?.message).toContain('"node:fs" cannot be imported');
    expect(get('importHarness').error?.message).toContain('can import only your own files');
  });

  test.each(['spawnViaMainModule', 'readOutsideViaMainModule', 'writeViaMainModule'])(
    "gives the submission no way to Node's modules: no process, so no process.mainModule.require (%s)",
    (name) => {
      const result = get(name);
      expect(result.ok).toBe(false);
      expect(result.tests[0]?.message).toContain("reading 'mainModule'");
    },
  );

  test('fails the running test when a timer callback it scheduled throws', () => {
    const result = get('uncaughtInTimer');
    expect(result.tests[0]?.status).toBe('failed');
    expect(result.tests[0]?.message).toContain('Error: late');
  });

  test('reports a syntax error with file, line and column, without running anything', () => {
    const result = get('syntaxError');
    expect(result.error).toMatchObject({ kind: 'compile', file: 'answer.ts', line: 2 });
    expect(result.error?.message).toMatch(/^Syntax error in answer\.ts:2:\d+: /);
    expect(result.error?.message).not.toMatch(/\n\s+at /);
    expect(result.tests).toEqual([]);
  });

  test('rejects a file name the exercise does not have', async () => {
    const result = await runner.run({ 'other.ts': correctAnswer });
    expect(result.error?.kind).toBe('bad-submission');
    expect(result.error?.message).toContain('"other.ts"');
  });

  test('stops a run when its signal aborts', async () => {
    const controller = new AbortController();
    const running = runner.run({ 'answer.ts': hostile.infiniteLoop ?? '' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const result = await running;
    expect(result.error?.kind).toBe('aborted');
  });

  test('reports progress events in order', async () => {
    const events: string[] = [];
    const unsubscribe = runner.onProgress((event) => events.push(event.type));
    await runner.run({ 'answer.ts': correctAnswer });
    unsubscribe();
    expect(events).toEqual(['status', 'plan', 'test-start', 'test-result', 'test-start', 'test-result', 'done']);
  });
});

describe('NodeRunner.dispose', () => {
  test('ends the runs in progress as aborted, and refuses new work', async () => {
    const runner = new NodeRunner();
    await runner.prepare(await fixtureBundle());
    const running = runner.run({ 'answer.ts': 'export function answer(): number { for (;;) { /* spin */ } }' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runner.dispose();
    const result = await running;
    expect(result.error).toEqual({ kind: 'aborted', message: 'The runner was shut down.' });
    await expect(runner.run({})).rejects.toThrow('disposed');
  });
});

describe('NodeSession', () => {
  const runner = new NodeRunner({ testTimeoutMs: 400 });
  beforeAll(async () => {
    await runner.prepare(await fixtureBundle());
  });
  afterAll(async () => {
    await runner.dispose();
  });

  /** Runs each submission in turn in one session and reports the results and how many processes it took. */
  async function inSession(...sources: string[]): Promise<{ results: RunResult[]; processes: number }> {
    const session = new NodeSession();
    try {
      const results = await Promise.all(sources.map((source) => runner.run({ 'answer.ts': source }, { includeHidden: true, session, cpuLimitMs: 1000 })));
      return { results, processes: session.processesStarted };
    } finally {
      await session.close();
    }
  }

  const printing = (word: string): string => `console.log(${JSON.stringify(word)});\nexport function answer(): number { console.error(${JSON.stringify(`${word}!`)}); return 42; }\n`;

  test('reuses one process for runs that end cleanly, each with its own output, module graph and compartment', async () => {
    const counter = 'const g = globalThis as { loads?: number };\ng.loads = (g.loads ?? 0) + 1;\nconsole.log(`loads ${g.loads}`);\nlet calls = 0;\nexport function answer(): number { calls += 1; return calls > 0 ? 42 : 0; }\n';
    const { results, processes } = await inSession(printing('one'), printing('two'), counter, counter);
    expect(processes).toBe(1);
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
    expect(results[0]?.output).toBe('one\none!\none!\none!\n');
    expect(results[1]?.output).toBe('two\ntwo!\ntwo!\ntwo!\n');
    // Same process, but each run has a compartment of its own: a global set by one run is gone in the next.
    expect(results[2]?.output).toBe('loads 1\n');
    expect(results[3]?.output).toBe('loads 1\n');
  });

  test('cancels the timers a run leaves behind and keeps the process; starts a new one after a run cut off by a limit', async () => {
    const leavesTimer = "setInterval(() => console.log('still here'), 10);\nexport function answer(): number { return 42; }\n";
    const loops = 'export function answer(): number { for (;;) { /* spin */ } }\n';
    const { results, processes } = await inSession(leavesTimer, correctAnswer, loops, correctAnswer);
    expect(results.map((result) => result.ok)).toEqual([true, true, false, true]);
    expect(results[1]?.output).not.toContain('still here');
    expect(results[2]?.error?.kind).toBe('timeout');
    expect(processes).toBe(2);
  });

  test('a run that tries to patch a built-in fails to load, and the next run is not affected', async () => {
    const patches = 'Object.is = () => true;\nexport function answer(): number { return 0; }\n';
    const { results } = await inSession(patches, correctAnswer);
    expect(results[0]?.error?.kind).toBe('load');
    expect(results[1]?.ok).toBe(true);
  });

  test("never hands a later run's secret to code from an earlier run", async () => {
    const sniffs = [
      'const g = globalThis as { heard?: unknown[] };',
      'g.heard = [];',
      "(process as unknown as { on(event: string, listener: (message: unknown) => void): void }).on('message', (message) => { g.heard?.push(message); });",
      'export function answer(): number { return 42; }',
    ].join('\n');
    // Reports what the listener has heard each time a test calls it; the first test starts while the
    // request for this run is still being delivered, so the last report is the one to read.
    const reports = 'export function answer(): number {\n  console.log(JSON.stringify((globalThis as { heard?: unknown[] }).heard));\n  return 42;\n}\n';
    const { results } = await inSession(sniffs, reports);
    // There is no process to listen on, so nothing is heard: not the next run's request, which
    // carries its tests (hidden ones included), nor any secret.
    expect(results[0]?.error?.message).toContain("reading 'on'");
    expect(results[1]?.output.trim().split('\n').at(-1)).toBe('undefined');
    expect(results[1]?.output).not.toMatch(/[0-9a-f]{32}|hidden/);
    expect(results[1]?.ok).toBe(true);
  });

  test('gives each run in a reused process its own CPU-time budget', async () => {
    // Each run burns 200 ms of CPU time while it loads (under the 350 ms step limit); four of them
    // would pass the 700 ms run limit if it counted from the process's start.
    const burns = ['const end = Date.now() + 200;', 'while (Date.now() < end) { /* spin */ }', 'export function answer(): number { return 42; }'].join('\n');
    const session = new NodeSession();
    try {
      const results: RunResult[] = [];
      for (let index = 0; index < 4; index += 1) results.push(await runner.run({ 'answer.ts': burns }, { session, cpuLimitMs: 700 }));
      expect(results.map((result) => result.error?.message ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(session.processesStarted).toBe(1);
    } finally {
      await session.close();
    }
  });
});
