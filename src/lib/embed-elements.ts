/**
 * /embed/elements.js: custom elements for pages that would rather not write iframes. One
 * `<script type="module" src="https://…/embed/elements.js">` defines `<bulkhead-simulator>`,
 * `<bulkhead-sizing>` and one element per calculator (`bulkhead-<slug>`, see ./embed-catalog.ts).
 * Each creates the iframe of its embed with its attributes as query parameters
 * (`<bulkhead-sizing rate="120" mean="50">` → /embed/tools/sizing/?rate=120&mean=50) and resizes
 * it from the embed's height message. The embed addresses are relative to the script's own URL,
 * so the file works on any host and under any base path.
 */
import { EMBEDS } from './embed-catalog';
import { HEIGHT_MESSAGE_TYPE, MAX_EMBED_HEIGHT } from './embed-height';

/** The custom element name of an embed. */
export function elementName(slug: string): string {
  return `bulkhead-${slug}`;
}

/** Attributes that describe the element on the host page, never passed on as settings. */
export const HOST_ATTRIBUTES = ['id', 'class', 'style', 'title', 'hidden', 'lang', 'dir', 'slot', 'tabindex'] as const;

/** The JavaScript module served as /embed/elements.js. */
export function elementsSource(): string {
  const table = Object.fromEntries(
    EMBEDS.map((embed) => [elementName(embed.slug), { path: `${embed.path.replace(/^\/embed\//, '')}`, title: embed.title, height: embed.initialHeight }]),
  );
  return `// Bulkhead Lab embeds as custom elements: <bulkhead-sizing rate="120" mean="50"></bulkhead-sizing>.
// Each element frames its /embed/ page with its attributes as query parameters and fits the frame
// to the height the page reports ({ type: '${HEIGHT_MESSAGE_TYPE}', height, id }).
const EMBEDS = ${JSON.stringify(table, null, 2)};
const HOST_ATTRIBUTES = new Set(${JSON.stringify(HOST_ATTRIBUTES)});

for (const [tag, embed] of Object.entries(EMBEDS)) {
  if (customElements.get(tag)) continue;
  customElements.define(tag, class extends HTMLElement {
    connectedCallback() {
      if (this.frame) return;
      const src = new URL(embed.path, import.meta.url);
      for (const { name, value } of this.attributes) {
        if (!HOST_ATTRIBUTES.has(name) && !name.startsWith('data-') && !name.startsWith('aria-')) src.searchParams.append(name, value);
      }
      const frame = document.createElement('iframe');
      frame.src = src.href;
      frame.title = this.getAttribute('title') || embed.title;
      frame.name = tag.slice('bulkhead-'.length);
      frame.loading = 'lazy';
      frame.setAttribute('allow', 'clipboard-write');
      frame.style.cssText = 'display: block; width: 100%; border: 0; height: ' + embed.height + 'px';
      this.onHeight = (event) => {
        const data = event.data;
        if (event.source !== frame.contentWindow || event.origin !== src.origin) return;
        if (!data || data.type !== '${HEIGHT_MESSAGE_TYPE}' || typeof data.height !== 'number') return;
        frame.style.height = Math.max(0, Math.min(${MAX_EMBED_HEIGHT}, Math.ceil(data.height))) + 'px';
      };
      window.addEventListener('message', this.onHeight);
      if (!this.style.display) this.style.display = 'block';
      this.frame = frame;
      this.append(frame);
    }
    disconnectedCallback() {
      window.removeEventListener('message', this.onHeight);
      this.frame?.remove();
      this.frame = null;
    }
  });
}
`;
}

/** The snippet /embed/ shows for the custom elements, loading them from `scriptUrl`. */
export function elementsSnippet(scriptUrl: string): string {
  const script = ['<script type="module"', `src="${scriptUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></script>`].join(' ');
  return [script, '<bulkhead-sizing rate="120" mean="50"></bulkhead-sizing>', '<bulkhead-simulator preset="hung-search"></bulkhead-simulator>'].join('\n');
}
