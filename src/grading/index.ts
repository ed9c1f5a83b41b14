/**
 * Batch grading of assignment submissions (Node only): read and validate submission files,
 * re-run every assigned exercise with the Node runner, flag what an instructor should look at,
 * and write the gradebook. `src/cli/grade-batch.ts` is the command; other code imports this barrel.
 */
export { BatchInputError, createLimiter, DEFAULT_BATCH_CPU_LIMIT_MS, DEFAULT_BATCH_TIME_LIMIT_MS, flagDuplicateLearners, gradeBatch } from './batch';
export type { BatchOptions, Gradebook, SkippedFile } from './batch';
export { loadExerciseSet } from './exercise-set';
export type { ExerciseSet } from './exercise-set';
export { errorRow, gradeRun, gradeSubmission, isUntouched, lateness, sortFlags } from './grade-submission';
export type { ExerciseCatalogView, ExerciseGrade, GradeContext, GradeFlag, GradeFlagKind, GradeRow, LessonStatus, PlannedTests, RunExercise, SuiteCount } from './grade-submission';
export { countRows, csvField, formatNumber, formatSummary, GRADEBOOK_FORMAT, printable, toCsv, toJson } from './gradebook';
export type { GradebookCounts } from './gradebook';
export { MAX_JSON_DEPTH, nestingDepth, parseSubmissionBytes, readSubmissionFile } from './read-submission';
export type { ReadSubmissionOptions, ReadSubmissionResult } from './read-submission';
