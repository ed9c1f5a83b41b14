import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { withBase } from '../base-path';

/** The attributes that hold a URL, on Markdown's elements and on JSX written in MDX. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster']);

/** An MDX JSX element (`<a href="/learn/">` written in a lesson), as far as this plugin reads it. */
interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  attributes: Array<{ type: string; name?: string; value?: unknown }>;
}

/** A site-absolute path (`/learn/x/`), not a protocol-relative URL (`//host/x`). */
const isSitePath = (value: unknown): value is string => typeof value === 'string' && value.startsWith('/') && !value.startsWith('//');

/**
 * Puts the site's base in front of every site-absolute link and image in lessons and exercise
 * instructions (`[x](/learn/…)` becomes `/bulkhead-lab/learn/…` in a build for that base), so the
 * text keeps plain `/learn/…` links and works at `/` and under any sub-path. Relative links,
 * fragments and other sites' addresses are left alone. With the base `/` nothing changes.
 */
export function rehypeBaseLinks({ base }: { base: string }) {
  return (tree: Root) => {
    visit(tree, (node) => {
      // MDX's JSX nodes are not in hast's own node types, so the type is read as a plain string.
      const type: string = node.type;
      if (type === 'element') {
        const properties = (node as Element).properties;
        for (const name of URL_ATTRIBUTES) {
          const value = properties[name];
          if (isSitePath(value)) properties[name] = withBase(value, base);
        }
        return;
      }
      if (type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement') {
        for (const attribute of (node as unknown as JsxElement).attributes) {
          if (attribute.type === 'mdxJsxAttribute' && attribute.name && URL_ATTRIBUTES.has(attribute.name) && isSitePath(attribute.value)) {
            attribute.value = withBase(attribute.value, base);
          }
        }
      }
    });
  };
}
