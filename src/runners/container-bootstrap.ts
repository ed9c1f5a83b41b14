/**
 * Entry point inside a WebContainer (browser-hosted Node.js), run as
 * `node runtime/container-bootstrap.js` in the run's folder. A WebContainer process talks to the
 * page only through its terminal output, so messages are lines: a marker, then JSON carrying the
 * per-run secret. The secret arrives in a file that is read and deleted before any submission
 * code loads; printed lines without it are refused by the page as forgeries.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { executeTests } from './execute';
import { createModuleGraph, type ModuleFactory } from './module-loader';
import type { NodeRunManifest } from './node-bootstrap';
import { sealMessage, type ExecutorMessage } from './protocol';
import { findRealmChange, pinGlobals, snapshotRealm } from './realm-guard';

/** Starts every message line; a record separator keeps it apart from anything a learner prints. */
export const MESSAGE_MARKER = '\u001eBLR ';

// The bootstrap sits in <run folder>/runtime; the manifest, modules and secret are one level up.
const root = join(__dirname, '..');
const writeOut = process.stdout.write.bind(process.stdout) as (chunk: string) => boolean;

const secretFile = join(root, 'secret.txt');
const secret = readFileSync(secretFile, 'utf8').trim();
unlinkSync(secretFile);
const settings = JSON.parse(readFileSync(join(root, 'settings.json'), 'utf8')) as { defaultTestTimeoutMs: number };

const send = (message: ExecutorMessage): void => {
  writeOut(`\n${MESSAGE_MARKER}${JSON.stringify(sealMessage(message, secret))}\n`);
};

const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as NodeRunManifest;
const modules: Record<string, string> = {};
manifest.modules.forEach((path, index) => {
  modules[path] = readFileSync(join(root, 'modules', `${index}.js`), 'utf8');
});
const learner = new Set(manifest.learnerModules);
const graph = createModuleGraph({
  modules,
  compile: (code, path) => new Function('exports', 'require', 'module', `${code}\n//# sourceURL=${path}`) as ModuleFactory,
  checkImport: (from, to) => (learner.has(from) && !learner.has(to) ? `Your code can import only your own files, not "${to}".` : undefined),
});

executeTests(
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
  { ...manifest.plan, defaultTestTimeoutMs: settings.defaultTestTimeoutMs },
).catch((error: unknown) => {
  send({ type: 'load-error', message: `The runner failed: ${error instanceof Error ? error.message : String(error)}` });
  send({ type: 'done' });
});
