/**
 * Entry point of the Node runner's child process (transpiled to CommonJS and copied, with SES, into
 * the process's temporary folder). Order matters: load SES, capture the IPC send function, the
 * output streams and the resource counter, lock the realm down (every intrinsic frozen), and only
 * then accept runs. Learner code runs in a compartment that holds none of `process`, `require`,
 * the IPC channel or the streams; every message to the parent also carries the secret of the run
 * it belongs to, which only this file and the parent know.
 *
 * One process may do several runs in turn (the runs of one learner's submission), each with a
 * fresh module graph (harness, submission, tests) and a fresh compartment. All the secrets arrive
 * in the first message; modules arrive with each run's message and are never written to disk, so
 * no file the process can read holds a test. After each run the child says whether it left
 * anything running (handles, timers); the parent reuses it only when it did not and the run ended
 * cleanly.
 */
import 'ses';
import { compileFunction } from 'node:vm';
import { lockdownRealm } from './compartment';
import { executeTests, type ExecutionPlan } from './execute';
import type { ModuleFactory } from './module-loader';
import { runEndMarker, sealMessage, type ExecutorMessage } from './protocol';

/** One run's code and plan, sent by the parent with the run. */
export interface NodeRunManifest {
  /** The execution plan (virtual module paths). */
  plan: Omit<ExecutionPlan, 'defaultTestTimeoutMs'>;
  /** Virtual path → CommonJS code: harness, tests and the submission. */
  modules: Record<string, string>;
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
  /** The run's modules and plan. */
  manifest: NodeRunManifest;
  /** Wall-clock limit per test in milliseconds unless a test sets its own. */
  defaultTestTimeoutMs: number;
}

type InternalSend = (message: unknown, handle: undefined, options: { swallowErrors: boolean }) => boolean;

const processWithIpc = process as unknown as Record<string, unknown>;
const internalSend = processWithIpc._send as InternalSend | undefined;
// `_send` reads `connected`, `channel` and `_handleQueue` from `this`: a private object of its own.
const sendTarget = Object.assign(Object.create(null) as Record<string, unknown>, {
  connected: true,
  channel: processWithIpc.channel,
  _handleQueue: null,
  emit: () => false,
});
// Which handles and timers are alive, to tell the parent whether the process is clean.
const activeResources = process.getActiveResourcesInfo.bind(process);

// Blocking writes: a loop that prints forever then stalls on the pipe instead of buffering its
// output in memory, and the parent's output cap sees the bytes as they are printed.
for (const stream of [process.stdout, process.stderr]) {
  (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } })._handle?.setBlocking?.(true);
}

type StreamWrite = (chunk: string, callback?: () => void) => boolean;
const stdoutWrite = process.stdout.write.bind(process.stdout) as StreamWrite;
const stderrWrite = process.stderr.write.bind(process.stderr) as StreamWrite;

lockdownRealm();

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
let reportUncaught: ((error: unknown) => void) | undefined;

process.on('uncaughtException', (error) => reportUncaught?.(error));
process.on('unhandledRejection', () => undefined);

process.on('message', (raw: unknown) => {
  const message = raw as { type?: unknown; secrets?: unknown; index?: unknown; manifest?: NodeRunManifest; defaultTestTimeoutMs?: unknown } | null;
  if (internalSend === undefined || message === null || typeof message !== 'object') return;
  if (secrets === undefined) {
    if (message.type !== 'open' || !Array.isArray(message.secrets) || !message.secrets.every((secret) => typeof secret === 'string')) return;
    secrets = Object.freeze([...(message.secrets as string[])]);
    baseline = countResources();
    return;
  }
  const manifest = message.manifest;
  if (message.type !== 'run' || busy || message.index !== nextIndex || manifest === undefined || typeof manifest !== 'object') return;
  const secret = secrets[message.index as number];
  if (secret === undefined) return;
  busy = true;
  nextIndex += 1;
  const defaultTestTimeoutMs = typeof message.defaultTestTimeoutMs === 'number' ? message.defaultTestTimeoutMs : 2000;
  const send = (outgoing: ExecutorMessage): void => {
    internalSend.call(sendTarget, sealMessage(outgoing, secret), undefined, { swallowErrors: true });
  };
  void runOnce(manifest, send, defaultTestTimeoutMs).then(async () => {
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

async function runOnce(manifest: NodeRunManifest, send: (message: ExecutorMessage) => void, defaultTestTimeoutMs: number): Promise<void> {
  try {
    await executeTests(
      {
        modules: manifest.modules,
        compile: (code, path) => compileFunction(code, ['exports', 'require', 'module'], { filename: path }) as unknown as ModuleFactory,
        send: (message) => {
          if (message.type !== 'done') send(message);
        },
        print: (text) => {
          stdoutWrite(`${text}\n`);
        },
        onUncaught: (report) => {
          reportUncaught = report;
        },
      },
      { ...manifest.plan, defaultTestTimeoutMs },
    );
  } catch (error) {
    send({ type: 'load-error', message: `The runner failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
