/**
 * A faithful stand-in for the parts of the WebContainer API the runner uses, backed by real Node:
 * `mount` writes the tree to a temporary folder and `spawn` starts a real process there. The
 * runner's own code is unchanged, so the exact files and command it would send to a WebContainer
 * are executed here by Node. Where the real API is harsher than plain Node, the fake is too; each
 * behaviour names the line of `@webcontainer/api` 1.6.4 it follows (node_modules/@webcontainer/api/dist):
 *
 * - `kill()` cannot end a synchronous endless loop (an open webcontainer-core issue; the .d.ts,
 *   index.d.ts:304, promises only "Kills the process"). Here kill() sends SIGTERM to a process
 *   whose SIGTERM handler is JavaScript, so it runs only once the event loop is free: a hot loop
 *   never ends until `teardown()`.
 * - Output is one terminal stream of stdout and stderr together (index.d.ts:295-300, "all terminal
 *   output, including the stdout and stderr"), with "\r\n" line ends and terminal escapes.
 * - Each chunk is decoded on its own, `decoder.decode(data)` without `{ stream: true }`
 *   (index.js:439), so a character split between chunks arrives as U+FFFD. Chunks here are cut
 *   every few bytes to make that happen.
 * - `exit` (index.d.ts:289) settles when the process ends, before the output still in flight has
 *   been delivered.
 * - `boot` can fail, never settle (StackBlitz's servers unreachable), or refuse a second instance
 *   while one is alive: "Only a single WebContainer instance can be booted" (index.js:224;
 *   index.d.ts:135-140), until `teardown()` (index.d.ts:133).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerApi, ContainerProcess, FileTree } from '../../../src/runners/webcontainer-runner';

export interface NodeContainer extends ContainerApi {
  workdir: string;
  /** Every command the runner spawned, as [command, args, cwd]. */
  spawned: Array<[string, string[], string]>;
  /** How many times `kill()` was called, and `teardown()`. */
  calls: { kill: number; teardown: number };
  /** Whether `teardown()` has run (every later call then rejects, as in the real API). */
  readonly tornDown: boolean;
  teardown(): void;
  /** Removes the temporary folder and ends every process (test clean-up). */
  destroy(): void;
}

/** Bytes per output chunk: small, so multi-byte characters are split between chunks. */
const CHUNK_BYTES = 5;
/** Output is delivered on this beat, so some of it is still in flight when `exit` settles. */
const DELIVERY_MS = 15;

function writeTree(folder: string, tree: FileTree): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    if ('file' in entry) writeFileSync(join(folder, name), entry.file.contents);
    else writeTree(join(folder, name), entry.directory);
  }
}

/** Turns raw process bytes into what a terminal hands the page: "\r\n", escapes, per-chunk decoding. */
function terminalChunks(bytes: Buffer, atLineStart: { value: boolean }): string[] {
  const parts: number[] = [];
  for (const byte of bytes) {
    if (atLineStart.value) {
      // A colour reset at the start of each line, as a pseudoterminal's prompt handling may emit.
      for (const code of Buffer.from('\u001b[0m')) parts.push(code);
      atLineStart.value = false;
    }
    if (byte === 0x0a) {
      parts.push(0x0d, 0x0a);
      atLineStart.value = true;
    } else {
      parts.push(byte);
    }
  }
  const all = Buffer.from(parts);
  const chunks: string[] = [];
  for (let offset = 0; offset < all.length; offset += CHUNK_BYTES) {
    // A fresh decode per chunk, no { stream: true }: what index.js:439 does.
    chunks.push(new TextDecoder().decode(all.subarray(offset, offset + CHUNK_BYTES)));
  }
  return chunks;
}

export function createNodeContainer(): NodeContainer {
  const workdir = mkdtempSync(join(tmpdir(), 'bulkhead-lab-container-'));
  const hook = join(workdir, '.sigterm-in-javascript.cjs');
  // The handler runs only when the event loop is free: a synchronous loop ignores kill().
  writeFileSync(hook, "process.on('SIGTERM', () => process.exit(143));\n");
  const spawned: Array<[string, string[], string]> = [];
  const children = new Set<ChildProcess>();
  const calls = { kill: 0, teardown: 0 };
  let tornDown = false;
  const alive = (): void => {
    if (tornDown) throw new Error('The WebContainer instance was torn down');
  };

  return {
    workdir,
    spawned,
    calls,
    get tornDown() {
      return tornDown;
    },
    async mount(tree, options) {
      alive();
      writeTree(options?.mountPoint ? join(workdir, options.mountPoint) : workdir, tree);
    },
    async spawn(command, args, options): Promise<ContainerProcess> {
      alive();
      spawned.push([command, args, options?.cwd ?? '']);
      const child = spawn(command === 'node' ? process.execPath : command, command === 'node' ? ['-r', hook, ...args] : args, {
        cwd: join(workdir, options?.cwd ?? ''),
        env: {},
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const queue: string[] = [];
      const atLineStart = { value: true };
      let open = 2;
      const output = new ReadableStream<string>({
        start(controller) {
          // Chunks go out on a beat, so what the process printed last is still queued when
          // `exit` settles.
          const beat = setInterval(() => {
            if (queue.length > 0) {
              for (const next of queue.splice(0)) controller.enqueue(next);
            } else if (open === 0) {
              clearInterval(beat);
              controller.close();
            }
          }, DELIVERY_MS);
          for (const stream of [child.stdout, child.stderr]) {
            stream?.on('data', (bytes: Buffer) => queue.push(...terminalChunks(bytes, atLineStart)));
            stream?.on('end', () => {
              open -= 1;
            });
          }
        },
      });
      const exit = new Promise<number>((resolve) =>
        child.on('exit', (code) => {
          children.delete(child);
          resolve(code ?? 1);
        }),
      );
      return {
        output,
        exit,
        kill: () => {
          calls.kill += 1;
          child.kill('SIGTERM');
        },
      };
    },
    fs: {
      rm: async (path, options) => {
        alive();
        await rm(join(workdir, path), { recursive: options?.recursive ?? false, force: options?.force ?? false });
      },
    },
    teardown() {
      calls.teardown += 1;
      tornDown = true;
      for (const child of children) child.kill('SIGKILL');
    },
    destroy() {
      for (const child of children) child.kill('SIGKILL');
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}

/** How a fake `WebContainer.boot` behaves. */
export type FakeBootMode = 'boots' | 'fails' | 'never-settles';

/**
 * A fake `WebContainer.boot`: boots (one instance at a time), fails, or never settles. A second
 * boot while an instance is alive is refused with the real API's message.
 */
export function createFakeBoot(mode: FakeBootMode): { boot: () => Promise<NodeContainer>; booted: NodeContainer[] } {
  const booted: NodeContainer[] = [];
  return {
    booted,
    boot: () => {
      if (mode === 'fails') return Promise.reject(new Error('Unable to create more instances: network error'));
      if (mode === 'never-settles') return new Promise<NodeContainer>(() => undefined);
      if (booted.some((container) => !container.tornDown)) return Promise.reject(new Error('Only a single WebContainer instance can be booted'));
      const container = createNodeContainer();
      booted.push(container);
      return Promise.resolve(container);
    },
  };
}
