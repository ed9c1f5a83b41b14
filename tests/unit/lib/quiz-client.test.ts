import { describe, expect, test } from 'vitest';
import { isRight, readStoredQuiz } from '../../../src/lib/quiz-client';

describe('readStoredQuiz', () => {
  test('returns stored answers that fit the quiz', () => {
    expect(readStoredQuiz({ answers: [[0], null] }, [3, 4])).toEqual([[0], null]);
  });
  test('ignores a missing record or one with another question count', () => {
    expect(readStoredQuiz(undefined, [3, 3])).toBeUndefined();
    expect(readStoredQuiz({ answers: [null] }, [3, 3])).toBeUndefined();
  });
  test('drops answers that name an option the question does not have', () => {
    expect(readStoredQuiz({ answers: [[5], [1, 2], []] }, [3, 3, 3])).toEqual([null, [1, 2], null]);
  });
});

describe('isRight', () => {
  test('needs exactly the right options, in any order', () => {
    expect(isRight([2, 0], [0, 2])).toBe(true);
    expect(isRight([0], [0, 2])).toBe(false);
    expect(isRight([0, 1, 2], [0, 2])).toBe(false);
  });
});
