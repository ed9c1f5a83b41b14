/**
 * Export and import of progress as a JSON file. An import is checked in full before anything
 * changes: size, JSON syntax, the format marker, forbidden keys, then the schema. Records for
 * exercises or lessons this site does not know are kept (they may come from a newer course and are
 * bounded by the schema's limits); pages simply do not show them.
 */
import { z } from 'zod/mini';
import { mergeDocuments } from './merge';
import { CURRENT_VERSION, describeIssues, explainIssue, findForbiddenKey, progressDocumentSchema, type ProgressDocument } from './schema';

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

/** Counts of what an import (or any merge) changed. */
export interface ChangeCounts {
  lessonsCompleted: number;
  lessonsUncompleted: number;
  lessonsVisited: number;
  quizzes: number;
  drafts: number;
  exercisesPassed: number;
  exercisesOther: number;
}

/** What differs between `before` and `after`, counted per kind of change. */
export function countChanges(before: ProgressDocument, after: ProgressDocument): ChangeCounts {
  const counts: ChangeCounts = { lessonsCompleted: 0, lessonsUncompleted: 0, lessonsVisited: 0, quizzes: 0, drafts: 0, exercisesPassed: 0, exercisesOther: 0 };
  for (const [id, lesson] of Object.entries(after.lessons)) {
    const old = before.lessons[id];
    if (lesson.completedAt !== null && (old?.completedAt ?? null) === null) counts.lessonsCompleted++;
    else if (lesson.completedAt === null && (old?.completedAt ?? null) !== null) counts.lessonsUncompleted++;
    else if (lesson.visitedAt !== (old?.visitedAt ?? null)) counts.lessonsVisited++;
  }
  for (const [id, quiz] of Object.entries(after.quizzes)) {
    if (JSON.stringify(quiz) !== JSON.stringify(before.quizzes[id])) counts.quizzes++;
  }
  for (const [id, exercise] of Object.entries(after.exercises)) {
    const old = before.exercises[id];
    const draftChanged = JSON.stringify(exercise.draft) !== JSON.stringify(old?.draft ?? null);
    const newlyPassed = exercise.passedAt !== null && (old?.passedAt ?? null) === null;
    if (draftChanged) counts.drafts++;
    if (newlyPassed) counts.exercisesPassed++;
    if (!draftChanged && !newlyPassed && JSON.stringify(exercise) !== JSON.stringify(old)) counts.exercisesOther++;
  }
  return counts;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A sentence such as "2 drafts updated, 1 lesson marked complete and 1 exercise marked passed." */
export function describeChanges(counts: ChangeCounts): string {
  const parts = [
    counts.lessonsCompleted > 0 && `${plural(counts.lessonsCompleted, 'lesson', 'lessons')} marked complete`,
    counts.lessonsUncompleted > 0 && `${plural(counts.lessonsUncompleted, 'lesson', 'lessons')} marked not complete`,
    counts.exercisesPassed > 0 && `${plural(counts.exercisesPassed, 'exercise', 'exercises')} marked passed`,
    counts.drafts > 0 && `${plural(counts.drafts, 'draft', 'drafts')} updated`,
    counts.quizzes > 0 && `${plural(counts.quizzes, 'quiz result', 'quiz results')} updated`,
    counts.exercisesOther > 0 && `${plural(counts.exercisesOther, 'exercise record', 'exercise records')} (runs, hints) updated`,
    counts.lessonsVisited > 0 && `${plural(counts.lessonsVisited, 'lesson visit', 'lesson visits')} updated`,
  ].filter((part): part is string => typeof part === 'string');
  if (parts.length === 0) return 'Nothing changed: your saved progress already had everything in this file, or newer.';
  const sentence = parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** The outcome of an import: the merged document and a summary, or why nothing changed. */
export type ImportOutcome = { ok: true; doc: ProgressDocument; counts: ChangeCounts; summary: string } | { ok: false; message: string };

/** Reads `text` and merges it into `current`, newest record wins. */
export function importInto(current: ProgressDocument, text: string): ImportOutcome {
  const parsed = parseImport(text);
  if (!parsed.ok) return parsed;
  const doc = mergeDocuments(current, parsed.progress);
  const counts = countChanges(current, doc);
  return { ok: true, doc, counts, summary: describeChanges(counts) };
}
