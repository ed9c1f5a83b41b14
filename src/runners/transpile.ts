/**
 * TypeScript → JavaScript for every runner, with sucrase: type annotations are stripped and ES
 * imports become CommonJS `require` calls, which a tiny module loader can run anywhere (Node,
 * a Web Worker, a WebContainer). Types are not checked here: a type error does not stop a run.
 */
import { transform } from 'sucrase';

/** A syntax error in a source file, located for people. */
export interface TranspileError {
  /** The file name as given to `transpile`. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** What is wrong, without a stack trace, e.g. `Unexpected token, expected ";"`. */
  message: string;
}

/** The outcome of `transpile`. */
export type TranspileResult = { ok: true; code: string } | { ok: false; error: TranspileError };

/**
 * Transpiles one TypeScript module to CommonJS JavaScript.
 * @param source - the TypeScript source text.
 * @param file - the file name to report in errors, e.g. "bulkhead.ts".
 */
export function transpile(source: string, file: string): TranspileResult {
  try {
    const { code } = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: file,
      disableESTransforms: true,
      production: true,
    });
    return { ok: true, code };
  } catch (error) {
    return { ok: false, error: toTranspileError(error, file) };
  }
}

function toTranspileError(error: unknown, file: string): TranspileError {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw
    .replace(/^Error transforming [^:]*:\s*/, '')
    .replace(/\s*\(\d+:\d+\)\s*$/, '')
    .trim();
  const result: TranspileError = { file, message: message === '' ? 'Syntax error' : message };
  const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
  if (typeof loc?.line === 'number') result.line = loc.line;
  if (typeof loc?.column === 'number') result.column = Math.max(1, loc.column);
  return result;
}

/**
 * One line for people: `bulkhead.ts:3:10: Unexpected token`.
 * @param error - a transpile error.
 */
export function formatTranspileError(error: TranspileError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}${error.column === undefined ? '' : `:${error.column}`}`;
  return `${where}: ${error.message}`;
}
