import { describe, expect, test } from 'vitest';
import {
  CALCULATOR_SECONDS,
  CODE_WORDS_PER_MINUTE,
  DIAGRAM_SECONDS,
  EXERCISE_LINK_SECONDS,
  PROSE_WORDS_PER_MINUTE,
  SECONDS_TO_ANSWER_A_QUESTION,
  SIMULATOR_SECONDS,
  countWords,
  readingTime,
} from '../../../src/lib/reading-time';

const words = (n: number, word = 'word'): string => Array.from({ length: n }, () => word).join(' ');

describe('countWords', () => {
  test('counts the words a reader sees: link text but not its target, no Markdown marks', () => {
    expect(countWords('A **bold** [link text](/learn/foundation/sizing-pools/) and `code`.')).toBe(6);
    expect(countWords('| a | b |\n|---|---|\n| 1 | 2 |')).toBe(4);
    expect(countWords('## Heading — with a dash → arrow')).toBe(5);
  });
});

describe('readingTime', () => {
  test('reads prose at the prose rate, rounded to whole minutes', () => {
    const time = readingTime(words(PROSE_WORDS_PER_MINUTE * 3));
    expect(time).toMatchObject({ words: 600, codeWords: 0, seconds: 180, minutes: 3 });
  });

  test('ignores frontmatter and the reference list', () => {
    const source = `---\ntitle: ${words(50)}\n---\n\n${words(200)}\n\n<References>\n1. ${words(500)}\n</References>\n`;
    expect(readingTime(source)).toMatchObject({ words: 200, minutes: 1 });
  });

  test('reads code at the code rate and counts each diagram once, its labels not as words', () => {
    const source = ['Intro.', '', '```ts title="a.ts"', ...Array.from({ length: 20 }, () => 'x = a + b;'), '```', '', '```mermaid', 'flowchart LR', '  A[Many words in a label] --> B', '```'].join('\n');
    const time = readingTime(source);
    expect(time).toMatchObject({ words: 1, codeWords: 100, diagrams: 1 });
    expect(time.seconds).toBeCloseTo(60 / PROSE_WORDS_PER_MINUTE + (100 / CODE_WORDS_PER_MINUTE) * 60 + DIAGRAM_SECONDS, 9);
  });

  test('gives each quiz question its words plus time to answer', () => {
    const source = `<Quiz\n  id="q"\n  questions={[\n    { prompt: "${words(10)}", options: [\n      { text: "${words(5)}", correct: true, explanation: "${words(15)}" },\n      { text: "${words(5)}", explanation: "${words(5)}" }\n    ] },\n    { prompt: "${words(10)}", options: [{ text: "yes", correct: true }, { text: "no" }] }\n  ]}\n/>`;
    const time = readingTime(source);
    expect(time).toMatchObject({ quizQuestions: 2, quizWords: 40 + 12, words: 0 });
    expect(time.seconds).toBeCloseTo((52 / PROSE_WORDS_PER_MINUTE) * 60 + 2 * SECONDS_TO_ANSWER_A_QUESTION, 9);
  });

  test('adds fixed time for the simulator, calculators and exercise links, and reads their captions', () => {
    const source = [
      '<PoolSimulator preset="healthy" caption="Four words of caption." />',
      '<SizingCalculator initial={{ rate: 200, mean: 500, block: 1 }} title="Two words" />',
      '<IsolationPriceCalculator initial={{ rate: 160, mean: 100, block: 1, parts: 4 }} />',
      '<ExerciseLink id="partition-pool" />',
    ].join('\n\n');
    const time = readingTime(source);
    expect(time).toMatchObject({ simulators: 1, calculators: 2, exerciseLinks: 1, words: 6 });
    expect(time.seconds).toBeCloseTo((6 / PROSE_WORDS_PER_MINUTE) * 60 + SIMULATOR_SECONDS + 2 * CALCULATOR_SECONDS + EXERCISE_LINK_SECONDS, 9);
  });

  test('reads the text inside wrapper components such as callouts and takeaways', () => {
    const source = `<Callout type="note" title="Two words">\n${words(100)}\n</Callout>\n\n<KeyTakeaways>\n- ${words(98)}\n</KeyTakeaways>`;
    expect(readingTime(source)).toMatchObject({ words: 200, minutes: 1 });
  });

  test('never says zero minutes', () => {
    expect(readingTime('').minutes).toBe(1);
  });
});
