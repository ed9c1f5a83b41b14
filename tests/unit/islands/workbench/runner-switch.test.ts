import { describe, expect, test } from 'vitest';
import { RunnerSwitch, type SwitchState } from '../../../../src/islands/ExerciseWorkbench/runner-switch';
import type { RunnerCandidate } from '../../../../src/runners/choose';
import type { ExerciseBundle, Runner, RunnerKind } from '../../../../src/runners/types';

const bundle = { id: 'x', timeLimitMs: 1000, files: [], start: {}, tests: { visible: '' }, harness: {} } as ExerciseBundle;

function fakeRunner(kind: RunnerKind): Runner & { healthy: boolean; disposed: boolean } {
  return {
    kind,
    healthy: true,
    disposed: false,
    prepare: async () => undefined,
    run: async () => ({ ok: true, runner: kind, tests: [], summary: { total: 0, passed: 0, failed: 0, timedOut: 0, durationMs: 0 }, output: '', outputTruncated: false }),
    onProgress: () => () => undefined,
    async dispose() {
      this.disposed = true;
    },
  };
}

function candidate(kind: RunnerKind, start: () => Promise<Runner>): RunnerCandidate {
  return { kind, label: kind === 'worker' ? 'a Web Worker' : 'an in-browser Node.js (WebContainer)', start };
}

function harness(preferredStart: () => Promise<Runner>, forced = false) {
  const worker = fakeRunner('worker');
  const states: SwitchState[] = [];
  const idle: Array<() => void> = [];
  const sw = new RunnerSwitch(
    bundle,
    { fallback: candidate('worker', async () => worker), preferred: candidate('webcontainer', preferredStart), forced },
    (state) => states.push(state),
    { whenIdle: (task) => idle.push(task) },
  );
  return { sw, worker, states, idle, last: () => states.at(-1) };
}

describe('RunnerSwitch', () => {
  test('the worker takes the first run at once, even while the WebContainer never answers', async () => {
    const { sw, worker, idle, last } = harness(() => new Promise<Runner>(() => undefined));
    sw.warmUp();
    expect(await sw.current()).toBe(worker);
    expect(last()).toMatchObject({ phase: 'ready', explanation: 'Tests run in your browser, in a Web Worker. Nothing is sent to a server.' });
    // The WebContainer is started only once the page is idle.
    expect(idle).toHaveLength(1);
    idle[0]?.();
    expect(await sw.current()).toBe(worker);
  });

  test('the WebContainer takes over once it is ready, and the page says so', async () => {
    const container = fakeRunner('webcontainer');
    const { sw, idle, last } = harness(async () => container);
    sw.warmUp();
    idle[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await sw.current()).toBe(container);
    expect(last()).toMatchObject({ phase: 'ready', explanation: 'Tests run in your browser, in a real Node.js (WebContainer). Nothing is sent to a server.' });
  });

  test('a WebContainer that fails to start is named, and the worker carries on', async () => {
    const { sw, worker, idle, last } = harness(async () => {
      throw new Error('this page is not cross-origin isolated');
    });
    sw.warmUp();
    await sw.current();
    idle[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await sw.current()).toBe(worker);
    expect(last()).toMatchObject({
      phase: 'ready',
      explanation: 'Tests run in your browser, in a Web Worker. Nothing is sent to a server. The in-browser Node.js (WebContainer) is unavailable: this page is not cross-origin isolated.',
    });
  });

  test('a WebContainer given up after a run it could not stop is dropped for the worker', async () => {
    const container = fakeRunner('webcontainer');
    const { sw, worker, idle, last } = harness(async () => container);
    sw.warmUp();
    idle[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await sw.current()).toBe(container);
    container.healthy = false;
    await sw.afterRun(container);
    expect(container.disposed).toBe(true);
    expect(await sw.current()).toBe(worker);
    expect(last()).toMatchObject({ phase: 'ready' });
    expect((last() as { explanation: string }).explanation).toMatch(/could not stop an endless loop/);
  });

  test('?runner=webcontainer waits for the WebContainer alone, and says plainly when it cannot start', async () => {
    const { sw, idle, last } = harness(async () => {
      throw new Error('it failed to start (network error)');
    }, true);
    await expect(sw.current()).rejects.toThrow('network error');
    expect(idle).toHaveLength(0);
    expect(last()).toEqual({ phase: 'failed', message: 'an in-browser Node.js (WebContainer) is unavailable: it failed to start (network error)' });
  });
});
