/**
 * A stand-in for the parts of the WebContainer API the runner uses, backed by real Node: `mount`
 * writes the tree to a temporary folder, `spawn` starts a real process there and streams its
 * output. The runner's own code is unchanged, so the exact files and command it would send to a
 * WebContainer are executed here by Node.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerApi, ContainerProcess, FileTree } from '../../../src/runners/webcontainer-runner';

export interface NodeContainer extends ContainerApi {
  workdir: string;
  /** Every command the runner spawned, as [command, args, cwd]. */
  spawned: Array<[string, string[], string]>;
  destroy(): void;
}

function writeTree(folder: string, tree: FileTree): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, entry] of Object.entries(tree)) {
    if ('file' in entry) writeFileSync(join(folder, name), entry.file.contents);
    else writeTree(join(folder, name), entry.directory);
  }
}

export function createNodeContainer(): NodeContainer {
  const workdir = mkdtempSync(join(tmpdir(), 'bulkhead-lab-container-'));
  const spawned: Array<[string, string[], string]> = [];
  return {
    workdir,
    spawned,
    async mount(tree, options) {
      writeTree(options?.mountPoint ? join(workdir, options.mountPoint) : workdir, tree);
    },
    async spawn(command, args, options): Promise<ContainerProcess> {
      spawned.push([command, args, options?.cwd ?? '']);
      const child = spawn(command === 'node' ? process.execPath : command, args, { cwd: join(workdir, options?.cwd ?? ''), env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = new ReadableStream<string>({
        start(controller) {
          let open = 2;
          const end = () => {
            open -= 1;
            if (open === 0) controller.close();
          };
          for (const stream of [child.stdout, child.stderr]) {
            stream.setEncoding('utf8');
            stream.on('data', (chunk: string) => controller.enqueue(chunk));
            stream.on('end', end);
          }
        },
      });
      const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
      return { output, exit, kill: () => child.kill('SIGKILL') };
    },
    fs: {
      rm: (path, options) => rm(join(workdir, path), { recursive: options?.recursive ?? false, force: options?.force ?? false }),
    },
    destroy: () => rmSync(workdir, { recursive: true, force: true }),
  };
}
