/**
 * The learner's progress (contract A): one versioned, validated document in localStorage, with
 * migrations, merging across tabs, export and import. Pages and islands import only this file;
 * the site header's script imports `./summary` directly because it must stay free of zod.
 */
export {
  BACKUP_KEY_PREFIX,
  CURRENT_VERSION,
  MAX_DRAFT_FILE_CHARS,
  PROGRESS_KEY,
  emptyDocument,
  progressDocumentSchema,
  type ExerciseProgress,
  type ExerciseRunRecord,
  type LastVisited,
  type LessonProgress,
  type ProgressDocument,
  type QuizProgress,
} from './schema';
export { createProgressStore, decodeStored, getProgressStore, type ImportResult, type ProgressBackup, type ProgressNotice, type ProgressStore, type ProgressStoreOptions, type QuizResult, type Visit, type WriteOutcome } from './store';
export { MemoryStorage, isQuotaError, type StorageLike } from './storage';
export { MIGRATIONS, migrateToCurrent, migrateV1toV2, readLegacy, type LegacyDocument } from './migrations';
export { clampTimes, hasDraftCode, mergeDocuments, mergeExercise, mergeImported, mergeLesson, mergeQuiz } from './merge';
export { EXPORT_FORMAT, MAX_IMPORT_CHARS, countChanges, describeChanges, exportFileName, exportProgress, importInto, parseImport, type ChangeCounts, type ProgressExport, type Removal } from './transfer';
export { DONE_RULE, PROGRESS_CHANGE_EVENT, countDone, describeDone, isExerciseDone, isLessonDone, percent, resumePoint, type CourseItems, type DoneCount, type ResumePoint } from './summary';
export { runRecordFrom } from './run-record';
