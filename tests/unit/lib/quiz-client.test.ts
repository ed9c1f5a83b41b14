import { describe, expect, test } from 'vitest';
import { isRight, readStoredQuiz } from '../../../src/lib/quiz-client';

describe('readStoredQuiz', () => {
  test('reads a stored result of the right shape', () => {
    expect(readStoredQuiz('{"version":1,"answers":[[0],null],"updatedAt":"t"}', 2)?.answers).toEqual([[0], null]);
  });
  test('ignores broken JSON, another version or another question count', () => {
    expect(readStoredQuiz('{oops', 2)).toBeUndefined();
    expect(readStoredQuiz('{"version":2,"answers":[null,null]}', 2)).toBeUndefined();
    expect(readStoredQuiz('{"version":1,"answers":[null]}', 2)).toBeUndefined();
  });
  test('drops entries that are not lists of option indexes', () => {
    expect(readStoredQuiz('{"version":1,"answers":[["x"],[-1]]}', 2)?.answers).toEqual([null, null]);
  });
});

describe('isRight', () => {
  test('needs exactly the right options, in any order', () => {
    expect(isRight([2, 0], [0, 2])).toBe(true);
    expect(isRight([0], [0, 2])).toBe(false);
    expect(isRight([0, 1, 2], [0, 2])).toBe(false);
  });
});
