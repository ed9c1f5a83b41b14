/**
 * The message an embed page (`/embed/…`) sends its parent page so an iframe can fit its content:
 *
 * ```js
 * { type: 'bulkhead-lab:height', height: 812, id: 'sizing' }
 * ```
 *
 * - `height`: the embed's content height in CSS pixels, a whole number (rounded up).
 * - `id`: the iframe's `name` attribute (`window.name` inside the frame), or `null` when it has
 *   none; lets a page with several embeds tell them apart without comparing `event.source`.
 *
 * It is sent with `postMessage(message, '*')`: the height is not secret, and the embed cannot know
 * which site frames it. A parent should check `event.origin` and `event.source` (the snippet on
 * /embed/ does both) and treat `height` as a number to clamp, never as markup.
 */

export const HEIGHT_MESSAGE_TYPE = 'bulkhead-lab:height';

/** Heights outside 0…MAX_EMBED_HEIGHT are not sent, and a listener should ignore them. */
export const MAX_EMBED_HEIGHT = 20_000;

export interface EmbedHeightMessage {
  type: typeof HEIGHT_MESSAGE_TYPE;
  height: number;
  id: string | null;
}

/** Whether `data` (from a `message` event) is a well-formed height message. */
export function isHeightMessage(data: unknown): data is EmbedHeightMessage {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return (
    record['type'] === HEIGHT_MESSAGE_TYPE &&
    typeof record['height'] === 'number' &&
    Number.isInteger(record['height']) &&
    record['height'] >= 0 &&
    record['height'] <= MAX_EMBED_HEIGHT &&
    (record['id'] === null || typeof record['id'] === 'string')
  );
}

/** The message for a measured height, or `null` when the measurement is not a usable height. */
export function heightMessage(measured: number, id: string | null): EmbedHeightMessage | null {
  if (!Number.isFinite(measured) || measured < 0) return null;
  const height = Math.ceil(measured);
  if (height > MAX_EMBED_HEIGHT) return null;
  return { type: HEIGHT_MESSAGE_TYPE, height, id: id === '' ? null : id };
}

export interface HeightReporterOptions {
  /** Sends one message (in the page: `parent.postMessage(message, '*')`). */
  send: (message: EmbedHeightMessage) => void;
  /** The iframe's name, see {@link EmbedHeightMessage.id}. */
  id: string | null;
  /** Fewest milliseconds between two messages; a change inside the gap is sent at its end. */
  intervalMs?: number;
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

/**
 * A throttled height reporter: call `report(height)` on every resize. The first height goes out at
 * once; later ones at most every `intervalMs`, the last one always (a trailing send), and a height
 * equal to the last one sent is not sent again.
 */
export function createHeightReporter(options: HeightReporterOptions): { report: (measured: number) => void; dispose: () => void } {
  const interval = options.intervalMs ?? 100;
  let lastSent: number | null = null;
  let lastSentAt = -Infinity;
  let pending: number | null = null;
  let timer: unknown = null;

  const flush = () => {
    timer = null;
    if (pending === null) return;
    const message = heightMessage(pending, options.id);
    pending = null;
    if (message === null || message.height === lastSent) return;
    lastSent = message.height;
    lastSentAt = options.now();
    options.send(message);
  };

  return {
    report(measured: number) {
      pending = measured;
      if (timer !== null) return;
      const wait = lastSentAt + interval - options.now();
      if (wait <= 0) flush();
      else timer = options.setTimer(flush, wait);
    },
    dispose() {
      if (timer !== null) options.clearTimer(timer);
      timer = null;
      pending = null;
    },
  };
}
