/**
 * Splits a lesson's MDX source into what a reader meets on the page: prose (Markdown, with its
 * emphasis and links kept), fenced code, quiz questions, the components used, and the reference
 * list. Reading times (`reading-time.ts`) and the content tests (jargon order, figures) build on it.
 *
 * It reads the MDX the course writes, not any MDX: components start a line (`<Callout …>`,
 * `</Callout>`, `<Quiz … />`), fences are ``` or ~~~, and a quiz's questions are an array literal
 * whose `prompt`, `text` and `explanation` keys hold string literals.
 */

/** One piece of visible text, in page order. */
export interface TextBlock {
  /**
   * `prose`: Markdown outside components or inside a wrapper such as <Callout> or <KeyTakeaways>;
   * `caption`: a component's visible attribute (`title`, `caption`, `label`);
   * `quiz`: one quiz question with its options and their explanations;
   * `references`: the text inside <References>.
   */
  kind: 'prose' | 'caption' | 'quiz' | 'references';
  text: string;
}

/** A fenced block: its language (`ts`, `mermaid`, `text`…) and how many non-blank lines it has. */
export interface Fence {
  lang: string;
  lines: number;
  code: string;
}

export interface LessonText {
  blocks: TextBlock[];
  fences: Fence[];
  /** Every component used, by name, in page order (opening tags only). */
  components: string[];
}

/** Attributes whose values a reader sees as text. */
const VISIBLE_ATTRIBUTES = new Set(['title', 'caption', 'label']);

/** Removes a leading `---` frontmatter block, if any. */
export function stripFrontmatter(source: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(source);
  return match ? source.slice(match[0].length) : source;
}

/** The index just past the JSX tag that starts at `start` (a `<`), skipping strings and `{…}`. */
function tagEnd(source: string, start: number, where: string): number {
  let depth = 0;
  let quote = '';
  for (let index = start + 1; index < source.length; index += 1) {
    const char = source[index];
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth += 1;
    else if (char === '}') depth -= 1;
    else if (char === '>' && depth === 0) return index + 1;
  }
  throw new Error(`${where}: the tag at character ${start} is never closed.`);
}

/** Reads a JavaScript string literal starting at `start` (its quote) and returns its value. */
function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  for (let index = start + 1; index < source.length; index += 1) {
    const char = source[index] ?? '';
    if (char === '\\') {
      const next = source[index + 1] ?? '';
      value += next === 'n' ? '\n' : next;
      index += 1;
    } else if (char === quote) return { value, end: index + 1 };
    else value += char;
  }
  return { value, end: source.length };
}

/** Visible attribute values (`caption="…"`, `title='…'`) of one opening tag. */
function visibleAttributes(tag: string): string[] {
  const values: string[] = [];
  for (const match of tag.matchAll(/\s([a-zA-Z]+)=(?=["'])/g)) {
    if (!VISIBLE_ATTRIBUTES.has(match[1] ?? '')) continue;
    values.push(readString(tag, (match.index ?? 0) + match[0].length).value);
  }
  return values;
}

/**
 * The text of each question in a `<Quiz questions={[…]}>` tag: prompt, then every option and its
 * explanation (the quiz shows all explanations once a question is checked).
 */
export function quizQuestionTexts(tag: string): string[] {
  const questions: string[][] = [];
  for (const match of tag.matchAll(/\b(prompt|text|explanation)\s*:\s*(?=["'`])/g)) {
    const { value } = readString(tag, (match.index ?? 0) + match[0].length);
    if (match[1] === 'prompt') questions.push([value]);
    else questions.at(-1)?.push(value);
  }
  return questions.map((parts) => parts.join('\n'));
}

/**
 * Splits MDX source (frontmatter allowed) into text blocks, fences and components.
 * `where` names the file in error messages.
 */
export function lessonText(source: string, where = 'lesson'): LessonText {
  const body = stripFrontmatter(source).replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  const blocks: TextBlock[] = [];
  const fences: Fence[] = [];
  const components: string[] = [];
  const open: string[] = [];
  let prose: string[] = [];

  const flush = (): void => {
    const text = prose.join('\n').trim();
    if (text) blocks.push({ kind: open.includes('References') ? 'references' : 'prose', text });
    prose = [];
  };

  const lines = body.split('\n');
  let offset = 0;
  const lineStarts = lines.map((line) => {
    const start = offset;
    offset += line.length + 1;
    return start;
  });

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    const fence = /^(`{3,}|~{3,})(\S*)/.exec(trimmed);
    if (fence) {
      flush();
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      let end = index + 1;
      while (end < lines.length && !(lines[end] ?? '').trim().startsWith(marker)) {
        code.push(lines[end] ?? '');
        end += 1;
      }
      fences.push({ lang: fence[2] ?? '', lines: code.filter((text) => text.trim() !== '').length, code: code.join('\n') });
      index = end;
      continue;
    }
    const closing = /^<\/([A-Z][A-Za-z0-9]*)\s*>/.exec(trimmed);
    if (closing) {
      flush();
      const name = closing[1] ?? '';
      const at = open.lastIndexOf(name);
      if (at >= 0) open.splice(at);
      const rest = trimmed.slice(closing[0].length).trim();
      if (rest) prose.push(rest);
      continue;
    }
    if (/^<[A-Z]/.test(trimmed)) {
      flush();
      const start = (lineStarts[index] ?? 0) + line.indexOf('<');
      const end = tagEnd(body, start, where);
      const tag = body.slice(start, end);
      const name = /^<([A-Za-z0-9]+)/.exec(tag)?.[1] ?? '';
      components.push(name);
      for (const text of visibleAttributes(tag)) blocks.push({ kind: 'caption', text });
      if (name === 'Quiz') for (const text of quizQuestionTexts(tag)) blocks.push({ kind: 'quiz', text });
      const selfClosing = tag.endsWith('/>');
      if (!selfClosing) open.push(name);
      // Continue on the line where the tag ends; text after it on that line is content.
      let endLine = index;
      while (endLine + 1 < lines.length && (lineStarts[endLine + 1] ?? Infinity) <= end - 1) endLine += 1;
      const after = body.slice(end, (lineStarts[endLine] ?? 0) + (lines[endLine] ?? '').length).trim();
      if (after) {
        const close = new RegExp(`</${name}\\s*>\\s*$`).exec(after);
        prose.push(close ? after.slice(0, close.index) : after);
        if (close) {
          flush();
          open.pop();
        }
      }
      index = endLine;
      continue;
    }
    prose.push(line);
  }
  flush();
  return { blocks, fences, components };
}
