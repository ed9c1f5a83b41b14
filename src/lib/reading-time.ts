/**
 * How long a lesson takes, computed from what is on the page rather than typed by hand: the words
 * a reader reads, the code they study, and the parts they work through (quiz questions, the
 * simulator, calculators, diagrams, the exercise link).
 *
 * The constants, and why:
 * - Prose at 200 words a minute. Brysbaert's meta-analysis of 190 studies (Journal of Memory and
 *   Language 109, 2019) puts adult silent reading of English non-fiction at 238 words a minute,
 *   most adults between 175 and 300, slower in a second language. A lesson is read to learn, with
 *   numbers and formulas in it, so the estimate sits below the average.
 * - Code at half that, 100 words a minute (whitespace-separated tokens; a line of the course's
 *   TypeScript holds about five, so about 3 s a line): a reader checks each line and goes back.
 * - A quiz question: its prompt, options and explanations (all shown once it is checked) read as
 *   prose, plus 20 s to think, choose and check.
 * - A simulator embed: 90 s. A preset runs 60 simulated seconds at the default 2× speed, so 30 s
 *   to watch, and about a minute to read the panels and the summary.
 * - A calculator embed: 60 s to read its result and try a value or two.
 * - A diagram: 20 s to follow its arrows (its labels are not counted as words).
 * - An exercise link: 10 s to read the card. The exercise itself is done on its own page, in its
 *   own time, and is not part of the lesson's reading time.
 * - The reference list is not counted: readers skim it, or come back to it later.
 */
import { lessonText } from './lesson-text';

export const PROSE_WORDS_PER_MINUTE = 200;
export const CODE_WORDS_PER_MINUTE = 100;
export const SECONDS_TO_ANSWER_A_QUESTION = 20;
export const SIMULATOR_SECONDS = 90;
export const CALCULATOR_SECONDS = 60;
export const DIAGRAM_SECONDS = 20;
export const EXERCISE_LINK_SECONDS = 10;

/** The components that embed a live calculator (see src/components/mdx.ts). */
const CALCULATORS = new Set(['AvailabilityCalculator', 'BlastRadiusCalculator', 'IsolationPriceCalculator', 'RoiCalculator', 'SizingCalculator']);

/** What a lesson is made of, and the time it takes. */
export interface ReadingTime {
  /** Words of prose, tables, callouts and captions (not code, not quizzes, not references). */
  words: number;
  /** Words (whitespace-separated tokens) of code blocks, diagrams excluded. */
  codeWords: number;
  diagrams: number;
  quizQuestions: number;
  /** Words of the quiz questions, options and explanations. */
  quizWords: number;
  simulators: number;
  calculators: number;
  exerciseLinks: number;
  /** The whole estimate in seconds. */
  seconds: number;
  /** The estimate in whole minutes, at least 1. */
  minutes: number;
}

/** Words in Markdown: link targets, emphasis and table rules removed; a word has a letter or digit. */
export function countWords(markdown: string): number {
  const text = markdown
    .replace(/\]\([^)]*\)/g, ' ')
    .replace(/[*`|#>[\]]/g, ' ');
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

const tokens = (code: string): number => code.split(/\s+/).filter(Boolean).length;

/** The reading time of one lesson from its MDX source (frontmatter allowed). */
export function readingTime(source: string, where = 'lesson'): ReadingTime {
  const { blocks, fences, components } = lessonText(source, where);
  const words = blocks.filter((block) => block.kind === 'prose' || block.kind === 'caption').reduce((sum, block) => sum + countWords(block.text), 0);
  const quizzes = blocks.filter((block) => block.kind === 'quiz');
  const quizWords = quizzes.reduce((sum, block) => sum + countWords(block.text), 0);
  const codeWords = fences.filter((fence) => fence.lang !== 'mermaid').reduce((sum, fence) => sum + tokens(fence.code), 0);
  const count = (test: (name: string) => boolean): number => components.filter(test).length;
  const parts = {
    words,
    codeWords,
    diagrams: fences.filter((fence) => fence.lang === 'mermaid').length + count((name) => name === 'Diagram'),
    quizQuestions: quizzes.length,
    quizWords,
    simulators: count((name) => name === 'PoolSimulator'),
    calculators: count((name) => CALCULATORS.has(name)),
    exerciseLinks: count((name) => name === 'ExerciseLink'),
  };
  const seconds =
    ((parts.words + parts.quizWords) / PROSE_WORDS_PER_MINUTE) * 60 +
    (parts.codeWords / CODE_WORDS_PER_MINUTE) * 60 +
    parts.quizQuestions * SECONDS_TO_ANSWER_A_QUESTION +
    parts.simulators * SIMULATOR_SECONDS +
    parts.calculators * CALCULATOR_SECONDS +
    parts.diagrams * DIAGRAM_SECONDS +
    parts.exerciseLinks * EXERCISE_LINK_SECONDS;
  return { ...parts, seconds, minutes: Math.max(1, Math.round(seconds / 60)) };
}
