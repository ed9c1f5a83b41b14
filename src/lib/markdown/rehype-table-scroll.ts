import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Wraps every Markdown table in a focusable, labelled scroll region, so a table wider than the
 * screen can be scrolled with the keyboard (WCAG: scrollable regions must be focusable).
 */
export function rehypeTableScroll() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      if (parent.type === 'element' && (parent.properties?.['className'] as string[] | undefined)?.includes('table-scroll')) return;
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: caption ? 'Table: scroll sideways to see all columns' : 'Table (scrolls sideways on narrow screens)' },
        children: [node],
      };
      parent.children[index] = wrapper;
    });
  };
}
