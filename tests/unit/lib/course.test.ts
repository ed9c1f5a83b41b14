import { describe, expect, test } from 'vitest';
import { buildCourse, CourseStructureError, neighbours, splitOrdered, type LessonInput, type LevelInput } from '../../../src/lib/course';

function level(id: string, number: number): LevelInput {
  return { id, data: { level: number, title: `Level ${number}`, summary: 'summary', readyWhen: ['ready'] } };
}
function lesson(id: string, levelNumber: number, extra: Partial<LessonInput['data']> = {}, body = 'A short lesson.'): LessonInput {
  return {
    id,
    body,
    data: { title: id, description: 'd', level: levelNumber, objectives: ['o'], prerequisites: [], exercises: [], draft: false, ...extra },
  };
}

describe('splitOrdered', () => {
  test('reads the order from the NN- prefix and drops it from the slug', () => {
    expect(splitOrdered('03-deep-dive', 'x')).toEqual({ order: 3, slug: 'deep-dive' });
  });
  test('rejects a name without a two-digit prefix, naming the file', () => {
    expect(() => splitOrdered('deep-dive', 'content/lessons/deep-dive')).toThrow('content/lessons/deep-dive: "deep-dive" must be named NN-slug');
  });
});

describe('buildCourse', () => {
  const levels = [level('02-foundation', 2), level('01-intuition', 1)];

  test('orders levels and lessons by their prefixes, not by the order they were loaded', () => {
    const course = buildCourse(levels, [lesson('02-foundation/01-strategies', 2), lesson('01-intuition/02-map', 1), lesson('01-intuition/01-shared-fate', 1)]);
    expect(course.levels.map((item) => item.slug)).toEqual(['intuition', 'foundation']);
    expect(course.lessons.map((item) => item.id)).toEqual(['01-intuition/01-shared-fate', '01-intuition/02-map', '02-foundation/01-strategies']);
    expect(course.lessons[0]?.href).toBe('/learn/intuition/shared-fate/');
  });

  test('links previous and next across level boundaries', () => {
    const course = buildCourse(levels, [lesson('01-intuition/01-a', 1), lesson('02-foundation/01-b', 2)]);
    expect(neighbours(course, '01-intuition/01-a').next?.id).toBe('02-foundation/01-b');
    expect(neighbours(course, '02-foundation/01-b').previous?.id).toBe('01-intuition/01-a');
    expect(neighbours(course, '01-intuition/01-a').previous).toBeUndefined();
  });

  test('leaves drafts out of navigation', () => {
    const course = buildCourse(levels, [lesson('01-intuition/01-a', 1), lesson('01-intuition/02-b', 1, { draft: true })]);
    expect(course.lessons.map((item) => item.id)).toEqual(['01-intuition/01-a']);
  });

  test('rejects a lesson whose level disagrees with its folder, naming the file', () => {
    expect(() => buildCourse(levels, [lesson('01-intuition/01-a', 2)])).toThrow(CourseStructureError);
    expect(() => buildCourse(levels, [lesson('01-intuition/01-a', 2)])).toThrow('content/lessons/01-intuition/01-a.mdx: "level" is 2 but the lesson sits in level 1');
  });

  test('rejects two lessons with the same number in one level', () => {
    expect(() => buildCourse(levels, [lesson('01-intuition/01-a', 1), lesson('01-intuition/01-b', 1)])).toThrow('lesson number 1 is already used');
  });

  test('rejects a prerequisite that does not exist', () => {
    expect(() => buildCourse(levels, [lesson('01-intuition/01-a', 1, { prerequisites: [{ id: '01-intuition/09-gone' }] })])).toThrow('prerequisite "01-intuition/09-gone" is not a lesson');
  });

  test('rejects a prerequisite that comes later in the course', () => {
    const lessons = [lesson('01-intuition/01-a', 1, { prerequisites: [{ id: '01-intuition/02-b' }] }), lesson('01-intuition/02-b', 1)];
    expect(() => buildCourse(levels, lessons)).toThrow('comes after this lesson');
  });

  test('rejects a link to an exercise that is not in the catalog', () => {
    const lessons = [lesson('01-intuition/01-a', 1, { exercises: ['no-such-exercise'] })];
    expect(() => buildCourse(levels, lessons, { exerciseIds: new Set(['semaphore-bulkhead']) })).toThrow('exercise "no-such-exercise" is not in the exercise catalog');
  });

  test('rejects a lesson in a folder without level.json', () => {
    expect(() => buildCourse(levels, [lesson('07-extra/01-a', 1)])).toThrow('folder "07-extra" has no level.json');
  });

  test('rejects a level.json whose number disagrees with its folder', () => {
    expect(() => buildCourse([level('01-intuition', 3)], [])).toThrow('"level" is 3 but the folder says 1');
  });

  test("computes each lesson's minutes from its text, not from the frontmatter", () => {
    const long = Array.from({ length: 2000 }, () => 'word').join(' ');
    const course = buildCourse(levels, [lesson('01-intuition/01-short', 1), lesson('01-intuition/02-long', 1, {}, long)]);
    expect(course.lessons.map((item) => item.minutes)).toEqual([1, 10]);
  });

  test('rejects a lesson with no text to time, naming the file', () => {
    const entry = { ...lesson('01-intuition/01-a', 1), body: undefined };
    expect(() => buildCourse(levels, [entry])).toThrow('content/lessons/01-intuition/01-a.mdx: the lesson has no text');
  });
});
