import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DiagramCacheError, diagramKey, drawingProblems, extractMermaidFences, readDrawing } from '../../../src/lib/diagram-cache';

const CODE = 'flowchart LR\n  accTitle: Pools\n  accDescr: Two pools side by side.\n  A --> B';

describe('extractMermaidFences', () => {
  test('finds backtick and tilde fences, with their lines, and skips other languages', () => {
    const text = ['# Lesson', '', '```ts', 'const a = 1;', '```', '', '```mermaid', CODE, '```', '', '~~~~mermaid', 'flowchart TB', '  X --> Y', '~~~~'].join('\n');
    expect(extractMermaidFences(text)).toEqual([
      { line: 7, code: CODE },
      { line: 14, code: 'flowchart TB\n  X --> Y' },
    ]);
  });

  test('takes the fence’s own indentation off its lines, as the Markdown parser does', () => {
    const text = '<Figure caption="x">\n  ```mermaid\n  flowchart LR\n    A --> B\n  ```\n</Figure>';
    expect(extractMermaidFences(text)).toEqual([{ line: 2, code: 'flowchart LR\n  A --> B' }]);
  });

  test('a shorter fence inside does not close a longer one', () => {
    expect(extractMermaidFences('````mermaid\nflowchart LR\n```\n````')).toEqual([{ line: 1, code: 'flowchart LR\n```' }]);
  });
});

describe('diagramKey', () => {
  test('is 16 hex digits, the same for the same diagram whatever its line endings or trailing spaces', () => {
    expect(diagramKey(CODE)).toMatch(/^[0-9a-f]{16}$/);
    expect(diagramKey(CODE.replace(/\n/g, '  \r\n'))).toBe(diagramKey(CODE));
  });

  test('changes when the diagram changes', () => {
    expect(diagramKey(`${CODE}\n  B --> C`)).not.toBe(diagramKey(CODE));
  });
});

describe('the drawings folder', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  function project(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'diagram-cache-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  test('readDrawing returns the drawing of a diagram', () => {
    const dir = project({ [`content/diagrams/${diagramKey(CODE)}.svg`]: '<svg role="img"></svg>' });
    expect(readDrawing(CODE, 'The diagram', dir)).toBe('<svg role="img"></svg>');
  });

  test('a missing drawing is an error that names the diagram and the command that draws it', () => {
    const dir = project({});
    expect(() => readDrawing(CODE, 'The mermaid diagram "Pools" at lesson.mdx:12', dir)).toThrow(DiagramCacheError);
    expect(() => readDrawing(CODE, 'The mermaid diagram "Pools" at lesson.mdx:12', dir)).toThrow(
      new RegExp(`^The mermaid diagram "Pools" at lesson\\.mdx:12 has no drawing: content/diagrams/${diagramKey(CODE)}\\.svg does not exist .*Run \`npm run diagrams\``),
    );
  });

  test('drawingProblems names diagrams without a drawing and drawings no diagram uses', () => {
    const unused = '0123456789abcdef';
    const dir = project({
      'content/lessons/01-a/01-b.mdx': `# B\n\n\`\`\`mermaid\n${CODE}\n\`\`\`\n`,
      [`content/diagrams/${unused}.svg`]: '<svg></svg>',
    });
    expect(drawingProblems(dir)).toEqual([
      `The mermaid diagram "Pools" at content/lessons/01-a/01-b.mdx:3 has no drawing (content/diagrams/${diagramKey(CODE)}.svg is missing: the diagram is new, or it or the drawing settings changed).`,
      `content/diagrams/${unused}.svg is not used by any diagram.`,
      expect.stringContaining('Run `npm run diagrams`'),
    ]);
  });

  test('exercise instructions count too, and a complete folder has no problems', () => {
    const dir = project({
      'exercises/01-x/instructions.md': `\`\`\`mermaid\n${CODE}\n\`\`\`\n`,
      'exercises/README.md': '```mermaid\nflowchart LR\n  accTitle: Not built\n  accDescr: Not built.\n```\n',
      [`content/diagrams/${diagramKey(CODE)}.svg`]: '<svg></svg>',
    });
    expect(drawingProblems(dir)).toEqual([]);
  });
});
