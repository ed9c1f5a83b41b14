/**
 * The WebContainer runner: grades a submission with real Node.js running in the browser
 * (StackBlitz's WebContainer). The learner's TypeScript is transpiled here first, because the
 * container's Node does not run TypeScript. The exact files and command are sent through a small
 * container interface (`ContainerApi`), which tests back with real Node to prove the same tree
 * and command produce the same results as the other runners.
 */
import compartmentSource from './compartment.ts?raw';
import bootstrapSource from './container-bootstrap.ts?raw';
import executeSource from './execute.ts?raw';
import moduleLoaderSource from './module-loader.ts?raw';
import protocolSource from './protocol.ts?raw';
// SES as one script; the package's exports do not list its dist files, so it is named by path.
import sesSource from '../../node_modules/ses/dist/ses.umd.min.js?raw';
import { createRunSecret } from './protocol';
import { formatBytes, prepareExercise, RunCollector, RunnerBase, timeoutError, type PreparedExercise, type RunOutcome } from './run-core';
import { formatTranspileError, transpile } from './transpile';
import type { ExerciseBundle, RunError, RunOptions, RunResult, Runner, RunnerEvent } from './types';

/** `MESSAGE_MARKER` of container-bootstrap.ts (not imported: that module reads files at load). */
const MESSAGE_MARKER = '\u001eBLR ';

/** A file tree in WebContainer's shape. */
export interface FileTree {
  [name: string]: { file: { contents: string } } | { directory: FileTree };
}

/** A process started in the container. */
export interface ContainerProcess {
  /** Everything the process prints (stdout and stderr, through a terminal). */
  output: ReadableStream<string>;
  exit: Promise<number>;
  kill(): void;
}

/** The parts of the WebContainer API this runner uses. */
export interface ContainerApi {
  mount(tree: FileTree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; output?: boolean }): Promise<ContainerProcess>;
  fs: { rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void> };
}

/** Settings of the WebContainer runner. */
export interface WebContainerRunnerOptions {
  /** Per-test limit when the run options do not set one, in milliseconds (default 2000). */
  testTimeoutMs?: number;
  /** Output after which the process is stopped, in characters (default 1 MiB). */
  outputLimit?: number;
  /** Output kept for the result, in characters (default 16 KiB). */
  outputKeep?: number;
}

const RUNTIME_SOURCES: Record<string, string> = {
  'container-bootstrap': bootstrapSource,
  compartment: compartmentSource,
  execute: executeSource,
  'module-loader': moduleLoaderSource,
  protocol: protocolSource,
};

/** Grades submissions with Node.js inside a WebContainer. */
export class WebContainerRunner extends RunnerBase<PreparedExercise> implements Runner {
  readonly kind = 'webcontainer' as const;
  private runtimeFiles: FileTree = {};
  private readonly settings: Required<WebContainerRunnerOptions>;

  constructor(
    private readonly container: ContainerApi,
    options: WebContainerRunnerOptions = {},
  ) {
    super();
    this.settings = { testTimeoutMs: options.testTimeoutMs ?? 2000, outputLimit: options.outputLimit ?? 1024 * 1024, outputKeep: options.outputKeep ?? 16 * 1024 };
  }

  async prepare(exercise: ExerciseBundle): Promise<void> {
    this.assertUsable();
    this.prepared = prepareExercise(exercise);
    const runtime: FileTree = {};
    for (const [name, source] of Object.entries(RUNTIME_SOURCES)) {
      const result = transpile(source, `${name}.ts`);
      if (!result.ok) throw new Error(`The runner's own ${name}.ts does not compile: ${formatTranspileError(result.error)}`);
      runtime[`${name}.js`] = { file: { contents: result.code } };
    }
    runtime.node_modules = { directory: { ses: { directory: { 'index.js': { file: { contents: sesSource } } } } } };
    this.runtimeFiles = runtime;
  }

  async run(files: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
    const begun = this.beginRun(files, options);
    if ('done' in begun) return begun.done;
    const { prepared, runId, emit, finish } = begun;
    const { modules, plan } = begun.run;
    const secret = createRunSecret();
    const manifest = { manifest: { plan, modules: Object.fromEntries(modules) }, defaultTestTimeoutMs: options.testTimeoutMs ?? this.settings.testTimeoutMs };
    const folder = `bulkhead-run-${runId}-${secret.slice(0, 8)}`;
    const tree: FileTree = {
      'package.json': { file: { contents: '{ "type": "commonjs" }\n' } },
      'manifest.json': { file: { contents: JSON.stringify(manifest) } },
      'secret.txt': { file: { contents: secret } },
      runtime: { directory: this.runtimeFiles },
    };
    emit({ type: 'status', runId, message: 'Starting Node.js in the WebContainer' });
    try {
      await this.container.mount({ [folder]: { directory: tree } });
      return finish(await this.execute(folder, secret, runId, emit, options.timeoutMs ?? prepared.bundle.timeLimitMs, options.signal));
    } catch (error) {
      return finish({ tests: [], error: { kind: 'internal', message: `The WebContainer could not run the tests: ${error instanceof Error ? error.message : String(error)}` }, output: '', outputTruncated: false });
    } finally {
      await this.container.fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async execute(folder: string, secret: string, runId: number, emit: (event: RunnerEvent) => void, timeoutMs: number, signal: AbortSignal | undefined): Promise<RunOutcome> {
    const collector = new RunCollector(runId, secret, emit);
    const process = await this.container.spawn('node', ['runtime/container-bootstrap.js'], { cwd: folder, output: true });
    const output = { text: '', chars: 0, truncated: false };
    let pending = '';
    const stop = (reason: RunError): void => {
      collector.stop(reason);
      process.kill();
    };
    this.stops.add(stop);
    const timer = setTimeout(() => stop(timeoutError(timeoutMs, collector.runningTest)), timeoutMs);
    const onAbort = (): void => stop({ kind: 'aborted', message: 'The run was cancelled.' });
    signal?.addEventListener('abort', onAbort, { once: true });

    const keep = (text: string): void => {
      output.chars += text.length;
      if (output.text.length < this.settings.outputKeep) {
        output.text += text;
        if (output.text.length > this.settings.outputKeep) {
          output.text = output.text.slice(0, this.settings.outputKeep);
          output.truncated = true;
        }
      } else if (text.length > 0) {
        output.truncated = true;
      }
      if (output.chars > this.settings.outputLimit && !collector.done) {
        stop({ kind: 'output', message: `The submission printed more than ${formatBytes(this.settings.outputLimit)}, so the run was stopped. Remove the logging in loops.` });
      }
    };
    const line = (raw: string): void => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const at = text.indexOf(MESSAGE_MARKER);
      if (at < 0) {
        keep(`${text}\n`);
        return;
      }
      if (at > 0) keep(text.slice(0, at));
      let parsed: unknown;
      try {
        parsed = JSON.parse(text.slice(at + MESSAGE_MARKER.length));
      } catch {
        parsed = null;
      }
      if (collector.accept(parsed) !== undefined || collector.done) process.kill();
    };
    const reading = process.output
      .pipeTo(
        new WritableStream<string>({
          write(chunk) {
            pending += chunk;
            let newline = pending.indexOf('\n');
            while (newline >= 0) {
              line(pending.slice(0, newline));
              pending = pending.slice(newline + 1);
              newline = pending.indexOf('\n');
            }
          },
        }),
      )
      .catch(() => undefined);
    const code = await process.exit;
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 200))]);
    if (pending !== '') line(pending);
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    this.stops.delete(stop);
    return collector.finish({ text: output.text.replace(/^\n+/, ''), truncated: output.truncated }, () =>
      /heap out of memory|Allocation failed/i.test(output.text)
        ? { kind: 'memory', message: 'The submission ran out of memory. Is something growing without bound?' }
        : { kind: 'exit', message: `The process ended (exit code ${code}) before the tests finished. Submissions must not call process.exit() or kill their process.` },
    );
  }
}
