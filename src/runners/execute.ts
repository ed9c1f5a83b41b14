/**
 * The executing side of every runner, written once: load the harness in the host realm, make the
 * run's compartment, load the submission into it, collect the tests, run them and stream results.
 * The realm must already be locked down (`lockdownRealm`): every intrinsic is frozen, so learner
 * code cannot patch what the harness and the transport rely on. The platform part (Node child,
 * worker, WebContainer process) supplies the host compiler, the transport and the output.
 * No Node or DOM APIs here.
 */
import type { HarnessTestResult } from '../../exercises/_harness/registry';
import type * as HarnessRuntime from '../../exercises/_harness/runtime';
import { createLearnerRealm } from './compartment';
import { createModuleGraph, type CompileModule } from './module-loader';
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
  /** Virtual path → CommonJS code: harness, tests and the submission. */
  modules: Record<string, string>;
  /** Compiles a harness or test module in the host realm (Node: `vm.compileFunction`, a worker: `new Function`). */
  compile: CompileModule;
  /** Sends one message to the runner host (the transport adds the secret). */
  send(message: ExecutorMessage): void;
  /** Prints one line of the submission's console output. */
  print(text: string): void;
  /** Routes errors thrown outside any promise chain (in a timer callback) to `report` for this run. */
  onUncaught(report: (error: unknown) => void): void;
}

/**
 * Runs one plan to the end and sends `plan`, `test-start`, `test-result`, then `done` (or
 * `load-error` and then `done`). Never throws for problems in the submission.
 */
export async function executeTests(host: ExecutionHost, plan: ExecutionPlan): Promise<void> {
  const learner = new Set(plan.learnerModules);
  // The console formats values with the harness, which loads (in the host realm) before any learner module.
  const realm = createLearnerRealm({ print: host.print, format: (value) => runtime.formatValue(value) });
  const graph = createModuleGraph({
    modules: host.modules,
    compile: (code, path) => (learner.has(path) ? realm.compile(code, path) : host.compile(code, path)),
    checkImport: (from, to) => (learner.has(from) && !learner.has(to) ? `Your code can import only your own files, not "${to}".` : undefined),
  });
  const runtime = graph.require(plan.runtimePath) as typeof HarnessRuntime;
  host.onUncaught((error) => runtime.reportUncaught(error));
  try {
    await runPlan(host, plan, graph.require, runtime);
  } finally {
    realm.dispose();
  }
  host.send({ type: 'done' });
}

async function runPlan(host: ExecutionHost, plan: ExecutionPlan, load: (path: string) => unknown, runtime: typeof HarnessRuntime): Promise<void> {
  for (const path of plan.learnerModules) {
    try {
      load(path);
    } catch (error) {
      host.send({ type: 'load-error', message: `Your code threw while loading (${fileName(path)}): ${runtime.describeThrown(error)}` });
      return;
    }
  }
  for (const { path, suite } of plan.testModules) {
    runtime.beginCollection(suite);
    try {
      load(path);
    } catch (error) {
      host.send({ type: 'load-error', message: `The ${suite} tests could not load: ${runtime.describeThrown(error)}` });
      return;
    } finally {
      runtime.endCollection();
    }
  }
  host.send({ type: 'plan', tests: runtime.collectedTests().map(({ name, suite }) => ({ name, suite: suite as TestSuite })) });
  await runtime.runCollected({
    defaultTimeoutMs: plan.defaultTestTimeoutMs,
    onTestStart: (name) => {
      host.send({ type: 'test-start', name });
    },
    onTestResult: (result) => {
      host.send({ type: 'test-result', result: toTestResult(result) });
    },
  });
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
