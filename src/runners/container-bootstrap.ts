/**
 * Entry point inside a WebContainer (browser-hosted Node.js), run as
 * `node runtime/container-bootstrap.js` in the run's folder. A WebContainer process talks to the
 * page only through its terminal output, so messages are lines: a marker, then JSON carrying the
 * per-run secret. The secret arrives in a file that is read and deleted before the realm is locked
 * down and any submission code loads; learner code runs in a compartment with no `process`,
 * `require` or file system, and printed lines without the secret are refused by the page.
 */
import 'ses';
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { lockdownRealm } from './compartment';
import { executeTests } from './execute';
import type { ModuleFactory } from './module-loader';
import type { NodeRunManifest } from './node-bootstrap';
import { sealMessage, type ExecutorMessage } from './protocol';

/** Starts every message line; a record separator keeps it apart from anything a learner prints. */
export const MESSAGE_MARKER = '\u001eBLR ';

// The bootstrap sits in <run folder>/runtime; the manifest and secret are one level up.
const root = join(__dirname, '..');
const writeOut = process.stdout.write.bind(process.stdout) as (chunk: string) => boolean;

const secretFile = join(root, 'secret.txt');
const secret = readFileSync(secretFile, 'utf8').trim();
unlinkSync(secretFile);
const manifestFile = join(root, 'manifest.json');
const { manifest, defaultTestTimeoutMs } = JSON.parse(readFileSync(manifestFile, 'utf8')) as { manifest: NodeRunManifest; defaultTestTimeoutMs: number };
unlinkSync(manifestFile);

// Protocol lines are ASCII only: a WebContainer decodes its terminal output chunk by chunk, so a
// character of several bytes split between two chunks would arrive damaged.
const send = (message: ExecutorMessage): void => {
  const json = JSON.stringify(sealMessage(message, secret)).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeOut(`${MESSAGE_MARKER}${json}\n`);
};

let reportUncaught: ((error: unknown) => void) | undefined;
process.on('uncaughtException', (error) => reportUncaught?.(error));
process.on('unhandledRejection', () => undefined);
lockdownRealm();

executeTests(
  {
    modules: manifest.modules,
    compile: (code, path) => new Function('exports', 'require', 'module', `${code}\n//# sourceURL=${path}`) as ModuleFactory,
    send,
    print: (text) => {
      writeOut(`${text}\n`);
    },
    onUncaught: (report) => {
      reportUncaught = report;
    },
  },
  { ...manifest.plan, defaultTestTimeoutMs },
).catch((error: unknown) => {
  send({ type: 'load-error', message: `The runner failed: ${error instanceof Error ? error.message : String(error)}` });
  send({ type: 'done' });
});
