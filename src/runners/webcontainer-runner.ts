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
import type { ExerciseBundle, RunError, RunOptions, RunResult, Runner } from './types';

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
  /** Destroys the container (WebContainer's `teardown`); after it nothing of it can be used. */
  teardown?(): void;
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
  private broken = false;

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

  /**
   * False once a process could not be stopped (a WebContainer's `kill()` cannot end a synchronous
   * endless loop): the container was torn down, and the page should hand over to another runner.
   */
  get healthy(): boolean {
    return !this.broken;
  }

  async run(files: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
    const begun = this.beginRun(files, options);
    if ('done' in begun) return begun.done;
    const { prepared, runId, emit, finish } = begun;
    if (this.broken) {
      return finish({ tests: [], output: '', outputTruncated: false, error: { kind: 'internal', message: 'The in-browser Node.js was shut down after a run it could not stop. Reload the page to run the tests again.' } });
    }
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
    const collector = new RunCollector(runId, secret, emit);
    // One deadline for mounting, spawning and running: each goes through a message channel to
    // StackBlitz's frame and may never answer.
    const timeoutMs = options.timeoutMs ?? prepared.bundle.timeLimitMs;
    let settleStop: (reason: RunError) => void = () => undefined;
    const stopped = new Promise<RunError>((resolve) => {
      settleStop = resolve;
    });
    const stop = (reason: RunError): void => {
      collector.stop(reason);
      settleStop(reason);
    };
    const timer = setTimeout(() => stop(timeoutError(timeoutMs, collector.runningTest)), timeoutMs);
    const onAbort = (): void => stop({ kind: 'aborted', message: 'The run was cancelled.' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.stops.add(stop);
    try {
      const started = await raceStop(
        (async () => {
          await this.container.mount({ [folder]: { directory: tree } });
          return this.container.spawn('node', ['runtime/container-bootstrap.js'], { cwd: folder, output: true });
        })(),
        stopped,
      );
      if (started.stopped) return finish(collector.finish({ text: '', truncated: false }, () => started.reason));
      return finish(await this.execute(started.value, collector, stopped));
    } catch (error) {
      return finish({ tests: [], error: { kind: 'internal', message: `The WebContainer could not run the tests: ${error instanceof Error ? error.message : String(error)}` }, output: '', outputTruncated: false });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      this.stops.delete(stop);
      if (!this.broken) await this.container.fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async execute(process: ContainerProcess, collector: RunCollector, stopped: Promise<RunError>): Promise<RunOutcome> {
    const output = { text: '', chars: 0, truncated: false };
    const lines = new LineReader((text) => this.handleLine(text, collector, output, () => process.kill()));
    const reading = process.output.pipeTo(new WritableStream<string>({ write: (chunk) => lines.push(chunk) })).catch(() => undefined);
    const ended = await raceStop(process.exit, stopped);
    let code: number | undefined;
    if (ended.stopped) {
      process.kill();
      // kill() cannot end a synchronous endless loop in a WebContainer: wait a moment, then give
      // the container up rather than wait forever.
      const exited = await Promise.race([process.exit.then(() => true, () => true), delay(KILL_GRACE_MS).then(() => false)]);
      if (!exited) {
        this.broken = true;
        try {
          this.container.teardown?.();
        } catch {
          // Already unusable.
        }
        const reason = collector.error ?? ended.reason;
        collector.error = { ...reason, message: `${reason.message} The in-browser Node.js could not stop it, so it was shut down; the page switches to the worker runner.` };
      }
    } else {
      code = ended.value;
    }
    // `exit` can settle before the output has drained: give the stream a moment to finish.
    await Promise.race([reading, delay(DRAIN_GRACE_MS)]);
    lines.flush();
    return collector.finish({ text: output.text.replace(/^\n+/, ''), truncated: output.truncated }, () =>
      /heap out of memory|Allocation failed/i.test(output.text)
        ? { kind: 'memory', message: 'The submission ran out of memory. Is something growing without bound?' }
        : { kind: 'exit', message: `The process ended (exit code ${String(code)}) before the tests finished. Submissions must not end their process.` },
    );
  }

  /** One line of terminal output: a protocol message (after any terminal escapes), or the submission's output. */
  private handleLine(raw: string, collector: RunCollector, output: { text: string; chars: number; truncated: boolean }, kill: () => void): void {
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
        collector.stop({ kind: 'output', message: `The submission printed more than ${formatBytes(this.settings.outputLimit)}, so the run was stopped. Remove the logging in loops.` });
        kill();
      }
    };
    const text = raw.replace(/\r+$/, '');
    const at = text.indexOf(MESSAGE_MARKER);
    if (at < 0) {
      keep(`${stripTerminalEscapes(text)}\n`);
      return;
    }
    if (at > 0) keep(stripTerminalEscapes(text.slice(0, at)));
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripTerminalEscapes(text.slice(at + MESSAGE_MARKER.length)).trim());
    } catch {
      parsed = null;
    }
    if (collector.accept(parsed) !== undefined || collector.done) kill();
  }
}

/** How long a killed process may take to exit before the container is given up. */
const KILL_GRACE_MS = 1000;
/** How long to wait for output still in flight after the process exited. */
const DRAIN_GRACE_MS = 1000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles with `work`'s value, or with the stop reason if the run is stopped first. */
function raceStop<T>(work: Promise<T>, stopped: Promise<RunError>): Promise<{ stopped: false; value: T } | { stopped: true; reason: RunError }> {
  return Promise.race([work.then((value) => ({ stopped: false as const, value })), stopped.then((reason) => ({ stopped: true as const, reason }))]);
}

/** Removes terminal escape sequences (colours, cursor moves) a pseudoterminal may add around a line. */
export function stripTerminalEscapes(text: string): string {
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g, '');
}

/** Splits a stream of text chunks into lines ending in "\n" (a terminal sends "\r\n"). */
class LineReader {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    this.pending += chunk;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      this.onLine(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
  }

  flush(): void {
    if (this.pending === '') return;
    const rest = this.pending;
    this.pending = '';
    this.onLine(rest);
  }
}
