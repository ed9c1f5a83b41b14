/**
 * The learner's drafts and pass state for one exercise, kept in localStorage until the progress
 * store takes them over. Every read is validated; a write that fails (quota, private mode) is
 * reported so the page can warn, and the code stays in the editor.
 */
export interface Draft {
  version: 1;
  files: Record<string, string>;
  updatedAt: string;
}

export interface PassRecord {
  version: 1;
  passedAt: string;
  runner: string;
}

export interface WorkbenchState {
  hintsShown: number;
  attempts: number;
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const key = (id: string, what: 'draft' | 'passed' | 'state') => `bulkhead-lab:exercise:${id}:${what}`;

function parse(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The saved draft, if it is one and names only this exercise's files. */
export function readDraft(storage: StorageLike, id: string, fileNames: readonly string[]): Draft | undefined {
  const value = parse(storage.getItem(key(id, 'draft')));
  if (!isRecord(value) || value['version'] !== 1 || !isRecord(value['files'])) return undefined;
  const files: Record<string, string> = {};
  for (const name of fileNames) {
    const source = value['files'][name];
    if (typeof source === 'string') files[name] = source;
  }
  if (Object.keys(files).length === 0) return undefined;
  return { version: 1, files, updatedAt: typeof value['updatedAt'] === 'string' ? value['updatedAt'] : '' };
}

/** Saves the draft; returns an error message for the page when the browser refuses. */
export function writeDraft(storage: StorageLike, id: string, files: Record<string, string>, now: Date): string | undefined {
  const draft: Draft = { version: 1, files, updatedAt: now.toISOString() };
  try {
    storage.setItem(key(id, 'draft'), JSON.stringify(draft));
    return undefined;
  } catch (error) {
    const full = error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
    return full
      ? 'Your draft could not be saved: browser storage is full. Your code is still here; copy it somewhere safe or free some space.'
      : 'Your draft could not be saved: this browser blocks storage. Your code is still here until you leave the page.';
  }
}

export function clearDraft(storage: StorageLike, id: string): void {
  try {
    storage.removeItem(key(id, 'draft'));
  } catch {
    // Nothing to clear if storage is blocked.
  }
}

export function readPass(storage: StorageLike, id: string): PassRecord | undefined {
  const value = parse(storage.getItem(key(id, 'passed')));
  if (!isRecord(value) || value['version'] !== 1 || typeof value['passedAt'] !== 'string') return undefined;
  return { version: 1, passedAt: value['passedAt'], runner: typeof value['runner'] === 'string' ? value['runner'] : 'unknown' };
}

export function writePass(storage: StorageLike, id: string, runner: string, now: Date): void {
  try {
    storage.setItem(key(id, 'passed'), JSON.stringify({ version: 1, passedAt: now.toISOString(), runner } satisfies PassRecord));
  } catch {
    // The pass still shows on this page; it just is not remembered.
  }
}

export function readState(storage: StorageLike, id: string, hintCount: number): WorkbenchState {
  const value = parse(storage.getItem(key(id, 'state')));
  const whole = (n: unknown, max: number) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? Math.min(n, max) : 0);
  if (!isRecord(value)) return { hintsShown: 0, attempts: 0 };
  return { hintsShown: whole(value['hintsShown'], hintCount), attempts: whole(value['attempts'], 1_000_000) };
}

export function writeState(storage: StorageLike, id: string, state: WorkbenchState): void {
  try {
    storage.setItem(key(id, 'state'), JSON.stringify(state));
  } catch {
    // Hints and attempts are conveniences; losing them is harmless.
  }
}
