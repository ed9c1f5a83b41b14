/**
 * The copy-paste code /embed/ offers: an `<iframe>` per embed, and the few lines of script that
 * resize every such iframe from its height message (see ./embed-height.ts). The script is served
 * as-is at /embed/resize.js, and /embed/ runs that file for its live previews, so the previews
 * are resized by exactly the code a visitor copies.
 */
import { HEIGHT_MESSAGE_TYPE, MAX_EMBED_HEIGHT } from './embed-height';

/**
 * Resizes each `<iframe data-bulkhead-lab>` from the messages its own frame sends. It checks that
 * the message came from that frame's window (`event.source`) and from the origin its `src` names,
 * so no other frame or site can resize it, and clamps the height. It names no origin, so it works
 * for a copy of the site on any host.
 */
export const RESIZE_LISTENER_SOURCE = `window.addEventListener('message', function (event) {
  var data = event.data;
  if (!data || data.type !== '${HEIGHT_MESSAGE_TYPE}' || typeof data.height !== 'number') return;
  var frames = document.querySelectorAll('iframe[data-bulkhead-lab]');
  for (var i = 0; i < frames.length; i++) {
    var frame = frames[i];
    if (frame.contentWindow !== event.source || new URL(frame.src, location.href).origin !== event.origin) continue;
    frame.style.height = Math.max(0, Math.min(${MAX_EMBED_HEIGHT}, Math.ceil(data.height))) + 'px';
  }
});
`;

/** Escapes text for an HTML attribute value in double quotes. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `name="value"`, escaped. (Built from parts, so the page's bundled script holds no `src="…"` text a link checker would read as a link.) */
function attribute(name: string, value: string): string {
  return `${name}="${escapeAttribute(value)}"`;
}

export interface IframeSnippetInput {
  /** Absolute address of the embed, query included. */
  src: string;
  /** Accessible name of the frame. */
  title: string;
  /** The frame's `name`, sent back as the height message's `id`. */
  name: string;
  /** Height before the first message arrives, px. */
  height: number;
}

/**
 * The `<iframe>` HTML to paste: full width, no border, lazy, resized by {@link RESIZE_LISTENER_SOURCE};
 * `clipboard-write` lets the tools' Copy link buttons work inside the frame.
 */
export function iframeSnippet({ src, title, name, height }: IframeSnippetInput): string {
  return [
    '<iframe data-bulkhead-lab',
    `  ${attribute('src', src)}`,
    `  ${attribute('title', title)} ${attribute('name', name)}`,
    `  ${attribute('style', `width: 100%; height: ${Math.round(height)}px; border: 0`)}`,
    '  allow="clipboard-write" loading="lazy"></iframe>',
  ].join('\n');
}

/** The `<script>` element that loads the resize listener from the site, for pages that allow it. */
export function scriptSnippet(scriptUrl: string): string {
  return `<script ${attribute('src', scriptUrl)}></script>`;
}
