/**
 * The worker runner: grades a submission in a dedicated Web Worker per run, terminated at the
 * time limit. Used when a WebContainer cannot run (no cross-origin isolation, boot timeout,
 * unsupported browser, offline), and as the browser's fast path. The worker has no network
 * (see worker-bootstrap.ts). Results arrive by postMessage, each carrying a per-run secret.
 */
import { createRunSecret } from './protocol';
import { prepareExercise, RunCollector, RunnerBase, timeoutError, type PreparedExercise, type RunOutcome } from './run-core';
import type { WorkerStartMessage } from './worker-bootstrap';
import type { ExerciseBundle, RunError, RunOptions, RunResult, Runner, RunnerEvent } from './types';

/** Settings of the worker runner. */
export interface WorkerRunnerOptions {
  /** Per-test limit when the run options do not set one, in milliseconds (default 2000). */
  testTimeoutMs?: number;
  /** Creates the worker; the default loads worker-bootstrap.ts as a module worker. */
  createWorker?: () => Worker;
  /** Output kept for the result, in characters (default 16 KiB). */
  outputKeepChars?: number;
}

const defaultCreateWorker = (): Worker => new Worker(new URL('./worker-bootstrap.ts', import.meta.url), { type: 'module', name: 'bulkhead-lab-runner' });

/** Grades submissions in Web Workers. */
export class WorkerRunner extends RunnerBase<PreparedExercise> implements Runner {
  readonly kind = 'worker' as const;
  private readonly testTimeoutMs: number;
  private readonly createWorker: () => Worker;

  constructor(options: WorkerRunnerOptions = {}) {
    super();
    this.testTimeoutMs = options.testTimeoutMs ?? 2000;
    this.createWorker = options.createWorker ?? defaultCreateWorker;
  }

  /** A worker started ahead of the next run, so its script has loaded and locked down by then. */
  private spare: Worker | undefined;

  async prepare(exercise: ExerciseBundle): Promise<void> {
    this.assertUsable();
    this.prepared = prepareExercise(exercise);
    this.warm();
  }

  override async dispose(): Promise<void> {
    this.spare?.terminate();
    this.spare = undefined;
    await super.dispose();
  }

  /** Starts the spare worker, if there is none; a browser that cannot start one is told at the run. */
  private warm(): void {
    if (this.spare !== undefined || this.disposed) return;
    try {
      this.spare = this.createWorker();
    } catch {
      this.spare = undefined;
    }
  }

  async run(files: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
    const begun = this.beginRun(files, options);
    if ('done' in begun) return begun.done;
    const { prepared, run, runId, emit, finish } = begun;
    emit({ type: 'status', runId, message: 'Starting a worker' });
    return finish(await this.execute(run, runId, emit, options.timeoutMs ?? prepared.bundle.timeLimitMs, options.testTimeoutMs ?? this.testTimeoutMs, options.signal));
  }

  private execute(
    run: { modules: Map<string, string>; plan: WorkerStartMessage['plan'] },
    runId: number,
    emit: (event: RunnerEvent) => void,
    timeoutMs: number,
    testTimeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<RunOutcome> {
    const secret = createRunSecret();
    const collector = new RunCollector(runId, secret, emit);
    let worker: Worker;
    try {
      worker = this.spare ?? this.createWorker();
      this.spare = undefined;
    } catch (error) {
      return Promise.resolve(collector.finish({ text: '', truncated: false }, () => ({ kind: 'internal', message: `This browser could not start a worker: ${error instanceof Error ? error.message : String(error)}` })));
    }
    return new Promise((resolve) => {
      let settled = false;
      const end = (): void => {
        if (settled) return;
        settled = true;
        worker.terminate();
        this.warm();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.stops.delete(stop);
        resolve(
          collector.finish({ text: '', truncated: false }, () => ({
            kind: 'exit',
            message: 'The worker stopped before the tests finished. Submissions must not close their worker.',
          })),
        );
      };
      const stop = (reason: RunError): void => {
        collector.stop(reason);
        end();
      };
      this.stops.add(stop);
      const timer = setTimeout(() => stop(timeoutError(timeoutMs, collector.runningTest)), timeoutMs);
      const onAbort = (): void => stop({ kind: 'aborted', message: 'The run was cancelled.' });
      signal?.addEventListener('abort', onAbort, { once: true });

      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (collector.accept(event.data) !== undefined || collector.done) end();
      });
      worker.addEventListener('messageerror', () => stop({ kind: 'internal', message: 'A message from the worker could not be read.' }));
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        // An error that escapes the worker before the harness is up: the runner itself failed to load.
        if (!collector.done) stop({ kind: 'internal', message: `The test worker failed to start${event.message ? `: ${event.message}` : ''}. Reload the page to try again.` });
      });
      const start: WorkerStartMessage = {
        type: 'start',
        secret,
        defaultTestTimeoutMs: testTimeoutMs,
        modules: Object.fromEntries(run.modules),
        plan: run.plan,
      };
      worker.postMessage(start);
    });
  }
}
