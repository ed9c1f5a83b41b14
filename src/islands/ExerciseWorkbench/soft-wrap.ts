/**
 * The editor's "Wrap long lines" setting, remembered in the browser apart from the progress
 * document: it is a display preference, not progress, so it is neither exported nor merged.
 *
 * Wrapping is on unless the learner turned it off. The starting files open with a comment that
 * states the task in lines of about 90 characters; unwrapped, the editor cuts them off at 1280 px
 * and more so at 375 px, and a learner has to scroll sideways, line by line, to read the brief.
 * Line numbers still count the file's own lines, so a compile error's line stays easy to find.
 */

/** The localStorage key: "on" or "off". */
export const SOFT_WRAP_KEY = 'bulkhead-lab:editor-wrap';

/** Wrapping for a learner who never chose. */
export const SOFT_WRAP_DEFAULT = true;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** The learner's choice, or the default when there is none, it is unreadable, or storage is blocked. */
export function readSoftWrap(storage: Store | undefined): boolean {
  try {
    const saved = storage?.getItem(SOFT_WRAP_KEY);
    return saved === 'on' ? true : saved === 'off' ? false : SOFT_WRAP_DEFAULT;
  } catch {
    return SOFT_WRAP_DEFAULT;
  }
}

/** Remembers the choice; false when storage refused it (the editor still wraps as asked on this page). */
export function saveSoftWrap(storage: Store | undefined, on: boolean): boolean {
  try {
    if (!storage) return false;
    storage.setItem(SOFT_WRAP_KEY, on ? 'on' : 'off');
    return true;
  } catch {
    return false;
  }
}

/** The page's localStorage, or undefined where touching it throws (blocked storage, sandboxed frames). */
export function browserStorage(): Store | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
