/**
 * CSV text as RFC 4180 describes it, and the defence against CSV injection (OWASP) that every CSV
 * the site writes shares: the simulator's run export here, and the instructor's gradebook
 * (src/grading/gradebook.ts), which quotes every text cell but defuses it with {@link defuseFormulas}.
 */

/** A cell that a spreadsheet may evaluate: OWASP's first characters, also after leading spaces or quotes. */
export const FORMULA_START = /^[\s"]*[=+\-@]|^[\t\r]/u;

/**
 * A separator (`,` or `;`) followed, after spaces or quotes, by a formula character: a spreadsheet
 * that splits the file on the other separator (a `;` locale) would start a cell there.
 */
const FORMULA_AFTER_SEPARATOR = /([,;])(?=[\s"]*[=+\-@])/gu;

/**
 * Text a spreadsheet will show and never run: a leading `'` when it starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return (also after leading spaces or quotes), and a `'` after every `,` or
 * `;` inside it that such a character follows, so a spreadsheet splitting on either finds no formula.
 */
export function defuseFormulas(text: string): string {
  return (FORMULA_START.test(text) ? "'" : '') + defuseAfterSeparators(text);
}

/** The second half of {@link defuseFormulas}: a `'` after every `,` or `;` that a formula character follows. */
export function defuseAfterSeparators(text: string): string {
  return text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
}

/** A cell: text, a number, or null/undefined for an empty cell. Non-finite numbers are written empty. */
export type CsvCell = string | number | null | undefined;

/**
 * One cell as CSV: numbers as they are (empty when not finite), text defused with
 * {@link defuseFormulas} and quoted (inner quotes doubled) only when it holds a comma, a quote or a
 * line break.
 */
export function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = defuseFormulas(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, a header row first; every line ends with CRLF. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
