/** A fenced TypeScript block found in a lesson, with where it starts (1-based line of the fence). */
export interface CodeBlock {
  file: string;
  line: number;
  lang: string;
  meta: string;
  code: string;
}

const TS_LANGS = new Set(['ts', 'typescript', 'tsx']);

/** Finds ``` fences in MDX source; the caller decides which languages to check. */
export function extractCodeBlocks(file: string, source: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^(\s*)(`{3,}|~{3,})(\S*)\s*(.*)$/.exec(lines[index] ?? '');
    if (!open) continue;
    const fence = open[2] ?? '```';
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) {
      body.push(lines[end] ?? '');
      end += 1;
    }
    blocks.push({ file, line: index + 1, lang: open[3] ?? '', meta: open[4] ?? '', code: body.join('\n') });
    index = end;
  }
  return blocks;
}

/** A TypeScript block is type-checked unless marked `fragment="why it cannot compile alone"`. */
export function isCheckedTypeScript(block: CodeBlock): boolean {
  return TS_LANGS.has(block.lang) && !/\bfragment=/.test(block.meta);
}

/** The reason given on a fragment, or undefined if it is not one (an empty reason is an error). */
export function fragmentReason(block: CodeBlock): string | undefined {
  const match = /\bfragment=(?:"([^"]*)"|'([^']*)')/.exec(block.meta);
  if (!match) return undefined;
  return (match[1] ?? match[2] ?? '').trim();
}
