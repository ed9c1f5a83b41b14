import type { Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import { remarkEmbedImports } from '../../../src/lib/markdown/remark-embed-imports';

const element = (name: string) => ({ type: 'mdxJsxFlowElement', name, attributes: [], children: [] });
const tree = (...children: object[]) => ({ type: 'root', children }) as unknown as Root;
const imports = (root: Root) => root.children.filter((node) => node.type === ('mdxjsEsm' as string)).map((node) => (node as unknown as { value: string }).value);

describe('remarkEmbedImports', () => {
  test('imports each embed a lesson uses, once, and nothing else', () => {
    const root = tree(element('PoolSimulator'), { type: 'paragraph', children: [element('SizingCalculator')] }, element('PoolSimulator'), element('Callout'));
    remarkEmbedImports()(root);
    const lines = imports(root);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^import PoolSimulator from ".*\/src\/components\/embeds\/PoolSimulator\.astro";$/);
    expect(lines[1]).toMatch(/^import SizingCalculator from ".*\/src\/components\/embeds\/SizingCalculator\.astro";$/);
    const estree = (root.children[0] as unknown as { data: { estree: { body: Array<{ type: string; specifiers: Array<{ local: { name: string } }> }> } } }).data.estree;
    expect(estree.body[0]?.type).toBe('ImportDeclaration');
    expect(estree.body[0]?.specifiers[0]?.local.name).toBe('PoolSimulator');
  });

  test('adds no import to a lesson without embeds, so its page loads no embed styles', () => {
    const root = tree(element('Callout'), { type: 'paragraph', children: [{ type: 'text', value: 'PoolSimulator' }] });
    remarkEmbedImports()(root);
    expect(imports(root)).toEqual([]);
  });
});
