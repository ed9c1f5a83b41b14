/**
 * Versions of the progress data and the steps between them. Version 1 is not one document but the
 * keys session 1 scattered over localStorage; {@link readLegacy} gathers them into one value so
 * every step has the same shape: a function from version n to version n + 1. A future version 3
 * adds one entry to {@link MIGRATIONS}.
 */
import { CURRENT_VERSION, EPOCH, emptyExercise, exerciseProgressSchema, progressDocumentSchema, quizProgressSchema, type ExerciseProgress, type ProgressDocument, type QuizProgress } from './schema';
import type { StorageLike } from './storage';
import { LEGACY_EXERCISE_KEY } from './summary';

const LEGACY_QUIZ = /^bulkhead-lab:quiz:([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Version 1: the legacy keys, gathered. Values are the parsed JSON as found (not yet trusted). */
export interface LegacyDocument {
  version: 1;
  exercises: Record<string, { draft?: unknown; passed?: unknown; state?: unknown }>;
  quizzes: Record<string, unknown>;
  /** The storage keys the values came from (removed only after the migrated document is saved). */
  keys: string[];
}

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

/** Gathers session 1's keys, or returns undefined when there are none. */
export function readLegacy(storage: StorageLike): LegacyDocument | undefined {
  const legacy: LegacyDocument = { version: 1, exercises: Object.create(null) as LegacyDocument['exercises'], quizzes: Object.create(null) as Record<string, unknown>, keys: [] };
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key === null) continue;
    const exercise = LEGACY_EXERCISE_KEY.exec(key);
    const quiz = LEGACY_QUIZ.exec(key);
    if (exercise?.[1] && exercise[2]) {
      const entry = (legacy.exercises[exercise[1]] ??= {});
      entry[exercise[2] as 'draft' | 'passed' | 'state'] = parse(storage.getItem(key));
      legacy.keys.push(key);
    } else if (quiz?.[1]) {
      legacy.quizzes[quiz[1]] = parse(storage.getItem(key));
      legacy.keys.push(key);
    }
  }
  return legacy.keys.length > 0 ? legacy : undefined;
}

function stamp(value: unknown): string | null {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
}

function latest(...stamps: Array<string | null>): string {
  return stamps.reduce<string>((max, value) => (value !== null && value > max ? value : max), EPOCH);
}

function whole(value: unknown, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, max) : 0;
}

/** Version 1 → 2: each legacy key becomes a field of one record; unreadable parts are left out. */
export function migrateV1toV2(legacy: LegacyDocument): ProgressDocument {
  const exercises: Record<string, ExerciseProgress> = {};
  for (const [id, entry] of Object.entries(legacy.exercises)) {
    const record = emptyExercise(EPOCH);
    const draft = entry.draft;
    if (isRecord(draft) && draft['version'] === 1 && isRecord(draft['files'])) {
      const files: Record<string, string> = {};
      for (const [name, source] of Object.entries(draft['files'])) if (typeof source === 'string') files[name] = source;
      if (Object.keys(files).length > 0) record.draft = { files, updatedAt: stamp(draft['updatedAt']) ?? EPOCH };
    }
    const passed = entry.passed;
    if (isRecord(passed) && passed['version'] === 1) record.passedAt = stamp(passed['passedAt']);
    const state = entry.state;
    if (isRecord(state)) {
      record.hintsShown = whole(state['hintsShown'], 100);
      record.attempts = whole(state['attempts'], 1_000_000);
    }
    record.updatedAt = latest(record.draft?.updatedAt ?? null, record.passedAt);
    const checked = exerciseProgressSchema.safeParse(record);
    if (checked.success) exercises[id] = checked.data;
  }
  const quizzes: Record<string, QuizProgress> = {};
  for (const [id, value] of Object.entries(legacy.quizzes)) {
    if (!isRecord(value) || value['version'] !== 1 || !Array.isArray(value['answers'])) continue;
    const answers = value['answers'].map((entry: unknown) => (Array.isArray(entry) && entry.every((n) => Number.isInteger(n) && n >= 0) ? (entry as number[]) : null));
    // Session 1 stored answers without the key, so the score is unknown until the quiz page scores them.
    const checked = quizProgressSchema.safeParse({ answers, right: 0, total: answers.length, scored: false, updatedAt: stamp(value['updatedAt']) ?? EPOCH });
    if (checked.success) quizzes[id] = checked.data;
  }
  const doc: ProgressDocument = { version: 2, updatedAt: EPOCH, lessons: {}, quizzes, exercises, lastVisited: null };
  doc.updatedAt = latest(...Object.values(exercises).map((record) => record.updatedAt), ...Object.values(quizzes).map((record) => record.updatedAt));
  return progressDocumentSchema.parse(doc);
}

/** A document of some version, before it is brought up to date. */
export type AnyVersion = LegacyDocument | ProgressDocument;

/** Steps keyed by the version they start from; each returns the next version. */
export const MIGRATIONS: Readonly<Record<number, (doc: never) => AnyVersion>> = {
  1: migrateV1toV2,
};

/**
 * Applies the steps from the document's version up to {@link CURRENT_VERSION}.
 * Throws for a version newer than this code knows (the caller sets such data aside).
 */
export function migrateToCurrent(doc: AnyVersion): ProgressDocument {
  let current: AnyVersion = doc;
  while (current.version !== CURRENT_VERSION) {
    const step = MIGRATIONS[current.version];
    if (!step) throw new Error(`No migration from progress version ${String(current.version)}.`);
    current = (step as (doc: AnyVersion) => AnyVersion)(current);
  }
  return current;
}
