/**
 * The runner-facing side of the harness: collecting tests from test files and running them.
 * Exercise tests never import this; runners (Node, worker, WebContainer) do.
 */
export {
  beginCollection,
  collectedTests,
  endCollection,
  reportUncaught,
  runCollected,
  type HarnessTestResult,
  type RunCollectedOptions,
  type TestStatus,
} from './registry';
export { describeThrown, formatValue } from './format';
