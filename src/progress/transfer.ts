/**
 * Export and import of progress as a JSON file. An import is checked in full before anything
 * changes: size, JSON syntax, the format marker, forbidden keys, then the schema. Records for
 * exercises or lessons this site does not know are kept (they may come from a newer course and are
 * bounded by the schema's limits); pages simply do not show them.
 */
import { z } from 'zod/mini';
import { hasDraftCode, mergeImported } from './merge';
import { CURRENT_VERSION, describeIssues, explainIssue, findForbiddenKey, progressDocumentSchema, type ExerciseProgress, type ProgressDocument, type QuizProgress } from './schema';

/** The `format` marker of an export file. */
export const EXPORT_FORMAT = 'bulkhead-lab-progress';

/** Largest import accepted, in characters of JSON text (about 2 MB). */
export const MAX_IMPORT_CHARS = 2_000_000;

/** The export file: a marker, when it was made, and the document. */
export interface ProgressExport {
  format: typeof EXPORT_FORMAT;
  version: typeof CURRENT_VERSION;
  exportedAt: string;
  progress: ProgressDocument;
}

const envelopeSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number(),
  exportedAt: z.string().check(z.maxLength(40)),
  progress: z.unknown(),
});

/** The export file's text (pretty-printed, so a learner can read it). */
export function exportProgress(doc: ProgressDocument, at: Date): string {
  const file: ProgressExport = { format: EXPORT_FORMAT, version: CURRENT_VERSION, exportedAt: at.toISOString(), progress: doc };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A file name such as `bulkhead-lab-progress-2026-03-01.json`. */
export function exportFileName(at: Date): string {
  return `${EXPORT_FORMAT}-${at.toISOString().slice(0, 10)}.json`;
}

/** The outcome of reading an import file: the document, or why it was refused. */
export type ParsedImport = { ok: true; progress: ProgressDocument } | { ok: false; message: string };

function megabytes(chars: number): string {
  return `${(chars / 1_000_000).toFixed(1)} MB`;
}

/** Checks an import file's text; never throws. */
export function parseImport(text: string): ParsedImport {
  const refuse = (why: string): ParsedImport => ({ ok: false, message: `${why} Nothing was changed.` });
  if (text.length > MAX_IMPORT_CHARS) return refuse(`The file is ${megabytes(text.length)}; a progress export is at most ${megabytes(MAX_IMPORT_CHARS)}.`);
  if (text.trim() === '') return refuse('The file is empty.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('The file is not valid JSON, so it is not a Bulkhead Lab progress export.');
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden) return refuse(`The file contains the key "${forbidden}", which a progress export never has.`);
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return refuse(`This JSON file is not a Bulkhead Lab progress export (it needs "format": "${EXPORT_FORMAT}" and a "progress" object).`);
  if (envelope.data.version > CURRENT_VERSION) return refuse(`The file was made by a newer version of Bulkhead Lab (format version ${envelope.data.version}); this site reads version ${CURRENT_VERSION}.`);
  if (envelope.data.version !== CURRENT_VERSION) return refuse(`The file has format version ${envelope.data.version}, which this site does not read (it reads version ${CURRENT_VERSION}).`);
  const progress = progressDocumentSchema.safeParse(envelope.data.progress, { error: explainIssue });
  if (!progress.success) return refuse(`The file is damaged or edited: ${describeIssues(progress.error)}.`);
  return { ok: true, progress: progress.data };
}

/** Something an import (or any merge) took away, named in the summary. */
export type Removal =
  | { kind: 'lesson-completion'; id: string }
  | { kind: 'draft'; id: string }
  | { kind: 'draft-files'; id: string; files: string[] }
  | { kind: 'quiz-answers'; id: string; answers: number };

/** Counts of what an import (or any merge) changed; timestamps alone never count as a change. */
export interface ChangeCounts {
  lessonsCompleted: number;
  lessonsVisited: number;
  quizzes: number;
  /** Drafts with new or changed code. */
  drafts: number;
  exercisesPassed: number;
  /** Exercise records whose last run, hints or attempts changed. */
  exercisesOther: number;
  /** Everything removed, each by name. */
  removed: Removal[];
}

type Draft = ExerciseProgress['draft'];

/** The files of a draft that hold code (a blank file counts as none). */
function codeFiles(draft: Draft | undefined): Map<string, string> {
  return new Map(Object.entries(draft?.files ?? {}).filter(([, code]) => code.trim() !== ''));
}

/** How a draft changed: code that is new or different, and files whose code is gone. */
function draftChange(before: Draft | undefined, after: Draft | undefined): { changed: boolean; lostFiles: string[] } {
  const old = codeFiles(before);
  const now = codeFiles(after);
  return { changed: [...now].some(([name, code]) => old.get(name) !== code), lostFiles: [...old.keys()].filter((name) => !now.has(name)) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What differs between `before` and `after`, counted per kind of change, with every removal named. */
export function countChanges(before: ProgressDocument, after: ProgressDocument): ChangeCounts {
  const counts: ChangeCounts = { lessonsCompleted: 0, lessonsVisited: 0, quizzes: 0, drafts: 0, exercisesPassed: 0, exercisesOther: 0, removed: [] };
  for (const [id, lesson] of Object.entries(after.lessons)) {
    const old = before.lessons[id];
    if (lesson.completedAt !== null && (old?.completedAt ?? null) === null) counts.lessonsCompleted++;
    else if (lesson.completedAt === null && (old?.completedAt ?? null) !== null) counts.removed.push({ kind: 'lesson-completion', id });
    else if (lesson.visitedAt !== (old?.visitedAt ?? null)) counts.lessonsVisited++;
  }
  for (const [id, quiz] of Object.entries(after.quizzes)) {
    const old = before.quizzes[id];
    const oldAnswers = old?.answers ?? [];
    const lost = oldAnswers.filter((answer, index) => answer !== null && (quiz.answers[index] ?? null) === null).length;
    if (lost > 0) counts.removed.push({ kind: 'quiz-answers', id, answers: lost });
    // Answers only taken away are a removal, not an update.
    const onlyRemoved = quiz.answers.length === oldAnswers.length && quiz.answers.every((answer, index) => answer === null || same(answer, oldAnswers[index]));
    const content = (record: QuizProgress | undefined) => record && [record.answers, record.right, record.total, record.scored ?? true];
    if (!same(content(quiz), content(old)) && !onlyRemoved) counts.quizzes++;
  }
  for (const [id, exercise] of Object.entries(after.exercises)) {
    const old = before.exercises[id];
    const draft = draftChange(old?.draft, exercise.draft);
    if (draft.changed) counts.drafts++;
    if (!hasDraftCode(exercise.draft) && draft.lostFiles.length > 0) counts.removed.push({ kind: 'draft', id });
    else if (draft.lostFiles.length > 0) counts.removed.push({ kind: 'draft-files', id, files: draft.lostFiles });
    const newlyPassed = exercise.passedAt !== null && (old?.passedAt ?? null) === null;
    if (newlyPassed) counts.exercisesPassed++;
    const otherChanged = !same(exercise.lastRun, old?.lastRun ?? null) || exercise.hintsShown !== (old?.hintsShown ?? 0) || exercise.attempts !== (old?.attempts ?? 0);
    if (!draft.changed && !newlyPassed && otherChanged) counts.exercisesOther++;
  }
  return counts;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Joins "a", "a and b", "a, b and c". */
function list(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** Most removals named one by one; the rest are counted. */
const MAX_NAMED_REMOVALS = 10;

function describeRemoval(removal: Removal): string {
  switch (removal.kind) {
    case 'lesson-completion':
      return `the "complete" mark of lesson ${removal.id}`;
    case 'draft':
      return `your draft of exercise ${removal.id}`;
    case 'draft-files':
      return `${removal.files.length === 1 ? 'the file' : 'the files'} ${list(removal.files)} from your draft of exercise ${removal.id}`;
    case 'quiz-answers':
      return `${plural(removal.answers, 'answer', 'answers')} in quiz ${removal.id}`;
  }
}

/**
 * A summary such as "2 drafts updated, 1 lesson marked complete and 1 exercise marked passed.",
 * followed, when anything was taken away, by a sentence naming each removal. When nothing was
 * removed the summary says nothing about removing.
 */
export function describeChanges(counts: ChangeCounts): string {
  const parts = [
    counts.lessonsCompleted > 0 && `${plural(counts.lessonsCompleted, 'lesson', 'lessons')} marked complete`,
    counts.exercisesPassed > 0 && `${plural(counts.exercisesPassed, 'exercise', 'exercises')} marked passed`,
    counts.drafts > 0 && `${plural(counts.drafts, 'draft', 'drafts')} updated`,
    counts.quizzes > 0 && `${plural(counts.quizzes, 'quiz result', 'quiz results')} updated`,
    counts.exercisesOther > 0 && `${plural(counts.exercisesOther, 'exercise record', 'exercise records')} (runs, hints) updated`,
    counts.lessonsVisited > 0 && `${plural(counts.lessonsVisited, 'lesson visit', 'lesson visits')} updated`,
  ].filter((part): part is string => typeof part === 'string');
  const sentences: string[] = [];
  if (parts.length > 0) {
    const sentence = list(parts);
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  if (counts.removed.length > 0) {
    const named = counts.removed.slice(0, MAX_NAMED_REMOVALS).map(describeRemoval);
    const more = counts.removed.length - named.length;
    if (more > 0) named.push(`${plural(more, 'more item', 'more items')}`);
    sentences.push(`This import removed ${named.join('; ')}.`);
  }
  if (sentences.length === 0) return 'Nothing changed: your saved progress already had everything in this file, or newer.';
  return sentences.join(' ');
}

/** The outcome of an import: the merged document and a summary, or why nothing changed. */
export type ImportOutcome = { ok: true; doc: ProgressDocument; counts: ChangeCounts; summary: string } | { ok: false; message: string };

/**
 * Reads `text` and merges it into `current`, newest record wins: the file's times are clamped to
 * `now` first (so a date in the future wins nothing), and a draft with code is never replaced by an
 * empty one (see {@link mergeImported}).
 */
export function importInto(current: ProgressDocument, text: string, now: Date): ImportOutcome {
  const parsed = parseImport(text);
  if (!parsed.ok) return parsed;
  const doc = mergeImported(current, parsed.progress, now);
  const counts = countChanges(current, doc);
  return { ok: true, doc, counts, summary: describeChanges(counts) };
}
