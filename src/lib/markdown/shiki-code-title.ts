import type { Element, ElementContent, Root } from 'hast';

interface TransformerContext {
  options: { meta?: { __raw?: string } };
}

/**
 * A Shiki transformer: a fence written as ```ts title="src/bulkhead.ts" is wrapped in a
 * <figure> whose <figcaption> shows the file name. The copy button is added in the browser.
 */
export const codeTitleTransformer = {
  name: 'bulkhead-lab:code-title',
  root(this: TransformerContext, root: Root) {
    const raw = this.options.meta?.__raw ?? '';
    const title = /(?:^|\s)title=(?:"([^"]+)"|'([^']+)')/.exec(raw);
    const name = title?.[1] ?? title?.[2];
    if (!name) return;
    const pre = root.children.find((child): child is Element => child.type === 'element' && child.tagName === 'pre');
    if (!pre) return;
    const caption: Element = {
      type: 'element',
      tagName: 'figcaption',
      properties: { className: ['code-title'] },
      children: [{ type: 'text', value: name }],
    };
    const figure: Element = {
      type: 'element',
      tagName: 'figure',
      properties: { className: ['code-figure'] },
      children: [caption, pre as ElementContent],
    };
    root.children = root.children.map((child) => (child === pre ? figure : child));
  },
};
