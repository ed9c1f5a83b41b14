/**
 * Hedged requests in the scenario format (`services[].client.hedge`); the engine side is
 * src/sim/models/pool/hedging.ts, and the README's pool simulator section says how hedging meets
 * timeouts, retries and circuit breakers.
 */
import type { z } from 'zod';
import { object, positive, whole } from './scenario-fields';

/** Most extra copies a hedged attempt may send. */
export const MAX_HEDGES = 3;

/**
 * Hedged requests: when an attempt has no answer `delay` seconds after it was sent, the caller
 * sends another copy of it through the same pool (it needs a slot or queue place of its own; if
 * the pool has none, no copy is sent). The first copy to succeed answers the call and the caller
 * cancels the others, which free their slot or queue place at once.
 */
export const hedgeSchema = object({
  /** Seconds without an answer before the next copy is sent (also the gap between copies). */
  delay: positive(),
  /** Extra copies at most, 1 to 3 (default 1). */
  max: whole(1)
    .max(MAX_HEDGES, { error: `must be a whole number from 1 to ${MAX_HEDGES}` })
    .default(1),
});

/** Hedging settings. */
export type HedgeSpec = z.output<typeof hedgeSchema>;

/**
 * Cross-field checks of a client's hedge: a delay shorter than the timeout, and no
 * `timeoutFreesSlot: false`. Paths are relative to the client.
 */
export function checkHedge(
  client: { readonly hedge?: HedgeSpec | undefined; readonly timeout?: number | undefined; readonly timeoutFreesSlot?: boolean | undefined },
  issue: (path: PropertyKey[], message: string) => void,
): void {
  const hedge = client.hedge;
  if (!hedge) return;
  if (client.timeoutFreesSlot === false) {
    issue(
      ['hedge'],
      'cannot be combined with timeoutFreesSlot: false (hedging cancels the slower copy, which frees its slot; a caller that cannot free its slot at a timeout cannot cancel a copy either)',
    );
  } else if (client.timeout !== undefined && hedge.delay >= client.timeout) {
    issue(
      ['hedge', 'delay'],
      `must be less than timeout (${client.timeout} s): by then the attempt has timed out, so no copy would ever be sent; to try again after a timeout, use retries`,
    );
  }
}
