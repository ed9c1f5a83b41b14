/**
 * Entry point of the Node runner's child process (transpiled to CommonJS and copied into the
 * process's temporary folder). Order matters: capture the IPC send function and remove it from
 * `process`, wait for the `open` message with the secrets, load the harness, pin globals, and only
 * then load submission code. Every message to the parent carries the secret of the run it belongs
 * to; the submission never sees one. (`process.channel` stays: Node delivers the later `run`
 * messages only while it is there, and those carry no secret. Without a secret, nothing a
 * submission writes to the channel is accepted.)
 *
 * One process may do several runs in turn (the runs of one learner's submission), each with a
 * fresh module graph (harness, submission, tests). All the secrets arrive in the first message,
 * before any submission code loads, so code from one run cannot learn the secret of the next from
 * a later message. After each run the child says whether it left anything running (timers,
 * handles); the parent reuses it only when it did not and the run ended cleanly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { executeTests, type ExecutionPlan } from './execute';
import { createModuleGraph, type ModuleFactory } from './module-loader';
import { RUN_FOLDER_PATTERN, runEndMarker, sealMessage, type ExecutorMessage } from './protocol';
import { findRealmChange, pinGlobals, snapshotRealm, type RealmSnapshot } from './realm-guard';

/** The manifest the parent writes into each run's folder, next to its modules. */
export interface NodeRunManifest {
  /** The execution plan (virtual module paths). */
  plan: Omit<ExecutionPlan, 'defaultTestTimeoutMs'>;
  /** Virtual module paths; module `p` is stored at `modules/<index>.js`. */
  modules: string[];
  /** Which virtual paths belong to the submission (they may import only each other). */
  learnerModules: string[];
}

/** Parent → child, first and once, before any submission code loads. */
export interface NodeOpenMessage {
  type: 'open';
  /** The secret of each run this process may do, in order: run `index` must use `secrets[index]`. */
  secrets: string[];
}

/** Parent → child: do the next run. */
export interface NodeRunMessage {
  type: 'run';
  /** Which run this is (0, 1, …); runs come in order and each index is used once. */
  index: number;
  /** The run's folder, a direct child of the process's folder: `run-<n>`. */
  folder: string;
  /** Wall-clock limit per test in milliseconds unless a test sets its own. */
  defaultTestTimeoutMs: number;
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
// Captured before any submission code runs: which handles and timers are alive.
const activeResources = process.getActiveResourcesInfo.bind(process);

// The bootstrap sits in <process folder>/runtime; the run folders are one level up.
const root = join(__dirname, '..');

// Blocking writes: a loop that prints forever then stalls on the pipe instead of buffering its
// output in memory, and the parent's output cap sees the bytes as they are printed.
for (const stream of [process.stdout, process.stderr]) {
  (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } })._handle?.setBlocking?.(true);
}

type StreamWrite = (chunk: string, callback: () => void) => boolean;
const stdoutWrite = process.stdout.write.bind(process.stdout) as StreamWrite;
const stderrWrite = process.stderr.write.bind(process.stderr) as StreamWrite;

/** Resolves once everything written before it (and `text`) has been handed to the operating system. */
function flushStream(write: StreamWrite, text = ''): Promise<void> {
  return new Promise((resolve) => {
    write(text, () => resolve());
  });
}

let secrets: readonly string[] | undefined;
let nextIndex = 0;
let busy = false;
let baseline: Map<string, number> | undefined;
let realm: RealmSnapshot | undefined;
let reportUncaught: ((error: unknown) => void) | undefined;

process.on('message', (raw: unknown) => {
  const message = raw as { type?: unknown; secrets?: unknown; index?: unknown; folder?: unknown; defaultTestTimeoutMs?: unknown } | null;
  if (internalSend === undefined || message === null || typeof message !== 'object') return;
  if (secrets === undefined) {
    if (message.type !== 'open' || !Array.isArray(message.secrets) || !message.secrets.every((secret) => typeof secret === 'string')) return;
    secrets = Object.freeze([...(message.secrets as string[])]);
    baseline = countResources();
    return;
  }
  if (message.type !== 'run' || busy || message.index !== nextIndex || typeof message.folder !== 'string' || !RUN_FOLDER_PATTERN.test(message.folder)) return;
  const secret = secrets[message.index as number];
  if (secret === undefined) return;
  busy = true;
  nextIndex += 1;
  const defaultTestTimeoutMs = typeof message.defaultTestTimeoutMs === 'number' ? message.defaultTestTimeoutMs : 2000;
  const send = (outgoing: ExecutorMessage): void => {
    internalSend.call(sendTarget, sealMessage(outgoing, secret), undefined, { swallowErrors: true });
  };
  void runOnce(join(root, message.folder), send, defaultTestTimeoutMs).then(async () => {
    // Hand everything printed so far to the parent, then the end marker, then say done: the
    // parent's output cap sees all of it and knows which run printed what.
    const marker = runEndMarker(secret);
    await Promise.all([flushStream(stdoutWrite, marker), flushStream(stderrWrite, marker)]);
    const idle = sameResources(baseline, countResources());
    busy = false;
    send(idle ? { type: 'done', idle: true } : { type: 'done' });
  });
});

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of activeResources()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function sameResources(before: Map<string, number> | undefined, after: Map<string, number>): boolean {
  if (before === undefined || before.size !== after.size) return false;
  for (const [name, count] of after) if (before.get(name) !== count) return false;
  return true;
}

async function runOnce(folder: string, send: (message: ExecutorMessage) => void, defaultTestTimeoutMs: number): Promise<void> {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as NodeRunManifest;
    const modules: Record<string, string> = {};
    manifest.modules.forEach((path, index) => {
      modules[path] = readFileSync(join(folder, 'modules', `${index}.js`), 'utf8');
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
    await executeTests(
      {
        graph,
        send: (message) => {
          if (message.type !== 'done') send(message);
        },
        harden: (runtime) => {
          reportUncaught = (error) => runtime.reportUncaught(error);
          if (realm === undefined) {
            process.on('uncaughtException', (error) => reportUncaught?.(error));
            process.on('unhandledRejection', () => undefined);
            pinGlobals(globalThis);
            // One snapshot for the life of the process, taken before any submission code ran:
            // a built-in patched by an earlier run is caught in every later one too.
            realm = snapshotRealm(globalThis);
          }
          const snapshot = realm;
          return () => findRealmChange(globalThis, snapshot);
        },
      },
      { ...manifest.plan, defaultTestTimeoutMs },
    );
  } catch (error) {
    send({ type: 'load-error', message: `The runner failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
