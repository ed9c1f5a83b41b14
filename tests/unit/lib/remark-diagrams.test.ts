import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Code, Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import { PROJECT_ROOT, drawingPath, findDiagramSources } from '../../../src/lib/diagram-cache';
import { remarkDiagrams } from '../../../src/lib/markdown/remark-diagrams';

function treeWith(code: string): Root {
  const fence: Code = { type: 'code', lang: 'mermaid', value: code, position: { start: { line: 5, column: 1 }, end: { line: 9, column: 4 } } };
  return { type: 'root', children: [fence] };
}
const file = { path: join(PROJECT_ROOT, 'content/lessons/01-x/01-y.mdx') };
const [source] = findDiagramSources();

describe('remarkDiagrams', () => {
  test('puts the drawing of a ```mermaid fence, its title and its description into a <Diagram>', () => {
    if (!source) throw new Error('the course has no diagram');
    const tree = treeWith(source.code);
    remarkDiagrams()(tree, file);
    const element = tree.children[0] as unknown as { type: string; name: string; attributes: { name: string; value: string }[] };
    expect(element.type).toBe('mdxJsxFlowElement');
    expect(element.name).toBe('Diagram');
    const attributes = Object.fromEntries(element.attributes.map((attribute) => [attribute.name, attribute.value]));
    expect(attributes['svg']).toBe(readFileSync(drawingPath(source.key), 'utf8'));
    expect(attributes['title']).toBe(source.title);
    expect(attributes['description']).toMatch(/\w/);
  });

  test('fails the build for a diagram without a drawing, naming it, where it is, and the command', () => {
    const tree = treeWith('flowchart LR\n  accTitle: A diagram nobody drew\n  accDescr: It is new.\n  A --> B');
    expect(() => remarkDiagrams()(tree, file)).toThrow(/^The mermaid diagram "A diagram nobody drew" at content\/lessons\/01-x\/01-y\.mdx:5 has no drawing: .*Run `npm run diagrams`/);
  });

  test('still fails first for a diagram without accTitle and accDescr', () => {
    expect(() => remarkDiagrams()(treeWith('flowchart LR\n  A --> B'), file)).toThrow('content/lessons/01-x/01-y.mdx:5 is missing accTitle and accDescr');
  });
});
