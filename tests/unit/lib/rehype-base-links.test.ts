import type { Root } from 'hast';
import { describe, expect, test } from 'vitest';
import { rehypeBaseLinks } from '../../../src/lib/markdown/rehype-base-links';

const link = (href: string) => ({ type: 'element', tagName: 'a', properties: { href }, children: [] });
const jsx = (name: string, value: unknown) => ({ type: 'mdxJsxFlowElement', name: 'a', attributes: [{ type: 'mdxJsxAttribute', name, value }], children: [] });
const tree = (...children: object[]) => ({ type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children }] }) as unknown as Root;
const hrefs = (root: Root) => ((root.children[0] as unknown as { children: Array<{ properties?: { href?: string; src?: string }; attributes?: Array<{ value: unknown }> }> }).children).map((node) => node.properties?.href ?? node.properties?.src ?? node.attributes?.[0]?.value);

describe('rehypeBaseLinks', () => {
  test('puts the base in front of site-absolute links and images in lesson text', () => {
    const root = tree(link('/learn/foundation/sizing-pools/#why'), { type: 'element', tagName: 'img', properties: { src: '/og-image.png' }, children: [] }, jsx('href', '/glossary/#permit'));
    rehypeBaseLinks({ base: '/bulkhead-lab/' })(root);
    expect(hrefs(root)).toEqual(['/bulkhead-lab/learn/foundation/sizing-pools/#why', '/bulkhead-lab/og-image.png', '/bulkhead-lab/glossary/#permit']);
  });

  test('leaves other sites, protocol-relative URLs, fragments, relative links and expressions alone', () => {
    const kept = ['https://example.org/x', '//cdn.example/x', '#section', 'other/', 'mailto:a@b.c'];
    const root = tree(...kept.map(link), jsx('href', { type: 'mdxJsxAttributeValueExpression', value: 'url' }));
    rehypeBaseLinks({ base: '/bulkhead-lab/' })(root);
    expect(hrefs(root)).toEqual([...kept, { type: 'mdxJsxAttributeValueExpression', value: 'url' }]);
  });

  test('changes nothing at the base /', () => {
    const root = tree(link('/learn/'), jsx('href', '/glossary/'));
    rehypeBaseLinks({ base: '/' })(root);
    expect(hrefs(root)).toEqual(['/learn/', '/glossary/']);
  });
});
