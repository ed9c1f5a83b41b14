/**
 * The progress store: one validated document in localStorage, shared by every page and tab.
 *
 * - Every write first re-reads storage and merges record by record (newest wins), so a stale tab
 *   never overwrites a newer draft; `storage` events from other tabs are merged in as they come.
 * - A value that cannot be read is copied to a backup key before anything replaces it, and a
 *   notice says so and what was kept. If even the backup cannot be written, this tab stops saving
 *   so the unreadable value stays untouched.
 * - When storage is full, the per-test lists of past runs are dropped and the write retried; if it
 *   still fails, everything (the newest draft included) stays in this tab's memory and a notice
 *   says so.
 */
import { migrateToCurrent, readLegacy, type AnyVersion } from './migrations';
import { clampTimes, mergeDocuments } from './merge';
import {
  BACKUP_KEY_PREFIX,
  CURRENT_VERSION,
  EPOCH,
  MAX_RECORDS,
  PROGRESS_KEY,
  describeIssues,
  emptyDocument,
  emptyExercise,
  explainIssue,
  findForbiddenKey,
  journalMarkSchema,
  lastVisitedSchema,
  progressDocumentSchema,
  type ExerciseProgress,
  type ExerciseRunRecord,
  type LastVisited,
  type ProgressDocument,
} from './schema';
import { MemoryStorage, isQuotaError, type StorageLike } from './storage';
import { PROGRESS_CHANGE_EVENT } from './summary';
import { exportFileName, exportProgress, importInto } from './transfer';
import { MARK_JOURNAL_KEY, readJournal, readMarks, VISIT_JOURNAL_KEY } from './visit-journal';

/** Something the learner should be told about their saved progress. */
export interface ProgressNotice {
  /** Stable per cause, so the UI can key and dedupe notices. */
  id: string;
  kind: 'set-aside' | 'storage-full' | 'storage-blocked' | 'backup-failed';
  /** One or two plain sentences: what happened, what was kept, what to do. */
  message: string;
  /** For set-aside data: the key holding the original text. */
  backupKey: string | null;
}

/** A set-aside value kept under a backup key. */
export interface ProgressBackup {
  key: string;
  /** When it was set aside (from the key), ISO 8601. */
  at: string;
  /** Its length in characters. */
  size: number;
}

/** The result of a write. `reason` lets a page word its own message. */
export type WriteOutcome = { ok: true } | { ok: false; reason: 'full' | 'blocked' | 'protected'; message: string };

/** The result of an import. */
export type ImportResult = { ok: true; summary: string; saved: WriteOutcome } | { ok: false; message: string };

/** A page the learner visited, for "continue where you left off". */
export type Visit = Omit<LastVisited, 'at'>;

/** Scores of one quiz as the quiz page computes them. */
export interface QuizResult {
  answers: Array<number[] | null>;
  right: number;
  total: number;
}

/** What the store needs from its surroundings; tests pass fakes. */
export interface ProgressStoreOptions {
  /** Where the document lives; null when the browser blocks storage (the store then keeps it in memory). */
  storage: StorageLike | null;
  /** Receives `storage` events from other tabs and gets the same-tab change event; usually `window`. */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener' | 'dispatchEvent'> | null;
  /** The clock. */
  now?: () => Date;
}

/** The store's API (contract A plus its writers). */
export interface ProgressStore {
  /** The current document; frozen, and a new object after every change. */
  snapshot(): ProgressDocument;
  /** Called after every change, including other tabs' changes and new notices. Returns an unsubscribe function. */
  subscribe(listener: (doc: ProgressDocument) => void): () => void;
  /** Notices for the learner: data set aside (while its backup exists), storage full or blocked. */
  notices(): readonly ProgressNotice[];
  /** True while the document is saved in the browser (not memory-only). */
  persistent(): boolean;

  saveDraft(exerciseId: string, files: Record<string, string>): WriteOutcome;
  clearDraft(exerciseId: string): WriteOutcome;
  /** Counts one started run. */
  recordAttempt(exerciseId: string): WriteOutcome;
  setHintsShown(exerciseId: string, hintsShown: number): WriteOutcome;
  /** Stores the run as the last one; the first passing run also sets `passedAt`. */
  recordRun(exerciseId: string, run: ExerciseRunRecord): WriteOutcome;
  markLessonComplete(lessonId: string, complete: boolean): WriteOutcome;
  saveQuiz(quizId: string, result: QuizResult): WriteOutcome;
  /** Remembers the page as the place to continue; a lesson visit also dates the lesson record. */
  recordVisit(visit: Visit): WriteOutcome;

  /** The export file's text. */
  exportJson(): string;
  /** A dated file name for the export. */
  exportFileName(): string;
  /** Validates and merges an export file; an invalid file changes nothing. */
  importJson(text: string): ImportResult;
  /** Forgets all progress in this browser (backups of set-aside data stay until deleted). */
  clear(): WriteOutcome;

  backups(): ProgressBackup[];
  readBackup(key: string): string | null;
  deleteBackup(key: string): void;
  /** Stops listening to other tabs. */
  dispose(): void;
}

const LEGACY_PREFIXES = ['bulkhead-lab:exercise:', 'bulkhead-lab:quiz:'];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The outcome of decoding stored text. */
interface Decoded {
  doc: ProgressDocument;
  /** Set when the text was not fully usable: why, and what of it was kept. */
  problem?: { why: string; kept: string };
}

/** Keeps each record that validates on its own, from a version-2-shaped value that failed as a whole. */
function salvage(value: Record<string, unknown>, at: string): { doc: ProgressDocument; kept: string } {
  const doc = emptyDocument(at);
  let lessons = 0;
  let quizzes = 0;
  let exercises = 0;
  const entries = (name: string) => {
    const group = value[name];
    return typeof group === 'object' && group !== null && !Array.isArray(group) ? Object.entries(group).slice(0, MAX_RECORDS) : [];
  };
  for (const [id, record] of entries('lessons')) {
    const checked = progressDocumentSchema.shape.lessons.safeParse({ [id]: record });
    if (checked.success) {
      Object.assign(doc.lessons, checked.data);
      lessons++;
    }
  }
  for (const [id, record] of entries('quizzes')) {
    const checked = progressDocumentSchema.shape.quizzes.safeParse({ [id]: record });
    if (checked.success) {
      Object.assign(doc.quizzes, checked.data);
      quizzes++;
    }
  }
  for (const [id, record] of entries('exercises')) {
    const checked = progressDocumentSchema.shape.exercises.safeParse({ [id]: record });
    if (checked.success) {
      Object.assign(doc.exercises, checked.data);
      exercises++;
    }
  }
  const visited = lastVisitedSchema.safeParse(value['lastVisited']);
  if (visited.success) doc.lastVisited = visited.data;
  const parts = [lessons && plural(lessons, 'lesson', 'lessons'), quizzes && plural(quizzes, 'quiz result', 'quiz results'), exercises && plural(exercises, 'exercise', 'exercises')].filter(
    (part): part is string => typeof part === 'string',
  );
  return { doc, kept: parts.length > 0 ? `Kept the parts that could be read: ${parts.join(', ')}.` : 'Nothing in it could be read, so progress starts empty.' };
}

/**
 * Turns stored text into a current document, migrating older versions; never throws. Times later
 * than `at` are clamped to it (see {@link clampTimes}), which also heals a document that an import
 * dated in the future before imports were clamped: such a record would otherwise beat every later
 * change in a merge between tabs.
 */
export function decodeStored(raw: string, at: string): Decoded {
  const decoded = decodeUnclamped(raw, at);
  return { ...decoded, doc: clampTimes(decoded.doc, new Date(at)) };
}

function decodeUnclamped(raw: string, at: string): Decoded {
  const nothing = 'Nothing in it could be read, so progress starts empty.';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { doc: emptyDocument(at), problem: { why: 'it is not valid JSON', kept: nothing } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { version?: unknown }).version !== 'number') {
    return { doc: emptyDocument(at), problem: { why: 'it is not a Bulkhead Lab progress record', kept: nothing } };
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden) return { doc: emptyDocument(at), problem: { why: `it contains the key "${forbidden}"`, kept: nothing } };
  const record = value as Record<string, unknown> & { version: number };
  if (record.version > CURRENT_VERSION) {
    return { doc: emptyDocument(at), problem: { why: `it was saved by a newer version of Bulkhead Lab (version ${record.version})`, kept: nothing } };
  }
  if (record.version < CURRENT_VERSION) {
    try {
      return { doc: progressDocumentSchema.parse(migrateToCurrent(record as unknown as AnyVersion)) };
    } catch {
      return { doc: emptyDocument(at), problem: { why: `it is version ${record.version} and could not be brought up to date`, kept: nothing } };
    }
  }
  const parsed = progressDocumentSchema.safeParse(value, { error: explainIssue });
  if (parsed.success) return { doc: parsed.data };
  const { doc, kept } = salvage(record, at);
  return { doc, problem: { why: `part of it is damaged (${describeIssues(parsed.error, 2)})`, kept } };
}

function dropRunDetails(doc: ProgressDocument): ProgressDocument {
  const exercises: Record<string, ExerciseProgress> = {};
  for (const [id, record] of Object.entries(doc.exercises)) exercises[id] = record.lastRun ? { ...record, lastRun: { ...record.lastRun, tests: [] } } : record;
  return { ...doc, exercises };
}

const FULL_MESSAGE = 'Browser storage is full, so your latest progress (your newest draft included) is kept in this tab only. Export your progress from the progress page, or free some space, before you close the tab.';
const BLOCKED_MESSAGE = 'This browser blocks storage, so your progress is kept only until you leave the page.';

/** A document with one more visit: the newest becomes "last visited"; a lesson also keeps its time. */
function applyVisit(doc: ProgressDocument, visit: LastVisited): ProgressDocument {
  const next = !doc.lastVisited || doc.lastVisited.at <= visit.at ? { ...doc, lastVisited: visit } : doc;
  if (visit.kind !== 'lesson') return next;
  const record = doc.lessons[visit.id] ?? { completedAt: null, visitedAt: null, updatedAt: EPOCH };
  if (record.visitedAt !== null && record.visitedAt >= visit.at) return next;
  // A visit does not bump updatedAt: it must not win a merge against a completion made elsewhere.
  return { ...next, lessons: { ...doc.lessons, [visit.id]: { ...record, visitedAt: visit.at } } };
}

/** A store over the given storage; pages use {@link getProgressStore}. */
export function createProgressStore(options: ProgressStoreOptions): ProgressStore {
  const now = options.now ?? (() => new Date());
  const events = options.events ?? null;
  const storage: StorageLike = options.storage ?? new MemoryStorage();
  const listeners = new Set<(doc: ProgressDocument) => void>();
  const sessionNotices = new Map<string, ProgressNotice>();
  // False when storage is blocked, or when unreadable data could not be backed up (then it must not be overwritten).
  let canWrite = options.storage !== null;
  let saved = options.storage !== null;
  if (options.storage === null) sessionNotices.set('storage-blocked', { id: 'storage-blocked', kind: 'storage-blocked', message: BLOCKED_MESSAGE, backupKey: null });

  const iso = () => now().toISOString();
  // The text this store last wrote or read and its document: most re-reads before a write find it unchanged.
  let lastRaw: string | null = null;
  let lastDoc: ProgressDocument | null = null;

  function emit(doc: ProgressDocument) {
    for (const listener of [...listeners]) listener(doc);
    events?.dispatchEvent(new Event(PROGRESS_CHANGE_EVENT));
  }

  /** Copies unreadable text to a backup key; false (and this tab stops writing) when that fails. */
  function setAside(raw: string, why: string, kept: string): void {
    const at = iso();
    let key = `${BACKUP_KEY_PREFIX}${at}`;
    for (let n = 2; storage.getItem(key) !== null; n++) key = `${BACKUP_KEY_PREFIX}${at}-${n}`;
    try {
      storage.setItem(key, raw);
      sessionNotices.delete('backup-failed');
    } catch {
      canWrite = false;
      sessionNotices.set('backup-failed', {
        id: 'backup-failed',
        kind: 'backup-failed',
        message: `Saved progress in this browser could not be read (${why}), and there is no room to set it aside, so this tab will not save over it. Free some storage space and reload; until then your progress is kept in this tab only.`,
        backupKey: null,
      });
      return;
    }
    sessionNotices.set(`set-aside:${key}`, {
      id: `set-aside:${key}`,
      kind: 'set-aside',
      message: `Saved progress could not be read fully: ${why}. The original was set aside unchanged, and you can download it from the progress page. ${kept}`,
      backupKey: key,
    });
  }

  /** The stored document (null when there is none); unreadable text is set aside first. */
  function readStored(): ProgressDocument | null {
    let raw: string | null;
    try {
      raw = storage.getItem(PROGRESS_KEY);
    } catch {
      return null;
    }
    if (raw === null) return null;
    if (raw === lastRaw && lastDoc) return lastDoc;
    const decoded = decodeStored(raw, iso());
    if (decoded.problem) {
      setAside(raw, decoded.problem.why, decoded.problem.kept);
      if (canWrite) persist(decoded.doc);
    } else {
      lastRaw = raw;
      lastDoc = decoded.doc;
    }
    return decoded.doc;
  }

  function persist(doc: ProgressDocument): WriteOutcome {
    if (!canWrite) {
      saved = false;
      return options.storage === null
        ? { ok: false, reason: 'blocked', message: BLOCKED_MESSAGE }
        : { ok: false, reason: 'protected', message: sessionNotices.get('backup-failed')?.message ?? FULL_MESSAGE };
    }
    for (const candidate of [doc, dropRunDetails(doc)]) {
      try {
        const raw = JSON.stringify(candidate);
        storage.setItem(PROGRESS_KEY, raw);
        lastRaw = raw;
        lastDoc = candidate;
        saved = true;
        sessionNotices.delete('storage-full');
        return { ok: true };
      } catch (error) {
        if (!isQuotaError(error)) {
          saved = false;
          return { ok: false, reason: 'blocked', message: BLOCKED_MESSAGE };
        }
      }
    }
    saved = false;
    sessionNotices.set('storage-full', { id: 'storage-full', kind: 'storage-full', message: FULL_MESSAGE, backupKey: null });
    return { ok: false, reason: 'full', message: FULL_MESSAGE };
  }

  function load(): ProgressDocument {
    const stored = readStored();
    if (stored) return stored;
    let legacy;
    try {
      legacy = readLegacy(storage);
    } catch {
      legacy = undefined;
    }
    if (!legacy) return emptyDocument(iso());
    const doc = migrateToCurrent(legacy);
    // Session 1's keys go only once the migrated document is safely stored.
    if (persist(doc).ok) for (const key of legacy.keys) storage.removeItem(key);
    return doc;
  }

  let current = deepFreeze(load());
  foldJournal();
  foldMarks();

  /**
   * Folds a journal kept by pages that did not load the store: its entries that `schema` accepts go
   * through `apply` in one write, and the journal is emptied once storage takes writes (invalid
   * entries included). When the write fails the journal stays, to be folded again next time.
   */
  function fold<T>(entries: readonly unknown[], key: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, apply: (doc: ProgressDocument, items: T[]) => ProgressDocument): void {
    if (entries.length === 0) return;
    const items = entries.flatMap((entry) => {
      const parsed = schema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
    const outcome = items.length > 0 ? mutate((doc) => apply(doc, items)) : { ok: canWrite };
    if (!outcome.ok) return;
    try {
      storage.removeItem(key);
    } catch {
      // Folded again next time: visits are idempotent, and a press older than its record is dropped then.
    }
  }

  /** Moves visits noted by pages that did not load the store into the document (newest last). */
  function foldJournal(): void {
    fold(readJournal(storage), VISIT_JOURNAL_KEY, lastVisitedSchema, (doc, visits) => [...visits].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).reduce(applyVisit, doc));
  }

  /**
   * Applies "Mark lesson complete" presses noted before a page's store had loaded. A press older than
   * the lesson's record (changed since, in a tab whose store was loaded) is stale and dropped.
   */
  function foldMarks(): void {
    fold(readMarks(storage), MARK_JOURNAL_KEY, journalMarkSchema, (doc, marks) =>
      marks.reduce((next, mark) => {
        const record = next.lessons[mark.id];
        if (record && record.updatedAt >= mark.at) return next;
        const base = record ?? { completedAt: null, visitedAt: null, updatedAt: mark.at };
        return { ...next, lessons: { ...next.lessons, [mark.id]: { ...base, completedAt: mark.complete ? (base.completedAt ?? mark.at) : null, updatedAt: mark.at } } };
      }, doc),
    );
  }

  function mutate(change: (doc: ProgressDocument, at: string) => ProgressDocument): WriteOutcome {
    const stored = readStored();
    const base = stored ? mergeDocuments(current, stored) : current;
    const at = iso();
    const next = deepFreeze({ ...change(base, at), updatedAt: at });
    const outcome = persist(next);
    current = next;
    emit(current);
    return outcome;
  }

  function exercise(doc: ProgressDocument, id: string, at: string, change: (record: ExerciseProgress) => Partial<ExerciseProgress>): ProgressDocument {
    const record = doc.exercises[id] ?? emptyExercise(at);
    return { ...doc, exercises: { ...doc.exercises, [id]: { ...record, ...change(record), updatedAt: at } } };
  }

  const onStorage = (event: Event) => {
    const { key, newValue, storageArea } = event as StorageEvent;
    if (storageArea && storageArea !== options.storage) return;
    if (key === PROGRESS_KEY || key === null) {
      if (key === null || newValue === null) {
        // Another tab cleared progress: follow it, or this tab's next write would bring it all back.
        current = deepFreeze(emptyDocument(iso()));
      } else {
        const decoded = decodeStored(newValue, iso());
        // Unreadable text from another tab is set aside by the next read; until then this tab keeps its own.
        if (decoded.problem) return;
        current = deepFreeze(mergeDocuments(current, decoded.doc));
      }
      emit(current);
    } else if (key.startsWith(BACKUP_KEY_PREFIX)) {
      emit(current);
    }
  };
  events?.addEventListener('storage', onStorage);

  function backups(): ProgressBackup[] {
    const found: ProgressBackup[] = [];
    try {
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index);
        if (key?.startsWith(BACKUP_KEY_PREFIX)) found.push({ key, at: key.slice(BACKUP_KEY_PREFIX.length).replace(/-\d+$/, ''), size: storage.getItem(key)?.length ?? 0 });
      }
    } catch {
      return found;
    }
    return found.sort((a, b) => a.key.localeCompare(b.key));
  }

  return {
    snapshot: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notices() {
      const list = [...sessionNotices.values()].filter((notice) => notice.kind !== 'set-aside');
      // Set-aside data stays announced for as long as its backup exists, on every page load.
      for (const backup of backups()) {
        list.push(
          sessionNotices.get(`set-aside:${backup.key}`) ?? {
            id: `set-aside:${backup.key}`,
            kind: 'set-aside',
            message: `Progress that could not be read was set aside on ${backup.at.slice(0, 10)}. Download it to keep it, or delete it once you no longer need it.`,
            backupKey: backup.key,
          },
        );
      }
      return list;
    },
    persistent: () => saved && canWrite,

    saveDraft: (id, files) => mutate((doc, at) => exercise(doc, id, at, () => ({ draft: { files: { ...files }, updatedAt: at } }))),
    clearDraft: (id) => mutate((doc, at) => exercise(doc, id, at, () => ({ draft: null }))),
    recordAttempt: (id) => mutate((doc, at) => exercise(doc, id, at, (record) => ({ attempts: Math.min(record.attempts + 1, 1_000_000) }))),
    setHintsShown: (id, hintsShown) => mutate((doc, at) => exercise(doc, id, at, () => ({ hintsShown: Math.max(0, Math.min(100, Math.trunc(hintsShown))) }))),
    recordRun: (id, run) => mutate((doc, at) => exercise(doc, id, at, (record) => ({ lastRun: run, passedAt: record.passedAt ?? (run.ok ? run.at : null) }))),
    markLessonComplete: (id, complete) =>
      mutate((doc, at) => {
        const record = doc.lessons[id] ?? { completedAt: null, visitedAt: null, updatedAt: at };
        return { ...doc, lessons: { ...doc.lessons, [id]: { ...record, completedAt: complete ? (record.completedAt ?? at) : null, updatedAt: at } } };
      }),
    saveQuiz: (id, result) => mutate((doc, at) => ({ ...doc, quizzes: { ...doc.quizzes, [id]: { answers: result.answers.map((entry) => (entry ? [...entry] : null)), right: result.right, total: result.total, updatedAt: at } } })),
    recordVisit: (visit) => mutate((doc, at) => applyVisit(doc, { ...visit, at })),

    exportJson: () => exportProgress(current, now()),
    exportFileName: () => exportFileName(now()),
    importJson(text) {
      const stored = readStored();
      const base = stored ? mergeDocuments(current, stored) : current;
      const outcome = importInto(base, text, now());
      if (!outcome.ok) return outcome;
      const next = deepFreeze({ ...outcome.doc, updatedAt: iso() });
      const saved = persist(next);
      current = next;
      emit(current);
      return { ok: true, summary: outcome.summary, saved };
    },
    clear() {
      current = deepFreeze(emptyDocument(iso()));
      let outcome: WriteOutcome = { ok: true };
      if (canWrite) {
        try {
          storage.removeItem(PROGRESS_KEY);
          // Journals noted by other tabs would bring visits and marks back at the next load.
          storage.removeItem(VISIT_JOURNAL_KEY);
          storage.removeItem(MARK_JOURNAL_KEY);
          const legacyKeys: string[] = [];
          for (let index = 0; index < storage.length; index++) {
            const key = storage.key(index);
            if (key && LEGACY_PREFIXES.some((prefix) => key.startsWith(prefix))) legacyKeys.push(key);
          }
          for (const key of legacyKeys) storage.removeItem(key);
          saved = true;
          sessionNotices.delete('storage-full');
        } catch {
          outcome = { ok: false, reason: 'blocked', message: BLOCKED_MESSAGE };
        }
      }
      emit(current);
      return outcome;
    },

    backups,
    readBackup(key) {
      if (!key.startsWith(BACKUP_KEY_PREFIX)) return null;
      try {
        return storage.getItem(key);
      } catch {
        return null;
      }
    },
    deleteBackup(key) {
      if (!key.startsWith(BACKUP_KEY_PREFIX)) return;
      try {
        storage.removeItem(key);
      } catch {
        // Nothing to delete when storage is blocked.
      }
      sessionNotices.delete(`set-aside:${key}`);
      emit(current);
    },
    dispose() {
      events?.removeEventListener('storage', onStorage);
      listeners.clear();
    },
  };
}

let pageStore: ProgressStore | undefined;

/** The page's one store, on `window.localStorage` (memory only when the browser blocks storage). */
export function getProgressStore(): ProgressStore {
  if (pageStore) return pageStore;
  let storage: StorageLike | null = null;
  try {
    storage = window.localStorage;
    // Some browsers hand out a storage object that throws on first use.
    storage.getItem(PROGRESS_KEY);
  } catch {
    storage = null;
  }
  pageStore = createProgressStore({ storage, events: window });
  return pageStore;
}
