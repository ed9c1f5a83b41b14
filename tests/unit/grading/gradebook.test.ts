import { describe, expect, test } from 'vitest';
import { countRows, csvField, errorRow, formatNumber, formatSummary, GRADEBOOK_FORMAT, printable, toCsv, toJson, type Gradebook, type GradeRow } from '../../../src/grading';

function gradedRow(file: string, learner: string, scores: Record<string, number>, flags: GradeRow['flags'] = []): GradeRow {
  const exercises = Object.entries(scores).map(([id, score]) => ({
    id,
    submitted: true,
    passed: score * 4,
    total: 4,
    score,
    pass: score === 1,
    visible: { passed: score * 2, total: 2 },
    hidden: { passed: score * 2, total: 2 },
    runError: null,
    failedTests: [],
    browserResult: null,
  }));
  return {
    file,
    learner,
    assignment: { id: 'abcd1234', title: 'Week 2, part "B"', due: null, exercises: Object.keys(scores) },
    submittedAt: '2026-01-01T10:00:00.000Z',
    fileModifiedAt: '2026-01-01T10:05:00.000Z',
    exercises,
    total: exercises.reduce((sum, grade) => sum + grade.score, 0),
    max: exercises.length,
    flags,
    error: null,
  };
}

function book(rows: GradeRow[]): Gradebook {
  return {
    exercises: ['semaphore-bulkhead', 'mmck-metrics'],
    rows,
    skipped: [{ file: 'notes.txt', reason: 'not a .json file' }],
    assignments: [{ id: 'abcd1234', title: 'Week 2, part "B"', due: null, rows: rows.filter((row) => row.error === null).length }],
    timeLimitMs: 4000,
  };
}

describe('csvField', () => {
  test('quotes fields with commas, quotes or line breaks and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  test('defuses text a spreadsheet would evaluate as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\\u0009x");
  });

  test('writes numbers plainly, even negative ones', () => {
    expect(csvField(0.6666666)).toBe('0.667');
    expect(csvField(-1)).toBe('-1');
  });

  test('escapes control characters so no cell can drive a terminal', () => {
    expect(csvField('a\u001b[31mb\nc')).toBe('a\\u001b[31mb\\u000ac');
  });
});

describe('printable', () => {
  test('escapes controls and bidirectional overrides and leaves other text alone', () => {
    expect(printable('Zoë\u202Eexe')).toBe('Zoë\\u202eexe');
  });
});

describe('formatNumber', () => {
  test('keeps at most three decimals and never prints NaN or Infinity', () => {
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(2.25)).toBe('2.25');
    expect(formatNumber(Number.NaN)).toBe('');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('');
  });
});

describe('toCsv', () => {
  test('writes a header and one row per file, blank cells for unassigned exercises and for error rows', () => {
    const rows = [
      gradedRow('a.json', '=Mallory', { 'semaphore-bulkhead': 0.5, 'mmck-metrics': 1 }, [{ kind: 'late', message: 'late: submitted x, due y' }]),
      gradedRow('b.json', 'Bob', { 'mmck-metrics': 0.75 }),
      errorRow('c.json', 'The file is empty.', null),
    ];
    expect(toCsv(book(rows))).toBe(
      [
        'file,learner,assignment,submitted at,file modified,semaphore-bulkhead,mmck-metrics,total,max,flags,error',
        'a.json,\'=Mallory,"Week 2, part ""B""",2026-01-01T10:00:00.000Z,2026-01-01T10:05:00.000Z,0.5,1,1.5,2,"late: submitted x, due y",',
        'b.json,Bob,"Week 2, part ""B""",2026-01-01T10:00:00.000Z,2026-01-01T10:05:00.000Z,,0.75,0.75,1,,',
        'c.json,,,,,,,,,,The file is empty.',
        '',
      ].join('\r\n'),
    );
  });
});

describe('toJson', () => {
  test('carries the format marker and every row', () => {
    const parsed = JSON.parse(toJson(book([gradedRow('a.json', 'Ann', { 'mmck-metrics': 1 })]))) as { format: string; version: number; rows: GradeRow[] };
    expect(parsed.format).toBe(GRADEBOOK_FORMAT);
    expect(parsed.version).toBe(1);
    expect(parsed.rows[0]?.learner).toBe('Ann');
  });
});

describe('countRows', () => {
  test('counts graded, errored, flagged and all-passed rows', () => {
    const rows = [
      gradedRow('a.json', 'Ann', { 'mmck-metrics': 1 }),
      gradedRow('b.json', 'Bob', { 'mmck-metrics': 0.5 }, [{ kind: 'late', message: 'late' }]),
      errorRow('c.json', 'bad', null),
    ];
    expect(countRows(rows)).toEqual({ graded: 2, errors: 1, flagged: 1, allPassed: 1 });
  });
});

describe('formatSummary', () => {
  test('gives counts, flags by kind, skipped files and a warning for mixed assignments', () => {
    const rows = [
      gradedRow('a.json', 'Ann', { 'mmck-metrics': 1 }, [{ kind: 'late', message: 'late' }, { kind: 'browser-claimed-pass', exercise: 'mmck-metrics', message: 'x' }]),
      gradedRow('b.json', 'Bob', { 'mmck-metrics': 0.5 }, [{ kind: 'late', message: 'late' }]),
      errorRow('c.json', 'bad', null),
    ];
    const mixed = { ...book(rows), assignments: [{ id: 'aaaa1111', title: 'One', due: null, rows: 1 }, { id: 'bbbb2222', title: 'Two', due: null, rows: 1 }] };
    expect(formatSummary(mixed)).toBe(
      [
        '3 submission files: 2 graded (1 passed every exercise), 1 with errors, 2 flagged.',
        'Flags: 2 × late, 1 × browser claimed pass, tests fail.',
        'Skipped: notes.txt (not a .json file).',
        'Warning: the files follow 2 different assignments: "One" (aaaa1111, 1 file), "Two" (bbbb2222, 1 file).',
        '',
      ].join('\n'),
    );
  });
});
