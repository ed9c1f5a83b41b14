/**
 * A tiny CommonJS module graph over in-memory sources (already transpiled), with an import
 * policy. Runners use it instead of the platform's loader so that a submission can import only
 * its own files: not the harness, not `fs`, not the runner. No Node or DOM APIs here; the
 * platform supplies `compile` (Node: `vm.compileFunction`, a worker: `new Function`).
 */

/** The function a module body becomes: CommonJS's wrapper arguments. */
export type ModuleFactory = (exports: Record<string, unknown>, require: (specifier: string) => unknown, module: { exports: unknown }) => void;

/** Turns module code into a factory; `path` names the module in stack traces. */
export type CompileModule = (code: string, path: string) => ModuleFactory;

/** Options for `createModuleGraph`. */
export interface ModuleGraphOptions {
  /** Virtual POSIX path (e.g. "exercise/start/bulkhead.ts") → CommonJS code. */
  modules: Record<string, string>;
  /** Compiles one module body. */
  compile: CompileModule;
  /**
   * Decides whether module `from` may import `to` (both resolved paths). Return undefined to allow
   * or a sentence to refuse with. Default: allow everything inside the graph.
   */
  checkImport?: (from: string, to: string) => string | undefined;
}

/** Loads modules of the graph by path. */
export interface ModuleGraph {
  /** Loads (once) and returns the exports of the module at `path`. Throws what the module throws. */
  require(path: string): unknown;
}

/** An import the graph refuses: a bare package name, a missing file or a forbidden path. */
export class ModuleImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleImportError';
  }
}

type ModuleRecord =
  | { state: 'loading' | 'loaded'; module: { exports: unknown } }
  | { state: 'failed'; error: unknown };

const EXTENSIONS = ['', '.ts', '.js', '/index.ts', '/index.js'];

/** Creates a module graph. Nothing runs until `require` is called. */
export function createModuleGraph(options: ModuleGraphOptions): ModuleGraph {
  const records = new Map<string, ModuleRecord>();
  const sources = new Map(Object.entries(options.modules));

  const load = (path: string): unknown => {
    const existing = records.get(path);
    if (existing !== undefined) {
      if (existing.state === 'failed') throw existing.error;
      return existing.module.exports;
    }
    const code = sources.get(path);
    if (code === undefined) throw new ModuleImportError(`No module at "${path}"`);
    const module: { exports: unknown } = { exports: {} };
    records.set(path, { state: 'loading', module });
    try {
      const factory = options.compile(code, path);
      const localRequire = (specifier: string): unknown => {
        const target = resolve(path, specifier);
        const refusal = options.checkImport?.(path, target);
        if (refusal !== undefined) throw new ModuleImportError(refusal);
        return load(target);
      };
      factory(module.exports as Record<string, unknown>, localRequire, module);
    } catch (error) {
      records.set(path, { state: 'failed', error });
      throw error;
    }
    records.set(path, { state: 'loaded', module });
    return module.exports;
  };

  const resolve = (from: string, specifier: string): string => {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
      throw new ModuleImportError(
        `"${specifier}" cannot be imported here: an exercise file can import only other files of the exercise (with a relative path like "./helpers").`,
      );
    }
    const base = joinPath(dirname(from), specifier);
    for (const extension of EXTENSIONS) {
      if (sources.has(base + extension)) return base + extension;
    }
    throw new ModuleImportError(`"${specifier}" (imported by ${from}) is not a file of this exercise.`);
  };

  return { require: load };
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * Joins a directory and a relative specifier, resolving "." and ".." segments.
 * Climbing above the graph's root is refused.
 */
export function joinPath(directory: string, specifier: string): string {
  const parts = directory === '' ? [] : directory.split('/');
  for (const segment of specifier.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) throw new ModuleImportError(`"${specifier}" points outside the exercise.`);
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}
