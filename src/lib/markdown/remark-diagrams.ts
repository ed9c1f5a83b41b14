import { relative } from 'node:path';
import type { Root, Code } from 'mdast';
import { visit } from 'unist-util-visit';
import { readDiagramText } from '../diagram';
import { PROJECT_ROOT, readDrawing } from '../diagram-cache';

interface VFileLike {
  path?: string;
}

/**
 * Turns each ```mermaid fence into a `<Diagram>` element (src/components/Diagram.astro) holding
 * the diagram's SVG, drawn ahead of time by `npm run diagrams` into content/diagrams/. Fails the
 * build when a diagram lacks accTitle/accDescr, or when its drawing is missing or stale; both
 * messages name the diagram, and the second the command that redraws it.
 */
export function remarkDiagrams() {
  return (tree: Root, file: VFileLike) => {
    const path = file.path ? relative(PROJECT_ROOT, file.path).split('\\').join('/') : 'a lesson';
    visit(tree, 'code', (node: Code, index, parent) => {
      if (node.lang !== 'mermaid' || !parent || index === undefined) return;
      const where = `${path}:${node.position?.start.line ?? '?'}`;
      const { title, description } = readDiagramText(node.value, `The mermaid diagram at ${where}`);
      const svg = readDrawing(node.value, `The mermaid diagram "${title}" at ${where}`);
      const attr = (name: string, value: string) => ({ type: 'mdxJsxAttribute', name, value });
      parent.children[index] = {
        type: 'mdxJsxFlowElement',
        name: 'Diagram',
        attributes: [attr('svg', svg), attr('title', title), attr('description', description)],
        children: [],
      } as unknown as Code;
    });
  };
}
