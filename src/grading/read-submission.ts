/**
 * Node-only: reads one submission file defensively. The file is untrusted: its size is checked
 * before reading and the read itself is capped, bytes must be UTF-8, the JSON must not nest deeper
 * than a submission ever does, and the value must match `submissionSchema`. Every failure comes
 * back as one sentence for the gradebook's error column, never as a throw or a stack trace.
 */
import { open, stat } from 'node:fs/promises';
import { MAX_SUBMISSION_BYTES, parseSubmission, type Submission } from '../schemas/submission';

/** Deepest JSON nesting accepted; a real submission nests 4 levels. */
export const MAX_JSON_DEPTH = 32;

/** Problems listed in a validation error before the rest are counted. */
const MAX_PROBLEMS_SHOWN = 5;

/** The outcome of reading a submission file. */
export type ReadSubmissionResult =
  | { ok: true; submission: Submission; /** The file's modification time, ISO 8601. */ modifiedAt: string }
  | { ok: false; error: string; /** Known when the file could be stat'ed. */ modifiedAt: string | null };

/** Options for `readSubmissionFile`. */
export interface ReadSubmissionOptions {
  /** Largest file accepted, in bytes (default `MAX_SUBMISSION_BYTES`). */
  maxBytes?: number;
}

/**
 * Reads, decodes, parses and validates one submission file.
 * @param path - the file to read.
 */
export async function readSubmissionFile(path: string, options: ReadSubmissionOptions = {}): Promise<ReadSubmissionResult> {
  const maxBytes = options.maxBytes ?? MAX_SUBMISSION_BYTES;
  let info;
  try {
    info = await stat(path);
  } catch {
    return { ok: false, error: 'The file cannot be read (it vanished or is not accessible).', modifiedAt: null };
  }
  const modifiedAt = info.mtime.toISOString();
  if (!info.isFile()) return { ok: false, error: 'This is not a regular file.', modifiedAt };
  if (info.size > maxBytes) {
    return { ok: false, error: `The file is ${formatSize(info.size)}; submissions are at most ${formatSize(maxBytes)}.`, modifiedAt };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(path, maxBytes);
  } catch {
    return { ok: false, error: 'The file cannot be read.', modifiedAt };
  }
  // The file may have grown between stat and read; the cap still holds.
  if (bytes.length > maxBytes) return { ok: false, error: `The file is larger than ${formatSize(maxBytes)}, the limit for submissions.`, modifiedAt };
  const parsed = parseSubmissionBytes(bytes);
  return parsed.ok ? { ok: true, submission: parsed.submission, modifiedAt } : { ok: false, error: parsed.error, modifiedAt };
}

/**
 * Decodes, parses and validates the bytes of a submission file (no size check).
 * @returns the submission, or one sentence saying what is wrong.
 */
export function parseSubmissionBytes(bytes: Uint8Array): { ok: true; submission: Submission } | { ok: false; error: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'The file is not UTF-8 text, so it is not a submission downloaded from the course.' };
  }
  if (text.trim() === '') return { ok: false, error: 'The file is empty.' };
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) return { ok: false, error: `The JSON nests deeper than ${MAX_JSON_DEPTH} levels; a submission never does.` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON${jsonErrorLocation(text, error)}.` };
  }
  const result = parseSubmission(value);
  if (result.ok) return { ok: true, submission: result.submission };
  const shown = result.problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = result.problems.length > MAX_PROBLEMS_SHOWN ? `; and ${result.problems.length - MAX_PROBLEMS_SHOWN} more problems` : '';
  return { ok: false, error: `The file is not a valid submission: ${shown.join('; ')}${more}.` };
}

/** Reads at most `maxBytes + 1` bytes, so an oversized (or growing) file is detected without reading it all. */
async function readCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** The deepest bracket nesting of a JSON text, ignoring brackets inside strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x5d || code === 0x7d) depth -= 1;
  }
  return deepest;
}

/** " at line L, column C" from V8's message, without echoing the file's content back. */
function jsonErrorLocation(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/Unexpected end of JSON input/.test(message)) return ' (it ends in the middle of a value)';
  const position = /position (\d+)/.exec(message);
  if (position === null) return '';
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (problem at line ${line}, column ${column})`;
}

function formatSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}
