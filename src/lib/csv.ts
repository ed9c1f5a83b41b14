/**
 * CSV text as RFC 4180 describes it: comma-separated, CRLF line ends, and a cell quoted (with
 * inner quotes doubled) only when it holds a comma, a quote or a line break. A text cell that a
 * spreadsheet could take for a formula (it starts with =, +, -, @, a tab or a carriage return) gets
 * a leading `'`; numbers are written as they are.
 */

/** A cell: text, a number, or null/undefined for an empty cell. Non-finite numbers are written empty. */
export type CsvCell = string | number | null | undefined;

/** One cell as CSV. */
export function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, a header row first; every line ends with CRLF. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
