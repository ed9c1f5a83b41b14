import { join } from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { PROJECT_ROOT } from '../diagram-cache';

/** The live embeds (React islands with their own styles) a lesson may use, by element name. */
export const EMBEDS = ['AvailabilityCalculator', 'BlastRadiusCalculator', 'IsolationPriceCalculator', 'PoolSimulator', 'RoiCalculator', 'SizingCalculator'] as const;

/**
 * Adds `import X from '…/embeds/X.astro'` to each lesson for the embeds it uses, so a lesson keeps
 * writing `<PoolSimulator … />` without imports while only the pages that show an embed load its
 * styles (Astro bundles the styles of what an MDX entry imports with the page that renders it; a
 * component handed to every lesson through `components` would put every embed's styles on every
 * lesson page).
 */
export function remarkEmbedImports() {
  return (tree: Root) => {
    const used = new Set<string>();
    visit(tree, (node) => {
      // MDX's JSX element nodes are not in mdast's own node types, hence the widening.
      const { type, name } = node as { type: string; name?: unknown };
      if ((type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement') && typeof name === 'string' && (EMBEDS as readonly string[]).includes(name)) used.add(name);
    });
    const imports = [...used].sort().map((name) => {
      const source = join(PROJECT_ROOT, 'src', 'components', 'embeds', `${name}.astro`).split('\\').join('/');
      const estree = {
        type: 'Program',
        sourceType: 'module',
        body: [{ type: 'ImportDeclaration', specifiers: [{ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name } }], source: { type: 'Literal', value: source, raw: JSON.stringify(source) } }],
      };
      return { type: 'mdxjsEsm', value: `import ${name} from ${JSON.stringify(source)};`, data: { estree } };
    });
    tree.children.unshift(...(imports as unknown as Root['children']));
  };
}
