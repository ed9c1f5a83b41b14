import { z } from 'zod';

/** One answer option: its text, whether it is right, and why (shown after answering). */
const option = z
  .object({
    /** The option as the learner reads it. */
    text: z.string().min(1, 'an option needs text'),
    /** True for a right answer; a single-answer question has exactly one. */
    correct: z.boolean().default(false),
    /** Why this option is right or wrong: shown once the learner checks the answer. */
    explanation: z.string().min(10, 'every option needs an explanation of at least 10 characters'),
  })
  .strict();

/** One question of a knowledge check. */
const question = z
  .object({
    /** The question; it should test understanding, not recall of a sentence. */
    prompt: z.string().min(10, 'a question prompt needs at least 10 characters'),
    /** Several options may be right (checkboxes) instead of exactly one (radio buttons). */
    multiple: z.boolean().default(false),
    options: z.array(option).min(2, 'a question needs at least 2 options').max(6, 'a question has at most 6 options'),
  })
  .strict()
  .superRefine((value, context) => {
    const right = value.options.filter((item) => item.correct).length;
    if (right === 0) context.addIssue({ code: 'custom', message: 'a question needs at least one correct option', path: ['options'] });
    if (!value.multiple && right > 1) context.addIssue({ code: 'custom', message: `a single-answer question has exactly one correct option (found ${right}); set multiple: true`, path: ['options'] });
  });

/** A lesson's knowledge check, as written in MDX: `<Quiz id="shared-fate" questions={[…]} />`. */
export const quizSchema = z
  .object({
    /** Unique across the course; results are remembered under this id. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'id must be a lower-case slug'),
    /** Heading above the questions. */
    title: z.string().default('Check your understanding'),
    questions: z.array(question).min(1, 'a quiz needs at least one question').max(8, 'a quiz has at most 8 questions'),
  })
  .strict();

export type QuizInput = z.input<typeof quizSchema>;
export type QuizData = z.output<typeof quizSchema>;

/** Validates a quiz at build time; the error names the quiz and the field. */
export function parseQuiz(input: unknown, where: string): QuizData {
  const result = quizSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(quiz)'}: ${issue.message}`).join('; ');
  throw new Error(`The quiz on ${where} is invalid: ${problems}`);
}
