/**
 * Writing a gradebook: CSV for spreadsheets (every text cell quoted as RFC 4180 says, and anything
 * a spreadsheet could run as a formula defused, whichever list separator it uses), JSON for
 * scripts, and a short summary for people.
 */
import { defuseAfterSeparators, FORMULA_START } from '../lib/csv';
import type { Gradebook } from './batch';
import type { GradeFlagKind, GradeRow } from './grade-submission';

/** The `format` marker of the JSON gradebook. */
export const GRADEBOOK_FORMAT = 'bulkhead-lab-gradebook';

/** Control characters (a file name may hold any) shown as `\u001b`, so no cell or line can drive a terminal. */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * One CSV field (RFC 4180). Text is always quoted, with its quotes doubled, and defused against
 * CSV injection (OWASP): text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * (also after leading spaces or quotes) gets a leading `'`, and so does every spot after a `,` or
 * `;` inside it where such a character follows, so that a spreadsheet splitting the file on `;`
 * finds no formula either. Control characters are escaped. Numbers (the grader's own scores and
 * counts) are plain numerals; one that would start with `-` is quoted and defused like text.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') {
    const text = formatNumber(value);
    return FORMULA_START.test(text) ? quoted(`'${text}`) : text;
  }
  // The lead is judged on the raw text: a tab or line break that printable() escapes still counts.
  const lead = FORMULA_START.test(value) ? "'" : '';
  return quoted(lead + defuseAfterSeparators(printable(value)));
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A score or total with at most three decimals, never NaN or Infinity. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toFixed(3)));
}

/**
 * The CSV gradebook: a header, then one row per submission file. Exercise cells hold the score
 * (passed / total tests, 0 to 1); a cell is empty when the row's assignment does not include the
 * exercise or the row has an error. Each lesson the assignments require has a column "lesson <id>"
 * saying "done", "not done" or "not recorded" (empty when the row's assignment does not require
 * it). Lines end with CRLF, as RFC 4180 says.
 */
export function toCsv(book: Gradebook): string {
  const header = ['file', 'learner', 'assignment', 'submitted at', 'file modified', ...book.exercises, 'total', 'max', ...book.lessons.map((id) => `lesson ${id}`), 'flags', 'error'];
  const lines = [header.map(csvField).join(',')];
  for (const row of book.rows) {
    const scores = book.exercises.map((id) => {
      if (row.error !== null) return '';
      const grade = row.exercises.find((exercise) => exercise.id === id);
      return grade === undefined ? '' : csvField(grade.score);
    });
    const lessons = book.lessons.map((id) => {
      const status = row.error === null && Object.hasOwn(row.lessons, id) ? row.lessons[id] : undefined;
      return status === undefined ? '' : csvField(status);
    });
    const cells = [
      csvField(row.file),
      csvField(row.learner ?? ''),
      csvField(row.assignment?.title ?? ''),
      csvField(row.submittedAt ?? ''),
      csvField(row.fileModifiedAt ?? ''),
      ...scores,
      row.error === null ? csvField(row.total) : '',
      row.error === null ? csvField(row.max) : '',
      ...lessons,
      csvField(row.flags.map((flag) => flag.message).join('; ')),
      csvField(row.error ?? ''),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The JSON gradebook: the whole `Gradebook` under a format marker, indented. */
export function toJson(book: Gradebook): string {
  return `${JSON.stringify({ format: GRADEBOOK_FORMAT, version: 1, ...book }, null, 2)}\n`;
}

/** Counts for the summary. */
export interface GradebookCounts {
  /** Rows without an error. */
  graded: number;
  /** Rows with an error. */
  errors: number;
  /** Graded rows with at least one flag. */
  flagged: number;
  /** Graded rows whose every assigned exercise passed. */
  allPassed: number;
}

/** Counts rows by outcome. */
export function countRows(rows: readonly GradeRow[]): GradebookCounts {
  const graded = rows.filter((row) => row.error === null);
  return {
    graded: graded.length,
    errors: rows.length - graded.length,
    flagged: graded.filter((row) => row.flags.length > 0).length,
    allPassed: graded.filter((row) => row.max > 0 && row.exercises.every((exercise) => exercise.pass)).length,
  };
}

const FLAG_LABELS: Record<GradeFlagKind, string> = {
  'browser-claimed-pass': 'browser claimed pass, tests fail',
  late: 'late',
  'not-in-assignment': 'exercise not in assignment',
  'missing-exercise': 'assignment exercise missing',
  'link-changed': 'assignment link changed',
  'run-cut-off': 'run cut off',
  'run-tampered': 'run stopped for a forged result',
  'duplicate-learner': 'duplicate learner name',
  'not-attempted': 'exercise not attempted',
};

/** A few lines for people: counts, flags by kind, skipped files, and a warning when rows follow different assignments. */
export function formatSummary(book: Gradebook): string {
  const counts = countRows(book.rows);
  const lines = [
    `${book.rows.length} submission file${book.rows.length === 1 ? '' : 's'}: ${counts.graded} graded (${counts.allPassed} passed every exercise), ${counts.errors} with errors, ${counts.flagged} flagged.`,
  ];
  const byKind = new Map<GradeFlagKind, number>();
  for (const row of book.rows) for (const flag of row.flags) byKind.set(flag.kind, (byKind.get(flag.kind) ?? 0) + 1);
  if (byKind.size > 0) {
    lines.push(`Flags: ${[...byKind].map(([kind, count]) => `${count} × ${FLAG_LABELS[kind]}`).join(', ')}.`);
  }
  if (book.skipped.length > 0) {
    const shown = book.skipped.slice(0, 5).map((entry) => `${printable(entry.file)} (${entry.reason})`);
    const more = book.skipped.length > 5 ? ` and ${book.skipped.length - 5} more` : '';
    lines.push(`Skipped: ${shown.join(', ')}${more}.`);
  }
  if (book.assignments.length > 1) {
    lines.push(
      `Warning: the files follow ${book.assignments.length} different assignments: ${book.assignments.map((entry) => `"${entry.title}" (${entry.id}, ${entry.rows} file${entry.rows === 1 ? '' : 's'})`).join(', ')}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
