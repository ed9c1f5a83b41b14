/**
 * The drawn diagrams: every ```mermaid fence in the course is drawn once, by `npm run diagrams`
 * (mermaid in Chromium), into content/diagrams/<key>.svg, where the key is a hash of the
 * diagram's source and of the drawing settings. The build and the dev server only read these
 * files, so neither needs a browser; a missing or stale drawing fails them with a message that
 * names the diagram and the command that redraws it. Node only (the build, tests and scripts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDiagramText } from './diagram';
import { drawingSettingsText } from './diagram-settings';

/** The repository root (this file is src/lib/diagram-cache.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the drawings live, relative to the repository root. Committed. */
export const DIAGRAM_FOLDER = 'content/diagrams';

/** The command that draws missing diagrams and removes unused drawings. */
export const REFRESH_COMMAND = 'npm run diagrams';

const REFRESH_HINT = `Run \`${REFRESH_COMMAND}\` (it draws with Chromium: /usr/bin/chromium or CHROME_PATH) and commit ${DIAGRAM_FOLDER}/.`;

/** Raised when a diagram has no up-to-date drawing, or a drawing is unused. */
export class DiagramCacheError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiagramCacheError';
  }
}

/** The source as the key sees it: line endings and trailing spaces do not change a drawing. */
function normalise(code: string): string {
  return code.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim();
}

/** The cache key of a diagram: 16 hex digits of SHA-256 over the drawing settings and the source. */
export function diagramKey(code: string): string {
  return createHash('sha256').update(`${drawingSettingsText()}\n${normalise(code)}`).digest('hex').slice(0, 16);
}

/** The SVG element id a drawing uses (ids must not look like hex colours: see diagram-themes.ts). */
export function diagramId(key: string): string {
  return `dgm-${key}`;
}

export function drawingPath(key: string, root = PROJECT_ROOT): string {
  return join(root, DIAGRAM_FOLDER, `${key}.svg`);
}

/**
 * The drawing of `code`, ready to place in the page. `where` names the diagram in the error
 * (file, line and title), which says what to run when the drawing is missing.
 */
export function readDrawing(code: string, where: string, root = PROJECT_ROOT): string {
  const key = diagramKey(code);
  const path = drawingPath(key, root);
  if (!existsSync(path)) {
    throw new DiagramCacheError(
      `${where} has no drawing: ${DIAGRAM_FOLDER}/${key}.svg does not exist (the diagram is new, or it or the drawing settings changed since it was drawn). ${REFRESH_HINT}`,
    );
  }
  return readFileSync(path, 'utf8');
}

/** One ```mermaid fence in a content file. */
export interface DiagramSource {
  /** Path relative to the repository root. */
  file: string;
  /** Line of the opening fence, from 1. */
  line: number;
  code: string;
  title: string;
  key: string;
}

/**
 * The ```mermaid (or ~~~mermaid) fences of a Markdown or MDX text, with their content as the
 * Markdown parser gives it: the fence's own indentation is taken off each line.
 */
export function extractMermaidFences(text: string): { line: number; code: string }[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fences: { line: number; code: string }[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^([ \t]*)(`{3,}|~{3,})[ \t]*mermaid(?:[ \t].*)?$/.exec(lines[index] ?? '');
    if (!open) continue;
    const indent = (open[1] ?? '').length;
    const marker = open[2] ?? '```';
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end += 1) {
      const line = lines[end] ?? '';
      const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close?.[1] && close[1][0] === marker[0] && close[1].length >= marker.length) break;
      body.push(line.replace(new RegExp(`^[ \\t]{0,${indent}}`), ''));
    }
    fences.push({ line: index + 1, code: body.join('\n') });
    index = end;
  }
  return fences;
}

function filesUnder(folder: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found.sort();
}

/**
 * Every file the site's Markdown pipeline (and so remark-diagrams) reads: the lessons, the
 * stand-alone pages such as the quick reference, and the exercises' instructions.
 */
export function contentFiles(root = PROJECT_ROOT): string[] {
  return [
    ...filesUnder(join(root, 'content'), (path) => /\.mdx?$/.test(path)),
    ...filesUnder(join(root, 'exercises'), (path) => /[/\\]\d\d-[^/\\]+[/\\]instructions\.md$/.test(path)),
  ];
}

/** Every ```mermaid fence of the course, with its title and cache key. */
export function findDiagramSources(root = PROJECT_ROOT): DiagramSource[] {
  return contentFiles(root).flatMap((path) => {
    const file = relative(root, path).split('\\').join('/');
    return extractMermaidFences(readFileSync(path, 'utf8')).map(({ line, code }) => ({
      file,
      line,
      code,
      title: readDiagramText(code, `The mermaid diagram at ${file}:${line}`).title,
      key: diagramKey(code),
    }));
  });
}

/** How a diagram is named in messages. */
export function describeSource(source: Pick<DiagramSource, 'file' | 'line' | 'title'>): string {
  return `The mermaid diagram "${source.title}" at ${source.file}:${source.line}`;
}

/** The keys of the drawings on disk. */
export function drawnKeys(root = PROJECT_ROOT): string[] {
  const folder = join(root, DIAGRAM_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((name) => /^[0-9a-f]{16}\.svg$/.test(name)).map((name) => name.slice(0, -4)).sort();
}

/** Everything wrong with the drawings, one sentence each: diagrams without a drawing, and drawings no diagram uses. */
export function drawingProblems(root = PROJECT_ROOT): string[] {
  const sources = findDiagramSources(root);
  const used = new Set(sources.map((source) => source.key));
  const onDisk = new Set(drawnKeys(root));
  const problems = sources
    .filter((source) => !onDisk.has(source.key))
    .map((source) => `${describeSource(source)} has no drawing (${DIAGRAM_FOLDER}/${source.key}.svg is missing: the diagram is new, or it or the drawing settings changed).`);
  for (const key of onDisk) if (!used.has(key)) problems.push(`${DIAGRAM_FOLDER}/${key}.svg is not used by any diagram.`);
  return problems.length > 0 ? [...problems, REFRESH_HINT] : [];
}
