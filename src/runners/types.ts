/**
 * The one interface every exercise runner implements (Node child process, Web Worker,
 * WebContainer), and the shapes of what goes in and comes out. No runtime code lives here.
 */

/** How one test ended. */
export type TestStatus = 'passed' | 'failed' | 'timed-out';

/** Which test file a test came from. Hidden tests are never shipped to the browser. */
export type TestSuite = 'visible' | 'hidden';

/** The outcome of one test. */
export interface TestResult {
  /** Full test name: describe titles and the test title joined with " › ". */
  name: string;
  /** The test file it came from. */
  suite: TestSuite;
  /** How it ended. */
  status: TestStatus;
  /** Why it failed or timed out; absent when it passed. */
  message?: string;
  /** Formatted expected value of a failed expectation. */
  expected?: string;
  /** Formatted actual value of a failed expectation. */
  actual?: string;
  /** Wall-clock duration in milliseconds. */
  durationMs: number;
}

/** Counts over all tests of a run. */
export interface RunSummary {
  /** Tests in the plan (collected from the test files). */
  total: number;
  /** Tests that passed. */
  passed: number;
  /** Tests that failed, including tests not run because the run stopped early. */
  failed: number;
  /** Tests that timed out. */
  timedOut: number;
  /** Wall-clock duration of the whole run in milliseconds, start-up included. */
  durationMs: number;
}

/** Why a run as a whole went wrong, as opposed to a single test failing. */
export type RunErrorKind =
  | 'compile'
  | 'load'
  | 'timeout'
  | 'memory'
  | 'output'
  | 'exit'
  | 'tamper'
  | 'aborted'
  | 'bad-submission'
  | 'internal';

/** A run-level problem, worded for the learner. Never carries a stack trace. */
export interface RunError {
  /** The category, for styling and for tests. */
  kind: RunErrorKind;
  /** One or two sentences saying what happened and what to do. */
  message: string;
  /** For compile errors: the learner's file name. */
  file?: string;
  /** For compile errors: 1-based line. */
  line?: number;
  /** For compile errors: 1-based column. */
  column?: number;
  /** For timeouts: "cpu" when the CPU-time limit stopped the run (Node runner), not the wall clock. */
  limit?: 'cpu';
}

/** Everything a run produced. */
export interface RunResult {
  /** True when there is no run error and every test passed. */
  ok: boolean;
  /** Which runner produced this result. */
  runner: RunnerKind;
  /** Per-test results in plan order (empty if the run stopped before the tests were known). */
  tests: TestResult[];
  /** Counts over `tests`. */
  summary: RunSummary;
  /** The run-level problem, if any. */
  error?: RunError;
  /** What the submission printed (console, stdout, stderr), cut to the runner's output cap. */
  output: string;
  /** Whether `output` was cut. */
  outputTruncated: boolean;
}

/** The runners that exist or are planned. */
export type RunnerKind = 'node' | 'worker' | 'webcontainer';

/**
 * An exercise as a runner needs it: plain sources, so a browser can build it from fetched files
 * and Node from disk (`loadExerciseBundle`).
 */
export interface ExerciseBundle {
  /** Exercise id (folder slug without the NN- prefix). */
  id: string;
  /** Default wall-clock limit for one run, in milliseconds. */
  timeLimitMs: number;
  /** The learner's file names, e.g. ["bulkhead.ts"]. */
  files: string[];
  /** The `start/` sources by file name; a submission overlays them. */
  start: Record<string, string>;
  /** The visible test source, and the hidden one when the bundle carries it. */
  tests: { visible: string; hidden?: string };
  /** The harness sources by path inside `exercises/_harness/`, e.g. "index.ts". */
  harness: Record<string, string>;
}

/** Options for one run. */
export interface RunOptions {
  /** Aborts the run; the result then has a run error of kind "aborted". */
  signal?: AbortSignal;
  /** Wall-clock limit for the whole run in milliseconds (default: the exercise's `timeLimitMs`). */
  timeoutMs?: number;
  /**
   * Node runner only, on Linux: CPU-time limit (user + system) for the child process in
   * milliseconds, checked every 50 ms. Unlike the wall-clock limit it does not depend on how busy
   * the machine is, so a batch can cut endless loops early without cutting slow-but-right runs.
   * Other runners and platforms ignore it (the wall-clock limit still applies). No single step
   * (loading the code, or one test) may use more than half of it, so an endless loop is cut after
   * about half the limit: right solutions spend a small part of their CPU time in any one step.
   */
  cpuLimitMs?: number;
  /** Also run the hidden tests (the bundle must carry them). Default false. */
  includeHidden?: boolean;
  /** Wall-clock limit per test in milliseconds unless a test sets its own (default 2000). */
  testTimeoutMs?: number;
}

/** Progress of a run, for a UI that shows tests ticking by. */
export type RunnerEvent =
  | { type: 'status'; runId: number; message: string }
  | { type: 'plan'; runId: number; tests: Array<{ name: string; suite: TestSuite }> }
  | { type: 'test-start'; runId: number; name: string }
  | { type: 'test-result'; runId: number; result: TestResult }
  | { type: 'done'; runId: number; result: RunResult };

/** Receives runner events. */
export type RunnerListener = (event: RunnerEvent) => void;

/**
 * One runner. Call `prepare` once per exercise, then `run` for each submission (runs may overlap),
 * then `dispose`. `run` never rejects for problems in the submission: they come back in the result.
 */
export interface Runner {
  /** Which runner this is, to say on screen which one is in use. */
  readonly kind: RunnerKind;
  /** Loads and transpiles the exercise's harness and tests. Rejects if they do not compile. */
  prepare(exercise: ExerciseBundle): Promise<void>;
  /** Grades a submission: learner file name → TypeScript source. Missing files use `start/`. */
  run(files: Record<string, string>, options?: RunOptions): Promise<RunResult>;
  /** Subscribes to progress events; returns a function that unsubscribes. */
  onProgress(listener: RunnerListener): () => void;
  /** Stops every run in progress and frees resources. The runner cannot be used afterwards. */
  dispose(): Promise<void>;
}
