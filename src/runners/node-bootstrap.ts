/**
 * Entry point of the Node runner's child process (transpiled to CommonJS and copied into the
 * run's temporary folder). Order matters: capture the IPC send function and remove it from
 * `process`, wait for the per-run secret, load the harness, pin globals, and only then load the
 * submission. Every message to the parent carries the secret; the submission never sees it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { executeTests, type ExecutionPlan } from './execute';
import { createModuleGraph, type ModuleFactory } from './module-loader';
import { sealMessage, type ExecutorMessage, type StartMessage } from './protocol';
import { findRealmChange, pinGlobals, snapshotRealm } from './realm-guard';

/** The manifest the parent writes next to the modules. */
export interface NodeRunManifest {
  /** The execution plan (virtual module paths). */
  plan: Omit<ExecutionPlan, 'defaultTestTimeoutMs'>;
  /** Virtual module paths; module `p` is stored at `modules/<index>.js`. */
  modules: string[];
  /** Which virtual paths belong to the submission (they may import only each other). */
  learnerModules: string[];
}

type InternalSend = (message: unknown, handle: undefined, options: { swallowErrors: boolean }) => boolean;

const processWithIpc = process as unknown as Record<string, unknown>;
const internalSend = processWithIpc._send as InternalSend | undefined;
// `_send` reads `connected`, `channel` and `_handleQueue` from `this`: give it a private object
// so a submission cannot divert messages by setting `process._handleQueue`.
const sendTarget = Object.assign(Object.create(null) as Record<string, unknown>, {
  connected: true,
  channel: processWithIpc.channel,
  _handleQueue: null,
  emit: () => false,
});
for (const key of ['send', '_send', '_getActiveHandles', '_getActiveRequests']) {
  Reflect.deleteProperty(processWithIpc, key);
}

// The bootstrap sits in <run folder>/runtime; the manifest and modules are one level up.
const root = join(__dirname, '..');

// Blocking writes: a loop that prints forever then stalls on the pipe instead of buffering its
// output in memory, and the parent's output cap sees the bytes as they are printed.
for (const stream of [process.stdout, process.stderr]) {
  (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } })._handle?.setBlocking?.(true);
}

type StreamWrite = (chunk: string, callback: () => void) => boolean;
const stdoutWrite = process.stdout.write.bind(process.stdout) as StreamWrite;
const stderrWrite = process.stderr.write.bind(process.stderr) as StreamWrite;

/** Resolves once everything written before it has been handed to the operating system. */
function flushStream(write: StreamWrite): Promise<void> {
  return new Promise((resolve) => {
    write('', () => resolve());
  });
}

process.once('message', (raw: unknown) => {
  // Node reads `process.channel` while delivering a message, so it can go only now.
  Reflect.deleteProperty(processWithIpc, 'channel');
  const start = raw as Partial<StartMessage> | null;
  if (internalSend === undefined || start?.type !== 'start' || typeof start.secret !== 'string') return;
  const secret = start.secret;
  const defaultTestTimeoutMs = typeof start.defaultTestTimeoutMs === 'number' ? start.defaultTestTimeoutMs : 2000;
  const send = (message: ExecutorMessage): void => {
    if (message.type === 'done') {
      // Hand everything printed so far to the parent first, so its output cap sees all of it.
      void Promise.all([flushStream(stdoutWrite), flushStream(stderrWrite)]).then(() => {
        internalSend.call(sendTarget, sealMessage(message, secret), undefined, { swallowErrors: true });
      });
      return;
    }
    internalSend.call(sendTarget, sealMessage(message, secret), undefined, { swallowErrors: true });
  };
  void run(send, defaultTestTimeoutMs);
});

async function run(send: (message: ExecutorMessage) => void, defaultTestTimeoutMs: number): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as NodeRunManifest;
  const modules: Record<string, string> = {};
  manifest.modules.forEach((path, index) => {
    modules[path] = readFileSync(join(root, 'modules', `${index}.js`), 'utf8');
  });
  const learner = new Set(manifest.learnerModules);
  const graph = createModuleGraph({
    modules,
    compile: (code, path) =>
      compileFunction(code, ['exports', 'require', 'module'], { filename: path }) as unknown as ModuleFactory,
    checkImport: (from, to) =>
      learner.has(from) && !learner.has(to)
        ? `Your code can import only your own files, not "${to}".`
        : undefined,
  });
  try {
    await executeTests(
      {
        graph,
        send,
        harden: (runtime) => {
          process.on('uncaughtException', (error) => runtime.reportUncaught(error));
          process.on('unhandledRejection', () => undefined);
          pinGlobals(globalThis);
          const snapshot = snapshotRealm(globalThis);
          return () => findRealmChange(globalThis, snapshot);
        },
      },
      { ...manifest.plan, defaultTestTimeoutMs },
    );
  } catch (error) {
    send({ type: 'load-error', message: `The runner failed: ${error instanceof Error ? error.message : String(error)}` });
    send({ type: 'done' });
  }
}
