import type { Root, Code } from 'mdast';
import { visit } from 'unist-util-visit';
import { readDiagramText } from '../diagram';

interface VFileLike {
  path?: string;
  data: { astro?: { frontmatter?: Record<string, unknown> } };
}

/**
 * Turns each ```mermaid fence into a `<Diagram>` element (see src/components/Diagram.astro),
 * fails the build when a diagram lacks accTitle/accDescr, and marks the page so the
 * diagram script loads only where a diagram exists.
 */
export function remarkDiagrams() {
  return (tree: Root, file: VFileLike) => {
    let count = 0;
    visit(tree, 'code', (node: Code, index, parent) => {
      if (node.lang !== 'mermaid' || !parent || index === undefined) return;
      const where = `${file.path ?? 'a lesson'}:${node.position?.start.line ?? '?'}`;
      const { title, description } = readDiagramText(node.value, `The mermaid diagram at ${where}`);
      count += 1;
      const attr = (name: string, value: string) => ({ type: 'mdxJsxAttribute', name, value });
      parent.children[index] = {
        type: 'mdxJsxFlowElement',
        name: 'Diagram',
        attributes: [attr('code', node.value), attr('title', title), attr('description', description)],
        children: [],
      } as unknown as Code;
    });
    if (count > 0) {
      const astro = (file.data.astro ??= {});
      const frontmatter = (astro.frontmatter ??= {});
      frontmatter['diagrams'] = count;
    }
  };
}
