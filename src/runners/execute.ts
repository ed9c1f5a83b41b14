/**
 * The executing side of every runner, written once: load the harness, harden the realm, load the
 * submission, collect the tests, run them and stream results. The platform part (Node child,
 * worker) supplies the module graph, the hardening and the transport. No Node or DOM APIs here.
 */
import type { HarnessTestResult } from '../../exercises/_harness/registry';
import type * as HarnessRuntime from '../../exercises/_harness/runtime';
import type { ModuleGraph } from './module-loader';
import type { ExecutorMessage } from './protocol';
import type { TestResult, TestSuite } from './types';

/** Virtual paths of the modules of one run. */
export interface ExecutionPlan {
  /** Path of the harness's runner-facing module, e.g. "_harness/runtime.ts". */
  runtimePath: string;
  /** The submission's modules, loaded before the tests (their own top-level code runs here). */
  learnerModules: string[];
  /** Test modules in order, with the suite label of their tests. */
  testModules: Array<{ path: string; suite: TestSuite }>;
  /** Wall-clock limit per test in milliseconds unless a test sets its own. */
  defaultTestTimeoutMs: number;
}

/** What the platform provides. */
export interface ExecutionHost {
  /** The module graph holding the harness, the submission and the tests. */
  graph: ModuleGraph;
  /** Sends one message to the runner host (the transport adds the secret). */
  send(message: ExecutorMessage): void;
  /**
   * Called once the harness is loaded and before any submission code runs. Pins globals and takes
   * a snapshot; returns a check that names any change since, or undefined.
   */
  harden(runtime: typeof HarnessRuntime): () => string | undefined;
}

/**
 * Runs one plan to the end and sends `plan`, `test-start`, `test-result`, then `done` (or
 * `load-error` / `tamper` and then `done`). Never throws for problems in the submission.
 */
export async function executeTests(host: ExecutionHost, plan: ExecutionPlan): Promise<void> {
  const runtime = host.graph.require(plan.runtimePath) as typeof HarnessRuntime;
  const findChange = host.harden(runtime);
  let tampered: string | undefined;
  const stopIfTampered = (): boolean => {
    if (tampered !== undefined) return true;
    const change = findChange();
    if (change === undefined) return false;
    tampered = `The submission changed a built-in of JavaScript (${change}); submissions may not patch built-ins, so the run was stopped.`;
    host.send({ type: 'tamper', message: tampered });
    return true;
  };

  for (const path of plan.learnerModules) {
    try {
      host.graph.require(path);
    } catch (error) {
      if (!stopIfTampered()) {
        host.send({ type: 'load-error', message: `Your code threw while loading (${fileName(path)}): ${runtime.describeThrown(error)}` });
      }
      host.send({ type: 'done' });
      return;
    }
  }
  if (stopIfTampered()) {
    host.send({ type: 'done' });
    return;
  }

  for (const { path, suite } of plan.testModules) {
    runtime.beginCollection(suite);
    try {
      host.graph.require(path);
    } catch (error) {
      runtime.endCollection();
      if (!stopIfTampered()) {
        host.send({ type: 'load-error', message: `The ${suite} tests could not load: ${runtime.describeThrown(error)}` });
      }
      host.send({ type: 'done' });
      return;
    } finally {
      runtime.endCollection();
    }
  }

  if (stopIfTampered()) {
    host.send({ type: 'done' });
    return;
  }
  host.send({ type: 'plan', tests: runtime.collectedTests().map(({ name, suite }) => ({ name, suite: suite as TestSuite })) });

  await runtime.runCollected({
    defaultTimeoutMs: plan.defaultTestTimeoutMs,
    stopReason: () => (stopIfTampered() ? tampered : undefined),
    // `stopReason` has just checked the realm before this test, and nothing ran since.
    onTestStart: (name) => {
      host.send({ type: 'test-start', name });
    },
    onTestResult: (result) => {
      if (!stopIfTampered()) host.send({ type: 'test-result', result: toTestResult(result) });
    },
  });
  host.send({ type: 'done' });
}

function toTestResult(result: HarnessTestResult): TestResult {
  const copy: TestResult = {
    name: result.name,
    suite: result.suite as TestSuite,
    status: result.status,
    durationMs: result.durationMs,
  };
  if (result.message !== undefined) copy.message = result.message;
  if (result.expected !== undefined) copy.expected = result.expected;
  if (result.actual !== undefined) copy.actual = result.actual;
  return copy;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
