/**
 * Visits noted without loading the progress store. Lesson pages note a visit on load through this
 * small, dependency-free module, so they need not download the store and its schema until the
 * reader reaches the quiz or the "Mark lesson complete" button. The store folds the journal into
 * the progress document (validating every entry) the next time it loads, then empties it.
 *
 * The journal only ever holds visit times, the least valuable part of progress: a value under its
 * key that is not a JSON array is replaced rather than set aside.
 */

/** localStorage key of the journal: a JSON array of {@link JournalVisit}, oldest first. */
export const VISIT_JOURNAL_KEY = 'bulkhead-lab:progress:visits';

/** Most visits the journal keeps; older ones are dropped (only the newest per page matters). */
export const MAX_JOURNAL_VISITS = 60;

/** One noted visit. */
export interface JournalVisit {
  kind: 'lesson' | 'exercise';
  id: string;
  href: string;
  title: string;
  /** ISO 8601 time of the visit. */
  at: string;
}

type JournalStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** A JSON list stored under `key` (unvalidated), or an empty list when absent, unreadable or not a list. */
function readList(storage: Pick<Storage, 'getItem'>, key: string): unknown[] {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return [];
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The journal's entries as stored (unvalidated), or an empty list. */
export function readJournal(storage: JournalStorage): unknown[] {
  return readList(storage, VISIT_JOURNAL_KEY);
}

/**
 * Notes a visit, replacing an earlier one of the same page. Never throws: storage that is full or
 * blocked just leaves the visit unnoted (the page still works; only "continue where you left off"
 * misses it).
 */
export function noteVisit(storage: JournalStorage, visit: JournalVisit): void {
  const same = (entry: unknown) => typeof entry === 'object' && entry !== null && (entry as { kind?: unknown }).kind === visit.kind && (entry as { id?: unknown }).id === visit.id;
  const entries = [...readJournal(storage).filter((entry) => !same(entry)), visit].slice(-MAX_JOURNAL_VISITS);
  try {
    storage.setItem(VISIT_JOURNAL_KEY, JSON.stringify(entries));
  } catch {
    // A visit is not worth a warning.
  }
}

/**
 * localStorage key of the marks journal: a JSON array of {@link JournalMark}, one per lesson. A
 * press of "Mark lesson complete" made before the store has loaded is noted here at once, so it
 * survives the reader leaving the page in that moment; the store folds it in when it next loads.
 */
export const MARK_JOURNAL_KEY = 'bulkhead-lab:progress:marks';

/** Most marks the journal keeps (one per lesson; a course has far fewer lessons). */
export const MAX_JOURNAL_MARKS = 200;

/** One noted press of "Mark lesson complete". */
export interface JournalMark {
  id: string;
  complete: boolean;
  /** ISO 8601 time of the press. */
  at: string;
}

/** The marks journal's entries as stored (unvalidated), or an empty list. */
export function readMarks(storage: Pick<Storage, 'getItem'>): unknown[] {
  return readList(storage, MARK_JOURNAL_KEY);
}

const markOf = (id: string) => (entry: unknown) => typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id;

/** Notes a press, replacing an earlier one for the same lesson. Returns false when storage refused it. */
export function noteMark(storage: JournalStorage, mark: JournalMark): boolean {
  const entries = [...readMarks(storage).filter((entry) => !markOf(mark.id)(entry)), mark].slice(-MAX_JOURNAL_MARKS);
  try {
    storage.setItem(MARK_JOURNAL_KEY, JSON.stringify(entries));
    return true;
  } catch {
    return false;
  }
}

/** The noted press for one lesson, when there is a well-formed one. */
export function markFor(storage: Pick<Storage, 'getItem'>, id: string): JournalMark | null {
  const entry = readMarks(storage).findLast(markOf(id)) as { complete?: unknown; at?: unknown } | undefined;
  if (!entry || typeof entry.complete !== 'boolean' || typeof entry.at !== 'string' || !Number.isFinite(Date.parse(entry.at))) return null;
  return { id, complete: entry.complete, at: entry.at };
}
