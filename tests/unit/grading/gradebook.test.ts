import { describe, expect, test } from 'vitest';
import { countRows, csvField, errorRow, formatNumber, formatSummary, GRADEBOOK_FORMAT, printable, toCsv, toJson, type Gradebook, type GradeRow } from '../../../src/grading';
import { formulaCells, readCsv } from '../../fixtures/submissions/read-csv';

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
    assignment: { id: 'abcd1234', title: 'Week 2, part "B"', due: null, exercises: Object.keys(scores), lessons: [] },
    submittedAt: '2026-01-01T10:00:00.000Z',
    fileModifiedAt: '2026-01-01T10:05:00.000Z',
    exercises,
    total: exercises.reduce((sum, grade) => sum + grade.score, 0),
    max: exercises.length,
    flags,
    lessons: {},
    error: null,
  };
}

function book(rows: GradeRow[]): Gradebook {
  return {
    exercises: ['semaphore-bulkhead', 'mmck-metrics'],
    lessons: [],
    rows,
    skipped: [{ file: 'notes.txt', reason: 'not a .json file' }],
    assignments: [{ id: 'abcd1234', title: 'Week 2, part "B"', due: null, rows: rows.filter((row) => row.error === null).length }],
    timeLimitMs: 4000,
  };
}

describe('csvField', () => {
  test('quotes every text field and doubles its quotes', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('')).toBe('""');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  test('defuses text a spreadsheet would evaluate as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe('"\'+1"');
    expect(csvField('-2+3')).toBe('"\'-2+3"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField('\tx')).toBe('"\'\\u0009x"');
    expect(csvField('\r=1')).toBe('"\'\\u000d=1"');
    expect(csvField('  =1+1')).toBe('"\'  =1+1"');
  });

  test('defuses a formula that would start a cell when the file is split on ";" or on ","', () => {
    expect(csvField("Eve;=cmd|' /C calc'!A0;")).toBe('"Eve;\'=cmd|\' /C calc\'!A0;"');
    expect(csvField('a; -1, @x,"=y"')).toBe('"a;\' -1,\' @x,\'""=y"""');
    expect(csvField('late: x; run cut off: y')).toBe('"late: x; run cut off: y"');
  });

  test('writes the grader\'s numbers as plain numerals, and defuses a negative one', () => {
    expect(csvField(0.6666666)).toBe('0.667');
    expect(csvField(2)).toBe('2');
    expect(csvField(-1)).toBe('"\'-1"');
  });

  test('escapes control characters so no cell can drive a terminal', () => {
    expect(csvField('a\u001b[31mb\nc')).toBe('"a\\u001b[31mb\\u000ac"');
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
        '"file","learner","assignment","submitted at","file modified","semaphore-bulkhead","mmck-metrics","total","max","flags","error"',
        '"a.json","\'=Mallory","Week 2, part ""B""","2026-01-01T10:00:00.000Z","2026-01-01T10:05:00.000Z",0.5,1,1.5,2,"late: submitted x, due y",""',
        '"b.json","Bob","Week 2, part ""B""","2026-01-01T10:00:00.000Z","2026-01-01T10:05:00.000Z",,0.75,0.75,1,"",""',
        '"c.json","","","","",,,,,"","The file is empty."',
        '',
      ].join('\r\n'),
    );
  });

  test('has one column per required lesson: done, not done or not recorded', () => {
    const first = gradedRow('a.json', 'Ann', { 'mmck-metrics': 1 });
    first.assignment = { id: 'abcd1234', title: 'Week 2', due: null, exercises: ['mmck-metrics'], lessons: ['01-basics/01-why', '02-foundation/02-semaphore'] };
    first.lessons = { '01-basics/01-why': 'done', '02-foundation/02-semaphore': 'not recorded' };
    const second = gradedRow('b.json', 'Bob', { 'mmck-metrics': 1 });
    second.assignment = { id: 'abcd1234', title: 'Week 2', due: null, exercises: ['mmck-metrics'], lessons: ['01-basics/01-why'] };
    second.lessons = { '01-basics/01-why': 'not done' };
    const lessonBook = { ...book([first, second, errorRow('c.json', 'bad', null)]), exercises: ['mmck-metrics'], lessons: ['01-basics/01-why', '02-foundation/02-semaphore'] };
    const cells = readCsv(toCsv(lessonBook), ',');
    expect(cells[0]?.slice(5)).toEqual(['mmck-metrics', 'total', 'max', 'lesson 01-basics/01-why', 'lesson 02-foundation/02-semaphore', 'flags', 'error']);
    expect(cells.slice(1).map((row) => row.slice(8, 10))).toEqual([
      ['done', 'not recorded'],
      ['not done', ''],
      ['', ''],
    ]);
  });

  const hostile = [
    "Eve;=cmd|' /C calc'!A0;",
    '=1+1',
    '+SUM(A1)',
    '-2+3',
    '@import',
    '\t=tab',
    '\r=cr',
    ' ;=spaced',
    'a,=comma',
    'q"uo;"=te',
    'line\nbreak;=x',
    'x; "=y"',
    "Zoë;'-already'",
  ];

  test.each([',', ';'])('leaves no cell that starts a formula when a spreadsheet splits the file on "%s"', (separator) => {
    const rows = hostile.map((name, index) =>
      gradedRow(`${name}.json`, name, { 'mmck-metrics': 0.5 }, [
        { kind: 'duplicate-learner', message: `duplicate learner name: also in ${name}.json` },
        { kind: 'not-in-assignment', exercise: name, message: `exercise not in assignment: ${name} (not graded)` },
        { kind: 'late', message: `${index % 2 === 0 ? '=' : '-'}late` },
      ]),
    );
    const hostileBook = { ...book([...rows, errorRow('=bad;=x.json', `-${hostile.join(';')}`, null)]), exercises: ['mmck-metrics', '=HYPERLINK("x");=y'] };
    const csv = toCsv(hostileBook);
    const cells = readCsv(csv, separator).flat();
    expect(cells.length).toBeGreaterThan(hostile.length);
    expect(cells.filter((cell) => /^[\s"]*[=+\-@]|^[\t\r]/.test(cell))).toEqual([]);
  });

  test('leaves no formula cell under either separator even for a reader that toggles quoting at every quote', () => {
    const rows = hostile.map((name) => gradedRow(`${name}.json`, name, { 'mmck-metrics': 0.5 }, [{ kind: 'late', message: `late: ${name}` }]));
    expect(formulaCells(toCsv(book(rows)))).toEqual([]);
  });

  test('round-trips every text cell through an RFC 4180 reader with "," (after the defusing quote)', () => {
    const rows = hostile.map((name) => gradedRow('x.json', name, { 'mmck-metrics': 1 }));
    const cells = readCsv(toCsv(book(rows)), ',');
    expect(cells.slice(1).map((row) => row[1])).toEqual(hostile.map((name) => csvText(name)));
  });
});

/** What a cell shows once read: control characters escaped, and a "'" before each formula start. */
function csvText(name: string): string {
  const escaped = printable(name);
  const lead = /^[\s"]*[=+\-@]|^[\t\r]/.test(name) ? "'" : '';
  return lead + escaped.replace(/([;,])(?=[\s"]*[=+\-@])/g, "$1'");
}

describe('toJson', () => {
  test('carries the format marker and every row', () => {
    const row = gradedRow('a.json', 'Ann', { 'mmck-metrics': 1 });
    row.lessons = { '01-basics/01-why': 'done' };
    const parsed = JSON.parse(toJson({ ...book([row]), lessons: ['01-basics/01-why'] })) as { format: string; version: number; lessons: string[]; rows: GradeRow[] };
    expect(parsed.format).toBe(GRADEBOOK_FORMAT);
    expect(parsed.version).toBe(1);
    expect(parsed.rows[0]?.learner).toBe('Ann');
    expect(parsed.lessons).toEqual(['01-basics/01-why']);
    expect(parsed.rows[0]?.lessons).toEqual({ '01-basics/01-why': 'done' });
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
