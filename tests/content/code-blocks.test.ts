import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { extractCodeBlocks, fragmentReason, isCheckedTypeScript, type CodeBlock } from '../../src/lib/code-blocks';

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? mdxFiles(full) : entry.name.endsWith('.mdx') ? [full] : [];
  });
}

const blocks: CodeBlock[] = mdxFiles('content').flatMap((file) => extractCodeBlocks(file, readFileSync(file, 'utf8')));
const typescriptBlocks = blocks.filter((block) => ['ts', 'typescript', 'tsx'].includes(block.lang));

/** Type-checks each block as its own module under the project's strictest settings. */
function typeCheck(checked: CodeBlock[]): string[] {
  const dir = resolve('.tmp/code-blocks');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const origin = new Map<string, CodeBlock>();
  const files = checked.map((block, index) => {
    const name = join(dir, `block-${index}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`);
    // Each block is a module of its own, so top-level names in two blocks never clash.
    writeFileSync(name, `${block.code}\nexport {};\n`);
    origin.set(name, block);
    return name;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitOverride: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    typeRoots: [resolve('node_modules/@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const block = diagnostic.file ? origin.get(resolve(diagnostic.file.fileName)) : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!block || !diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${relative('.', block.file)}:${block.line + 1 + line}: ${message}`;
  });
}

describe('TypeScript code blocks in lessons', () => {
  test('the lessons contain TypeScript blocks to check', () => {
    expect(typescriptBlocks.length).toBeGreaterThan(0);
  });

  test('every TypeScript block type-checks under strict settings', () => {
    expect(typeCheck(typescriptBlocks.filter(isCheckedTypeScript))).toEqual([]);
  });

  test('every block skipped as a fragment says why', () => {
    const unexplained = typescriptBlocks
      .filter((block) => fragmentReason(block) === '')
      .map((block) => `${block.file}:${block.line}`);
    expect(unexplained).toEqual([]);
  });

  test('a block with a type error is caught (the check can fail)', () => {
    const broken: CodeBlock = { file: 'content/example.mdx', line: 10, lang: 'ts', meta: '', code: 'const limit: number = "ten";' };
    expect(typeCheck([broken]).join('\n')).toMatch(/content\/example\.mdx:11: Type 'string' is not assignable to type 'number'/);
  });

  test('lessons use TypeScript for code, not Python or Java', () => {
    const other = blocks.filter((block) => ['py', 'python', 'java'].includes(block.lang) && !/\bcomparison\b/.test(block.meta));
    expect(other.map((block) => `${block.file}:${block.line} (${block.lang})`)).toEqual([]);
  });
});
