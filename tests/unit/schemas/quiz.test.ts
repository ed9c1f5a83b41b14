import { describe, expect, test } from 'vitest';
import { parseQuiz } from '../../../src/schemas/quiz';

const option = (text: string, correct = false) => ({ text, correct, explanation: `Because ${text} is how it works.` });

describe('parseQuiz', () => {
  test('accepts a quiz and fills defaults', () => {
    const quiz = parseQuiz({ id: 'demo', questions: [{ prompt: 'Which one is right?', options: [option('a', true), option('b')] }] }, '/x/');
    expect(quiz.title).toBe('Check your understanding');
    expect(quiz.questions[0]?.multiple).toBe(false);
  });

  test('rejects a single-answer question with two right options, naming the quiz page and field', () => {
    expect(() => parseQuiz({ id: 'demo', questions: [{ prompt: 'Which one is right?', options: [option('a', true), option('b', true)] }] }, '/learn/x/')).toThrow(
      'The quiz on /learn/x/ is invalid: questions.0.options: a single-answer question has exactly one correct option (found 2); set multiple: true',
    );
  });

  test('rejects a question with no right option', () => {
    expect(() => parseQuiz({ id: 'demo', questions: [{ prompt: 'Which one is right?', options: [option('a'), option('b')] }] }, '/x/')).toThrow('at least one correct option');
  });

  test('rejects an option without an explanation', () => {
    expect(() => parseQuiz({ id: 'demo', questions: [{ prompt: 'Which one is right?', options: [{ text: 'a', correct: true }, option('b')] }] }, '/x/')).toThrow('questions.0.options.0.explanation');
  });
});
