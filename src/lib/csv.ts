/**
 * CSV text as RFC 4180 describes it: comma-separated, CRLF line ends, and a cell quoted (with
 * inner quotes doubled) only when it holds a comma, a quote or a line break.
 */

/** A cell: text, a number, or null/undefined for an empty cell. Non-finite numbers are written empty. */
export type CsvCell = string | number | null | undefined;

/** One cell as CSV. */
export function csvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Rows as CSV text, a header row first; every line ends with CRLF. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
