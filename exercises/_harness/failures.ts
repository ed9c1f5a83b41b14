/**
 * Every failed expectation of the running test, including ones that code under test caught and
 * swallowed: a test whose expectation failed never passes, whoever caught the error.
 */
let sink: unknown[] | undefined;

/** Directs the failures noted from now on into `target` (undefined: between tests, not kept). */
export function collectFailures(target: unknown[] | undefined): void {
  sink = target;
}

/** Notes one failed expectation for the running test. */
export function noteFailure(error: unknown): void {
  sink?.push(error);
}
