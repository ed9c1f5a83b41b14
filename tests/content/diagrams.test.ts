import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readDiagramText } from '../../src/lib/diagram';
import { drawingPath, drawingProblems, findDiagramSources } from '../../src/lib/diagram-cache';
import { MERMAID_VERSION } from '../../src/lib/diagram-settings';

// CI's check that content/diagrams/ is fresh: the build reads only these drawings, so a diagram
// edited without `npm run diagrams` would fail the build; this says so first, and names it.
describe('drawn diagrams (content/diagrams/)', () => {
  const sources = findDiagramSources();

  test('the course has its diagrams: the lessons and the quick reference', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((source) => source.file === 'content/pages/quick-reference.mdx')).toBe(true);
  });

  test('every diagram has an up-to-date drawing, and every drawing is used', () => {
    expect(drawingProblems()).toEqual([]);
  });

  test('each drawing is an image named by its diagram’s accTitle and described by its accDescr', () => {
    for (const source of sources) {
      const svg = readFileSync(drawingPath(source.key), 'utf8');
      const text = readDiagramText(source.code);
      const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(svg, source.file).toMatch(/^<svg [^>]*role="img"/);
      expect(svg, source.file).toContain(`>${escape(text.title)}</title>`);
      expect(svg, source.file).toContain(`>${escape(text.description)}</desc>`);
      expect(svg, `${source.file}: no script in a drawing`).not.toMatch(/<script|\son[a-z]+=/i);
    }
  });

  test('the drawings were made with the mermaid the project installs', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const pinned = manifest.devDependencies?.['mermaid'] ?? manifest.dependencies?.['mermaid'];
    expect(pinned, 'package.json pins mermaid; after an upgrade set MERMAID_VERSION in src/lib/diagram-settings.ts and run npm run diagrams').toBe(MERMAID_VERSION);
  });
});
