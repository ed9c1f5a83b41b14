/**
 * Red team, class 6: CSV injection. Learner names, assignment titles and file names are the
 * attacker's; the gradebook is opened in a spreadsheet, possibly one whose list separator is ";".
 * A real batch grades crafted files; the CSV must hold no cell that a spreadsheet would evaluate,
 * whether it splits the file on "," or on ";".
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { exerciseCode, makeSubmission } from '../fixtures/submissions/make-submission';
import { formulaCells, FORMULA_START, readCsv } from '../fixtures/submissions/read-csv';
import { EXERCISES_ROOT, runCommand } from './red-team';

const solved = () => [{ id: 'mmck-metrics', files: exerciseCode(EXERCISES_ROOT, '12-mmck-metrics', 'solution', ['mmck.ts']), browserOk: true }];

/** The classic payload: in a ";" spreadsheet, the name splits and "=cmd|…" becomes a formula cell. */
const PAYLOAD = "Eve;=cmd|' /C calc'!A0;";

const files: Record<string, unknown> = {
  'Eve;=cmd.json': makeSubmission({ learner: PAYLOAD, title: 'Week 2;=1+1,@SUM(A1);-3', exercises: solved() }),
  // Same learner, other case: both rows get a duplicate-learner flag naming the other file.
  '-Eve;@SUM(A1).json': makeSubmission({ learner: PAYLOAD.toLowerCase(), exercises: solved() }),
  'q.json': makeSubmission({ learner: 'Mal "=1+1";+2, "-3"', title: '"=HYPERLINK(""http://x"")"', exercises: solved() }),
  // File names may hold tabs, carriage returns and line breaks; this one is not even JSON.
  '\t=tab;\r-cr\n;@nl.json': '{"format": ',
};

describe('CSV injection through a real batch', () => {
  let stdout = '';
  let code = -1;
  beforeAll(async () => {
    ({ code, stdout } = await runCommand(files, ['--jobs', '2']));
  });

  test('no cell starts a formula when the gradebook is split on "," or on ";"', () => {
    expect(code).toBe(1);
    const formulas = (separator: string) => readCsv(stdout, separator).flat().filter((cell) => FORMULA_START.test(cell));
    expect({ ';': formulas(';'), ',': formulas(',') }).toEqual({ ';': [], ',': [] });
    expect(formulaCells(stdout)).toEqual([]);
  });

  test('every text cell is quoted, so the "," reading gives back each defused value whole', () => {
    const rows = readCsv(stdout, ',');
    expect(rows.map((row) => row.length)).toEqual(rows.map(() => 10));
    const byFile = new Map(rows.slice(1).map((row) => [row[0], row]));
    const eve = byFile.get("Eve;'=cmd.json");
    expect(eve?.[1]).toBe("Eve;'=cmd|' /C calc'!A0;");
    expect(eve?.[2]).toBe("Week 2;'=1+1,'@SUM(A1);'-3");
    expect(eve?.[5]).toBe('1');
    expect(eve?.[8]).toBe("duplicate learner name: also in -Eve;'@SUM(A1).json");
    expect(byFile.get("'-Eve;'@SUM(A1).json")?.[1]).toBe("eve;'=cmd|' /c calc'!a0;");
    expect(byFile.get('q.json')?.[1]).toBe(`Mal "=1+1";'+2,' "-3"`);
    expect(byFile.get("'\\u0009=tab;\\u000d-cr\\u000a;'@nl.json")?.[9]).toMatch(/^The file is not valid JSON/);
    for (const line of stdout.split('\r\n').filter((text) => text !== '')) {
      // Text cells open with a quote; the only bare cells are the grader's own numbers (or empty).
      expect(line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).every((cell) => cell === '' || cell.startsWith('"') || /^\d+(\.\d+)?$/.test(cell)), line).toBe(true);
    }
  });
});
