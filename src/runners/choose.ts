/**
 * A way to run tests on a page, as the workbench's runner switch starts it. No DOM here; each
 * candidate brings its own environment checks.
 */
import type { ExerciseBundle, Runner, RunnerKind } from './types';

/** One way to run tests. */
export interface RunnerCandidate {
  kind: RunnerKind;
  /** A short name for people, e.g. "an in-browser Node.js (WebContainer)". */
  label: string;
  /**
   * Starts the runner and prepares the exercise, or rejects with an Error whose message says, in a
   * few words, why it cannot run here ("this page is not cross-origin isolated").
   */
  start: (bundle: ExerciseBundle, onStatus: (message: string) => void) => Promise<Runner>;
}
