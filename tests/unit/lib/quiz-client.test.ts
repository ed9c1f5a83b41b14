import { describe, expect, test } from 'vitest';
import { checkAnswer, feedbackOf, freshQuestion, isRight, marksOf, phaseOf, peekStoredQuiz, readStoredQuiz, restoredQuestion } from '../../../src/lib/quiz-client';

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

describe('a single-answer question (right answer: option 0 of 3)', () => {
  const answer = [0];
  test('a first wrong answer explains only the option chosen and keeps the answer hidden', () => {
    const state = checkAnswer(freshQuestion(), [1]);
    expect(phaseOf(state, answer)).toBe('retry');
    expect(marksOf(state, answer, 3)).toEqual(['', 'wrong', '']);
    expect(feedbackOf(state, answer, false)).toBe('Not quite. See why under your answer, then choose again, or show the answer.');
  });
  test('a second wrong answer shows the right one, and both answers tried stay explained', () => {
    const state = checkAnswer(checkAnswer(freshQuestion(), [1]), [2]);
    expect(phaseOf(state, answer)).toBe('answer');
    expect(marksOf(state, answer, 3)).toEqual(['missed', 'wrong', 'wrong']);
    expect(feedbackOf(state, answer, false)).toBe('Not quite. The right answer is now marked, with why.');
  });
  test('the same wrong answer twice also shows the right one', () => {
    const state = checkAnswer(checkAnswer(freshQuestion(), [1]), [1]);
    expect(marksOf(state, answer, 3)).toEqual(['missed', 'wrong', '']);
  });
  test('"Show answer" shows it at once, before or after a try', () => {
    expect(marksOf({ ...freshQuestion(), shown: true }, answer, 3)).toEqual(['missed', '', '']);
    expect(feedbackOf({ ...freshQuestion(), shown: true }, answer, false)).toBe('The right answer is marked, with why.');
    expect(marksOf({ ...checkAnswer(freshQuestion(), [2]), shown: true }, answer, 3)).toEqual(['missed', '', 'wrong']);
  });
  test('a right answer on the second try marks it right and keeps the first try explained', () => {
    const state = checkAnswer(checkAnswer(freshQuestion(), [2]), [0]);
    expect(phaseOf(state, answer)).toBe('right');
    expect(marksOf(state, answer, 3)).toEqual(['right', '', 'wrong']);
  });
  test('an empty choice is not a try', () => {
    expect(checkAnswer(freshQuestion(), [])).toEqual(freshQuestion());
    expect(phaseOf(freshQuestion(), answer)).toBe('open');
    expect(marksOf(freshQuestion(), answer, 3)).toEqual(['', '', '']);
  });
  test('saved answers come back as one try: a wrong one can still be retried', () => {
    expect(phaseOf(restoredQuestion([1]), answer)).toBe('retry');
    expect(phaseOf(restoredQuestion([0]), answer)).toBe('right');
    expect(restoredQuestion(null)).toEqual(freshQuestion());
  });
});

describe('a multiple-answer question (right answers: 0, 1 and 3 of 4)', () => {
  const answer = [0, 1, 3];
  test('explains each option chosen, right or wrong, and not the missing ones', () => {
    const state = checkAnswer(freshQuestion(), [0, 2]);
    expect(marksOf(state, answer, 4)).toEqual(['right', '', 'wrong', '']);
    expect(feedbackOf(state, answer, true)).toBe('Not quite. See why under each answer you chose, then choose again, or show the answer.');
  });
  test('says so when what was chosen is right but incomplete', () => {
    expect(feedbackOf(checkAnswer(freshQuestion(), [0, 1]), answer, true)).toBe('Not quite: what you chose is right, but more answers apply. Choose again, or show the answer.');
  });
  test('after the second wrong try every right answer is marked', () => {
    const state = checkAnswer(checkAnswer(freshQuestion(), [0, 2]), [0, 1]);
    expect(marksOf(state, answer, 4)).toEqual(['right', 'right', 'wrong', 'missed']);
  });
});

describe('peekStoredQuiz', () => {
  test('reads the saved answers of one quiz from a raw document', () => {
    const doc = { quizzes: { 'shared-fate': { answers: [[1], null, [0, 2]], right: 1, total: 3 } } };
    expect(peekStoredQuiz(doc, 'shared-fate')).toEqual({ answers: [[1], null, [0, 2]] });
    expect(readStoredQuiz(peekStoredQuiz(doc, 'shared-fate'), [3, 3, 3])).toEqual([[1], null, [0, 2]]);
  });
  test('gives undefined for anything malformed instead of throwing', () => {
    for (const doc of [undefined, null, 'x', { quizzes: [] }, { quizzes: { 'shared-fate': { answers: 'x' } } }, { quizzes: { 'shared-fate': { answers: [['1']] } } }, { quizzes: { 'shared-fate': { answers: [[0.5]] } } }, { quizzes: { 'shared-fate': { answers: Array(9).fill(null) } } }, { quizzes: Object.create({ 'shared-fate': { answers: [[1]] } }) }]) {
      expect(peekStoredQuiz(doc, 'shared-fate')).toBeUndefined();
    }
  });
});
