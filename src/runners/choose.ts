/**
 * Picks the runner for a page: the first candidate that starts wins, and the page says in one
 * line which runner is in use and why the ones before it were passed over. No DOM here; the
 * candidates bring their own environment checks.
 */
import type { ExerciseBundle, Runner, RunnerKind } from './types';

/** One way to run tests, tried in order. */
export interface RunnerCandidate {
  kind: RunnerKind;
  /** A short name for people, e.g. "an in-browser Node.js (WebContainer)". */
  label: string;
  /**
   * Starts the runner and prepares the exercise, or rejects with an Error whose message says, in a
   * few words, why it cannot run here ("this page is not cross-origin isolated").
   */
  start: (bundle: ExerciseBundle, onStatus: (message: string) => void) => Promise<Runner>;
  /** Longest wait for `start` before moving on, in milliseconds. */
  timeoutMs: number;
}

/** The chosen runner and the sentence that explains the choice. */
export interface ChosenRunner {
  runner: Runner;
  kind: RunnerKind;
  /** One line for the page: which runner, and why. */
  explanation: string;
}

/** Rejects after `ms` unless `promise` settles first; the timer never keeps anything alive. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Tries each candidate in order. A candidate that starts late (after its timeout) is disposed
 * when it finally does, so it never leaks.
 */
export async function chooseRunner(bundle: ExerciseBundle, candidates: readonly RunnerCandidate[], onStatus: (message: string) => void = () => undefined): Promise<ChosenRunner> {
  const skipped: string[] = [];
  for (const candidate of candidates) {
    onStatus(`Starting ${candidate.label}…`);
    const starting = candidate.start(bundle, onStatus);
    try {
      const runner = await withTimeout(starting, candidate.timeoutMs, `it did not start within ${Math.round(candidate.timeoutMs / 1000)} s`);
      const why = skipped.length > 0 ? ` because ${skipped.join('; ')}` : '';
      return { runner, kind: candidate.kind, explanation: `Tests run in ${candidate.label}${why}.` };
    } catch (error) {
      starting.then((late) => void late.dispose(), () => undefined);
      skipped.push(`${candidate.label} is unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`No way to run tests in this browser (${skipped.join('; ')}).`);
}
