import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  assignmentChecksum,
  decodeAssignment,
  describeDue,
  dueProblem,
  encodeAssignment,
  fnv1a32,
  isoWithOffset,
  MAX_EXERCISES,
  slugify,
  validateAssignment,
  type Assignment,
} from '../../../src/lib/assignment';
import { EXERCISE_CATALOG } from '../../../src/lib/exercise-catalog';

const exerciseIds = EXERCISE_CATALOG.map((exercise) => exercise.id);
const lessonIds = ['01-intuition/01-shared-fate', '02-foundation/02-semaphore-bulkhead', '02-foundation/04-sizing-pools'];
const catalog = { exerciseIds, lessonIds };

const sample: Assignment = {
  title: 'Week 3: bulkheads & queues',
  due: '2030-03-14T17:00:00+01:00',
  exercises: ['semaphore-bulkhead', 'bounded-queue'],
  lessons: ['02-foundation/02-semaphore-bulkhead'],
};

/** Rebuilds a link with one parameter changed, keeping the original checksum. */
function edit(query: string, name: string, value: string | null): string {
  const params = new URLSearchParams(query);
  if (value === null) params.delete(name);
  else params.set(name, value);
  return params.toString();
}

function problemsOf(query: string): string[] {
  const result = decodeAssignment(query, catalog);
  if (result.ok) throw new Error(`expected ${query} to be rejected`);
  return result.problems;
}

describe('fnv1a32', () => {
  test('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe('811c9dc5');
    expect(fnv1a32('a')).toBe('e40c292c');
    expect(fnv1a32('foobar')).toBe('bf9cf968');
  });

  test('hashes UTF-8 bytes, so non-ASCII text has a stable value', () => {
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'));
    expect(fnv1a32('é')).not.toBe(fnv1a32('e\u0301'));
  });
});

describe('assignmentChecksum', () => {
  test('is 8 hex digits and changes when any field changes', () => {
    const base = assignmentChecksum(sample);
    expect(base).toMatch(/^[0-9a-f]{8}$/);
    expect(assignmentChecksum({ ...sample, title: 'Week 4: bulkheads & queues' })).not.toBe(base);
    expect(assignmentChecksum({ ...sample, due: null })).not.toBe(base);
    expect(assignmentChecksum({ ...sample, exercises: ['bounded-queue', 'semaphore-bulkhead'] })).not.toBe(base);
    expect(assignmentChecksum({ ...sample, lessons: [] })).not.toBe(base);
  });

  test('keeps field boundaries: moving an id between lists changes it', () => {
    const a: Assignment = { title: 'x', due: null, exercises: ['semaphore-bulkhead'], lessons: [] };
    const b: Assignment = { title: 'x', due: null, exercises: [], lessons: ['semaphore-bulkhead'] };
    expect(assignmentChecksum(a)).not.toBe(assignmentChecksum(b));
  });
});

describe('encodeAssignment', () => {
  test('writes the six parameters in a fixed order', () => {
    const query = encodeAssignment(sample, catalog);
    expect([...new URLSearchParams(query).keys()]).toEqual(['v', 't', 'due', 'ex', 'ls', 'c']);
    expect(new URLSearchParams(query).get('ex')).toBe('semaphore-bulkhead,bounded-queue');
  });

  test('refuses an invalid assignment rather than making a link that would fail on open', () => {
    expect(() => encodeAssignment({ ...sample, exercises: ['no-such-exercise'] }, catalog)).toThrow(/Unknown exercise "no-such-exercise"/);
  });
});

describe('decodeAssignment', () => {
  test('round-trips every valid assignment, with the checksum as its id', () => {
    const title = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .map((text) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '').trim())
      .filter((text) => text.length >= 1 && text.length <= 120);
    const due = fc.option(
      fc.record({
        date: fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2998-12-31T00:00:00Z'), noInvalidDate: true }),
        offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
      }).map(({ date, offset }) => isoWithOffset(date.toISOString().slice(0, 10), date.toISOString().slice(11, 16), offset) ?? null),
      { nil: null },
    );
    const assignment = fc.record({
      title,
      due,
      exercises: fc.uniqueArray(fc.constantFrom(...exerciseIds), { minLength: 1, maxLength: 13 }),
      lessons: fc.uniqueArray(fc.constantFrom(...lessonIds), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(assignment, (value) => {
        const query = encodeAssignment(value, catalog);
        const result = decodeAssignment(`?${query}`, catalog);
        expect(result).toEqual({ ok: true, assignment: value, id: assignmentChecksum(value) });
      }),
      { numRuns: 300 },
    );
  });

  test('accepts a link whose lessons are checked for form only when no lesson list is given', () => {
    const query = encodeAssignment(sample, catalog);
    expect(decodeAssignment(query, { exerciseIds }).ok).toBe(true);
    const other = encodeAssignment({ ...sample, lessons: ['09-future/01-lesson'] }, { exerciseIds });
    expect(decodeAssignment(other, { exerciseIds }).ok).toBe(true);
    expect(problemsOf(other)).toContain('Unknown lesson "09-future/01-lesson".');
  });

  test('rejects a link whose title was edited, because the checksum no longer matches', () => {
    const query = edit(encodeAssignment(sample, catalog), 't', 'Week 3: optional');
    expect(problemsOf(query)).toEqual(['The checksum does not match the rest of the link: the link was changed after it was made, or copied incompletely.']);
  });

  test('rejects a tampered checksum and a malformed one', () => {
    const query = encodeAssignment(sample, catalog);
    const flipped = assignmentChecksum(sample).replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(problemsOf(edit(query, 'c', flipped))[0]).toMatch(/checksum does not match/);
    expect(problemsOf(edit(query, 'c', 'XYZ'))).toEqual(['The checksum "XYZ" is not 8 hexadecimal digits.']);
  });

  test('names an unknown exercise even when the checksum was recomputed to match', () => {
    const forged = { ...sample, exercises: ['semaphore-bulkhead', 'steal-the-answers'] };
    const query = edit(edit(encodeAssignment(sample, catalog), 'ex', forged.exercises.join(',')), 'c', assignmentChecksum(forged));
    expect(problemsOf(query)).toEqual(['Unknown exercise "steal-the-answers".']);
  });

  test('rejects duplicates, empty entries, no exercises and too many', () => {
    const withIds = (ids: string[]) => {
      const value = { ...sample, exercises: ids };
      return edit(edit(encodeAssignment(sample, catalog), 'ex', ids.join(',')), 'c', assignmentChecksum(value));
    };
    expect(problemsOf(withIds(['bounded-queue', 'bounded-queue']))).toEqual(['The exercise "bounded-queue" is listed twice.']);
    expect(problemsOf(withIds(['bounded-queue', '']))).toEqual(['The exercise list has an empty entry.']);
    expect(problemsOf(withIds([]))).toEqual(['The assignment names no exercises; pick at least one.']);
    // An instructor may assign every exercise of the course, and no more.
    expect(MAX_EXERCISES, 'MAX_EXERCISES against the exercises in the course').toBe(exerciseIds.length);
    const oneTooMany = [...exerciseIds, 'bounded-queue'];
    expect(problemsOf(withIds(oneTooMany))).toContain(`The assignment names ${MAX_EXERCISES + 1} exercises; at most ${MAX_EXERCISES} are allowed.`);
  });

  test('rejects more than 30 lessons', () => {
    const many = Array.from({ length: 31 }, (_, index) => `01-intuition/${String(index).padStart(2, '0')}-x`);
    const problems = validateAssignment({ ...sample, lessons: many }, { exerciseIds });
    expect(problems).toEqual(['The assignment names 31 lessons; at most 30 are allowed.']);
  });

  test('rejects an overlong title, an empty one and control characters', () => {
    expect(validateAssignment({ ...sample, title: 'x'.repeat(121) }, catalog)).toEqual(['The title is 121 characters long; at most 120 are allowed.']);
    expect(validateAssignment({ ...sample, title: 'x'.repeat(120) }, catalog)).toEqual([]);
    expect(validateAssignment({ ...sample, title: '   ' }, catalog)).toEqual(['The title is empty.']);
    expect(validateAssignment({ ...sample, title: 'Week\n3' }, catalog)).toEqual(['The title contains control characters.']);
    expect(validateAssignment({ ...sample, title: 'Week \u202e3' }, catalog)).toEqual(['The title contains control characters.']);
    expect(validateAssignment({ ...sample, title: ' Week 3' }, catalog)).toEqual(['The title begins or ends with spaces.']);
  });

  test('keeps a <script> title as the exact text it is, for the page to show with textContent', () => {
    const title = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const query = encodeAssignment({ ...sample, title }, catalog);
    expect(query).not.toContain('<');
    const result = decodeAssignment(query, catalog);
    expect(result.ok && result.assignment.title).toBe(title);
  });

  test('rejects a bad or impossible due date', () => {
    const withDue = (due: string) => edit(edit(encodeAssignment(sample, catalog), 'due', due), 'c', assignmentChecksum({ ...sample, due }));
    expect(problemsOf(withDue('next friday'))).toEqual(['The due date "next friday" is not of the form 2025-03-14T17:00:00+01:00.']);
    expect(problemsOf(withDue('2030-02-30T10:00:00Z'))).toEqual(['The due date "2030-02-30T10:00:00Z" names a day that does not exist.']);
    expect(problemsOf(withDue('2030-13-01T10:00:00Z'))).toEqual(['The due date "2030-13-01T10:00:00Z" names a day that does not exist.']);
    expect(problemsOf(withDue('2030-01-01T24:00:00Z'))).toEqual(['The due date "2030-01-01T24:00:00Z" names a time that does not exist.']);
    expect(problemsOf(withDue('2030-01-01T10:00:00+15:00'))).toEqual(["The due date's time-zone offset +15:00 is outside ±14:00."]);
    expect(problemsOf(withDue('1999-12-31T10:00:00Z'))).toEqual(["The due date's year 1999 is outside 2000–2999."]);
    expect(problemsOf(withDue('2030-01-01T10:00:00'))).toHaveLength(1);
  });

  test('accepts a leap day and an empty due date', () => {
    expect(dueProblem('2028-02-29T23:59:59-05:30')).toBeUndefined();
    expect(dueProblem('2030-02-29T23:59:59Z')).toMatch(/does not exist/);
    const query = edit(edit(encodeAssignment(sample, catalog), 'due', ''), 'c', assignmentChecksum({ ...sample, due: null }));
    expect(decodeAssignment(query, catalog)).toMatchObject({ ok: true, assignment: { due: null } });
  });

  test('reports missing, unknown and repeated parameters', () => {
    const query = encodeAssignment(sample, catalog);
    expect(problemsOf(edit(query, 'c', null))).toEqual(['The link is missing the parameter "c" (it may have been cut short when copied).']);
    expect(problemsOf(`${query}&utm_source=mail`)).toEqual(['The link has an unknown parameter "utm_source".']);
    expect(problemsOf(`${query}&t=Other`)).toEqual(['The link repeats the parameter "t".']);
    expect(problemsOf('')).toEqual(['This address carries no assignment. Ask your instructor for the full link.']);
    const missingTitle = problemsOf(edit(query, 't', null));
    expect(missingTitle).toContain('The link is missing the parameter "t" (it may have been cut short when copied).');
    expect(missingTitle).not.toContain('The title is empty.');
  });

  test('treats an absent lesson list like an empty one', () => {
    const value = { ...sample, lessons: [] };
    const query = edit(encodeAssignment(value, catalog), 'ls', null);
    expect(decodeAssignment(query, catalog)).toEqual({ ok: true, assignment: value, id: assignmentChecksum(value) });
  });

  test('rejects another format version', () => {
    expect(problemsOf(edit(encodeAssignment(sample, catalog), 'v', '2'))).toContain('The link\'s format version "2" is not one this site reads (it reads version 1).');
  });

  test('escapes control characters and shortens long values inside messages', () => {
    const problems = problemsOf(`${encodeAssignment(sample, catalog)}&${encodeURIComponent('bad\u0007name' + 'x'.repeat(60))}=1`);
    expect(problems[0]).toBe(`The link has an unknown parameter "bad\\u0007name${'x'.repeat(32)}…".`);
  });

  test('refuses an oversized link before parsing it and caps the list of problems', () => {
    expect(problemsOf(`v=1&t=${'x'.repeat(5000)}`)[0]).toMatch(/^The link is 5006 characters long/);
    const noisy = Array.from({ length: 20 }, (_, index) => `p${index}=1`).join('&');
    const problems = problemsOf(noisy);
    expect(problems).toHaveLength(13);
    expect(problems.at(-1)).toMatch(/^…and \d+ more problems\.$/);
  });
});

describe('isoWithOffset', () => {
  test('formats east, west and zero offsets', () => {
    expect(isoWithOffset('2030-03-14', '17:00', 60)).toBe('2030-03-14T17:00:00+01:00');
    expect(isoWithOffset('2030-03-14', '09:30', -330)).toBe('2030-03-14T09:30:00-05:30');
    expect(isoWithOffset('2030-03-14', '09:30', 0)).toBe('2030-03-14T09:30:00Z');
  });

  test('returns undefined for impossible or malformed parts', () => {
    expect(isoWithOffset('2030-02-31', '10:00', 0)).toBeUndefined();
    expect(isoWithOffset('2030-02-01', '25:00', 0)).toBeUndefined();
    expect(isoWithOffset('14/03/2030', '10:00', 0)).toBeUndefined();
    expect(isoWithOffset('2030-02-01', '10:00', 15 * 60)).toBeUndefined();
  });
});

describe('describeDue', () => {
  const now = new Date('2030-03-10T12:00:00Z');
  test('counts whole days, hours or minutes until the due date', () => {
    expect(describeDue('2030-03-13T18:00:00Z', now)).toEqual({ overdue: false, text: 'due in 3 days' });
    expect(describeDue('2030-03-11T11:00:00Z', now)).toEqual({ overdue: false, text: 'due in 23 hours' });
    expect(describeDue('2030-03-10T13:00:00+01:00', now)).toEqual({ overdue: false, text: 'due in less than a minute' });
    expect(describeDue('2030-03-10T12:01:00Z', now)).toEqual({ overdue: false, text: 'due in 1 minute' });
  });

  test('says how long ago a passed due date was', () => {
    expect(describeDue('2030-03-08T11:00:00Z', now)).toEqual({ overdue: true, text: 'overdue by 2 days' });
    expect(describeDue('2030-03-10T11:00:00Z', now)).toEqual({ overdue: true, text: 'overdue by 60 minutes' });
  });
});

describe('slugify', () => {
  test('keeps ASCII letters and digits, folds accents and joins words with dashes', () => {
    expect(slugify('  Zoë Müller-Smith ', 'learner')).toBe('zoe-muller-smith');
    expect(slugify('Week 3: bulkheads & queues!', 'assignment')).toBe('week-3-bulkheads-queues');
  });

  test('falls back when nothing usable is left, and never exceeds 60 characters', () => {
    expect(slugify('数据', 'learner')).toBe('learner');
    expect(slugify('a'.repeat(100), 'x')).toHaveLength(60);
    expect(slugify('../../etc/passwd', 'x')).toBe('etc-passwd');
  });
});
