import { describe, expect, test } from 'vitest';
import { MAX_SUBMISSION_BYTES, parseSubmission, submissionSchema } from '../../../src/schemas/submission';

function valid(): Record<string, unknown> {
  return {
    format: 'bulkhead-lab-submission',
    version: 1,
    learner: { name: '  Ada Lovelace ' },
    assignment: {
      id: '3fa9c2e1',
      title: 'Week 2: semaphores',
      due: '2026-03-01T23:59:00+01:00',
      exercises: ['semaphore-bulkhead', 'bounded-queue'],
      lessons: ['02-foundation/02-semaphore-bulkhead'],
      link: 'v=1&t=Week%202&due=&ex=semaphore-bulkhead,bounded-queue&ls=&c=3fa9c2e1',
    },
    createdAt: '2026-02-28T10:00:00.000Z',
    exercises: [
      {
        id: 'semaphore-bulkhead',
        files: { 'bulkhead.ts': 'export const x = 1;\n' },
        updatedAt: '2026-02-28T09:59:00.000Z',
        browserResult: { at: '2026-02-28T09:59:30.000Z', runner: 'worker', ok: true, passed: 7, failed: 0, total: 7 },
      },
      { id: 'bounded-queue', files: {}, updatedAt: null, browserResult: null },
    ],
    lessons: [{ id: '02-foundation/02-semaphore-bulkhead', completedAt: null }],
  };
}

const REMOVE = Symbol('remove');

/** Sets (or removes) one field of a copy of the valid submission and returns the problems. */
function problemsWith(path: ReadonlyArray<string | number>, value: unknown): string[] {
  const draft: unknown = structuredClone(valid());
  let target = draft as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path.at(-1) ?? '';
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  const result = parseSubmission(draft);
  if (result.ok) throw new Error('expected the submission to be rejected');
  return result.problems;
}

describe('submissionSchema', () => {
  test('accepts a well-formed submission and trims the learner name', () => {
    const parsed = submissionSchema.parse(valid());
    expect(parsed.learner.name).toBe('Ada Lovelace');
    expect(parsed.exercises).toHaveLength(2);
  });

  test('caps submission files at one million bytes', () => {
    expect(MAX_SUBMISSION_BYTES).toBe(1_000_000);
  });
});

describe('parseSubmission', () => {
  test('returns the submission when it is valid', () => {
    const result = parseSubmission(valid());
    expect(result.ok).toBe(true);
  });

  test('rejects a non-object with a message about the whole file', () => {
    for (const input of [[], 'text', 42, null]) {
      const result = parseSubmission(input);
      expect(result).toEqual({ ok: false, problems: ['(submission): a submission must be a JSON object'] });
    }
  });

  test('rejects a wrong format marker and version, naming each field', () => {
    expect(problemsWith(['format'], 'something-else')).toEqual(['format: format must be "bulkhead-lab-submission"']);
    expect(problemsWith(['version'], 2)).toEqual(['version: version must be 1']);
  });

  test('rejects unknown keys at the top and inside nested objects, __proto__ and constructor included', () => {
    const top = parseSubmission(JSON.parse(JSON.stringify(valid()).replace('{"format"', '{"__proto__":{"admin":true},"format"')));
    expect(top).toEqual({ ok: false, problems: ['the submission: unknown field(s) "__proto__"'] });
    // Assigning `constructor` on a plain object makes an own property, which a strict object rejects.
    expect(problemsWith(['learner', 'constructor'], 'x')).toEqual(['learner: unknown field(s) "constructor"']);
  });

  test('rejects a __proto__ file name inside files', () => {
    const text = JSON.stringify(valid()).replace('"files":{"bulkhead.ts"', '"files":{"__proto__":"x","bulkhead.ts"');
    const result = parseSubmission(JSON.parse(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['exercises.0.files.__proto__: each file name must be a kebab-case .ts name like "bulkhead.ts"']);
  });

  test('rejects a blank, overlong or control-character learner name', () => {
    expect(problemsWith(['learner', 'name'], '   ')).toEqual(['learner.name: name must not be empty']);
    expect(problemsWith(['learner', 'name'], 'x'.repeat(101))).toEqual(['learner.name: name must have at most 100 characters']);
    expect(problemsWith(['learner', 'name'], 'Ada\u0007')).toEqual(['learner.name: name must not contain control characters']);
    expect(problemsWith(['learner', 'name'], 'evil\u202Egnp.exe')).toEqual(['learner.name: name must not contain control characters']);
  });

  test('rejects a bad assignment title, due date, exercise list and lesson list', () => {
    expect(problemsWith(['assignment', 'title'], 'x'.repeat(121))).toEqual(['assignment.title: title must have at most 120 characters']);
    expect(problemsWith(['assignment', 'due'], '2026-03-01T23:59:00')).toEqual([
      'assignment.due: due must be an ISO 8601 date-time with a time zone, e.g. "2026-03-01T12:00:00Z"',
    ]);
    expect(problemsWith(['assignment', 'exercises'], [])).toEqual(['assignment.exercises: exercises must name at least 1 exercise']);
    expect(problemsWith(['assignment', 'exercises'], ['a', 'a'])).toEqual(['assignment.exercises: exercises must not repeat an id']);
    expect(problemsWith(['assignment', 'exercises'], Array.from({ length: 15 }, (_, index) => `e${index}`))).toEqual([
      'assignment.exercises: exercises must name at most 14 exercises',
    ]);
    expect(problemsWith(['assignment', 'exercises'], ['Bad Id'])).toEqual([
      'assignment.exercises.0: each exercise id must be a kebab-case id like "semaphore-bulkhead"',
    ]);
    expect(problemsWith(['assignment', 'lessons'], ['shared-fate'])).toEqual([
      'assignment.lessons.0: each lesson id must look like "02-foundation/02-semaphore-bulkhead"',
    ]);
    expect(problemsWith(['assignment', 'id'], '<script>')).toEqual(['assignment.id: id must be 1 to 64 letters, digits, "-" or "_"']);
    expect(problemsWith(['assignment', 'link'], 5)).toEqual(['assignment.link: link must be a string']);
  });

  test('accepts a null due date and no lessons', () => {
    const draft = valid();
    const result = parseSubmission({ ...draft, assignment: { ...(draft['assignment'] as object), due: null, lessons: [] }, lessons: [] });
    expect(result.ok).toBe(true);
  });

  test('rejects a bad createdAt', () => {
    expect(problemsWith(['createdAt'], 'yesterday')).toEqual([
      'createdAt: createdAt must be an ISO 8601 date-time with a time zone, e.g. "2026-03-01T12:00:00Z"',
    ]);
  });

  test('rejects bad exercise entries, naming the index and field', () => {
    expect(problemsWith(['exercises', 1, 'id'], 'semaphore-bulkhead')).toEqual(['exercises: exercises must not repeat an exercise id']);
    expect(problemsWith(['exercises', 0, 'files'], { 'bulkhead.ts': 'x'.repeat(200_001) })).toEqual([
      'exercises.0.files.bulkhead.ts: each file must have at most 200000 characters',
    ]);
    expect(problemsWith(['exercises', 0, 'files'], { 'bulkhead.ts': 3 })).toEqual(['exercises.0.files.bulkhead.ts: each file must be a string of source code']);
    expect(problemsWith(['exercises', 0, 'files'], ['x'])).toEqual(['exercises.0.files: files must be an object of file name → source code']);
    expect(problemsWith(['exercises', 0, 'files'], { '../etc/passwd': 'x' })).toEqual(['exercises.0.files["../etc/passwd"]: each file name must be a kebab-case .ts name like "bulkhead.ts"']);
    expect(problemsWith(['exercises', 0, 'updatedAt'], 12)).toEqual([
      'exercises.0.updatedAt: updatedAt must be an ISO 8601 date-time with a time zone, e.g. "2026-03-01T12:00:00Z"',
    ]);
    expect(problemsWith(['exercises', 0, 'browserResult'], REMOVE)).toEqual(['exercises.0.browserResult: browserResult must be an object or null']);
  });

  test('rejects an inconsistent or malformed browser result', () => {
    expect(problemsWith(['exercises', 0, 'browserResult', 'ok'], 'yes')).toEqual(['exercises.0.browserResult.ok: ok must be true or false']);
    expect(problemsWith(['exercises', 0, 'browserResult', 'runner'], 'deno')).toEqual([
      'exercises.0.browserResult.runner: runner must be "node", "worker" or "webcontainer"',
    ]);
    expect(problemsWith(['exercises', 0, 'browserResult', 'passed'], 1.5)).toEqual(['exercises.0.browserResult.passed: passed must be a whole number']);
    expect(problemsWith(['exercises', 0, 'browserResult', 'passed'], 8)).toEqual(['exercises.0.browserResult.total: passed + failed must not exceed total']);
    expect(problemsWith(['exercises', 0, 'browserResult', 'extra'], 1)).toEqual(['exercises.0.browserResult: unknown field(s) "extra"']);
  });

  test('rejects bad lesson entries', () => {
    expect(problemsWith(['lessons', 0, 'completedAt'], 'soon')).toEqual([
      'lessons.0.completedAt: completedAt must be an ISO 8601 date-time with a time zone, e.g. "2026-03-01T12:00:00Z"',
    ]);
    expect(problemsWith(['lessons'], 'all')).toEqual(['lessons: lessons must be an array']);
  });

  test('reports a missing field by its path', () => {
    expect(problemsWith(['learner'], REMOVE)).toEqual(['learner: learner must be an object']);
    expect(problemsWith(['assignment', 'title'], REMOVE)).toEqual(['assignment.title: title must be a string']);
  });
});

describe('parseSubmission with many or long unknown keys', () => {
  test('names at most five unknown keys, each cut to 40 characters', () => {
    const extra = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`${'k'.repeat(50)}${index}`, 1]));
    const result = parseSubmission({ ...valid(), ...extra });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toBe(`the submission: unknown field(s) ${Array.from({ length: 5 }, () => `"${'k'.repeat(40)}…"`).join(', ')} and 3 more`);
    }
  });
});
