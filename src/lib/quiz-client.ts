/**
 * Browser side of <Quiz>. Checks one question at a time, reveals each option's explanation,
 * announces the result, and saves answers and score in the progress store under the quiz id.
 */
import { getProgressStore, type QuizProgress } from '../progress';

/**
 * The stored answers when they fit this quiz (one entry per question, option indexes in range),
 * else undefined: a quiz edited since the answers were saved starts fresh.
 */
export function readStoredQuiz(record: Pick<QuizProgress, 'answers'> | undefined, optionCounts: readonly number[]): Array<number[] | null> | undefined {
  if (!record || record.answers.length !== optionCounts.length) return undefined;
  return record.answers.map((entry, index) => (entry && entry.length > 0 && entry.every((n) => Number.isInteger(n) && n >= 0 && n < (optionCounts[index] ?? 0)) ? [...entry] : null));
}

/** True when the chosen options are exactly the right ones. */
export function isRight(chosen: number[], answer: number[]): boolean {
  return chosen.length === answer.length && [...chosen].sort().every((value, index) => value === [...answer].sort()[index]);
}

export function attachQuiz(root: HTMLElement): void {
  const id = root.dataset['quiz'] ?? '';
  const questions = [...root.querySelectorAll<HTMLElement>('[data-question]')];
  const score = root.querySelector<HTMLElement>('[data-quiz-score]');
  const store = getProgressStore();
  let storageWarning = store.persistent() ? '' : ' Your answers cannot be saved in this browser.';
  const optionCounts = questions.map((question) => question.querySelectorAll('[data-option]').length);
  const record = store.snapshot().quizzes[id];
  const stored = { answers: readStoredQuiz(record, optionCounts) ?? questions.map((): number[] | null => null) };
  const rightCount = () => stored.answers.filter((entry, index) => entry !== null && isRight(entry, answerOf(questions[index]))).length;

  const save = () => {
    const outcome = store.saveQuiz(id, { answers: stored.answers, right: rightCount(), total: questions.length });
    storageWarning = outcome.ok ? '' : ' Your answers could not be saved (browser storage is full or blocked).';
  };
  // Answers migrated from before scores were stored are scored once, here, where the answer key is.
  if (record?.scored === false) save();

  const updateScore = () => {
    const checked = stored.answers.filter((entry) => entry !== null).length;
    const right = rightCount();
    if (score) score.textContent = checked === 0 ? `${questions.length} question${questions.length === 1 ? '' : 's'}.${storageWarning}` : `${right} of ${questions.length} right so far (${checked} answered).${storageWarning}`;
  };

  questions.forEach((question, index) => {
    const inputs = [...question.querySelectorAll<HTMLInputElement>('input')];
    const check = question.querySelector<HTMLButtonElement>('[data-check]');
    const retry = question.querySelector<HTMLButtonElement>('[data-retry]');
    const feedback = question.querySelector<HTMLElement>('[data-feedback]');
    const answer = answerOf(question);

    const show = (chosen: number[], announce: boolean) => {
      const right = isRight(chosen, answer);
      question.querySelectorAll<HTMLElement>('[data-option]').forEach((option, i) => {
        const picked = chosen.includes(i);
        const correct = answer.includes(i);
        option.dataset['state'] = picked ? (correct ? 'right' : 'wrong') : correct ? 'missed' : '';
        const why = option.querySelector<HTMLElement>('.quiz-explanation');
        if (why) why.hidden = false;
        const input = option.querySelector('input');
        if (input) {
          input.checked = picked;
          input.disabled = true;
          input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${why?.id ?? ''}`.trim());
        }
      });
      if (check) check.hidden = true;
      if (retry) retry.hidden = false;
      if (feedback) feedback.textContent = right ? 'Correct. The explanations show why.' : 'Not quite. Each option now says why it is right or wrong.';
      if (announce) retry?.focus();
    };

    const reset = () => {
      question.querySelectorAll<HTMLElement>('[data-option]').forEach((option) => {
        option.dataset['state'] = '';
        const why = option.querySelector<HTMLElement>('.quiz-explanation');
        if (why) why.hidden = true;
      });
      inputs.forEach((input) => {
        input.checked = false;
        input.disabled = false;
        input.setAttribute('aria-describedby', input.getAttribute('aria-describedby')?.split(' ')[0] ?? '');
      });
      if (check) check.hidden = false;
      if (retry) retry.hidden = true;
      if (feedback) feedback.textContent = '';
    };

    check?.addEventListener('click', () => {
      const chosen = inputs.flatMap((input, i) => (input.checked ? [i] : []));
      if (chosen.length === 0) {
        if (feedback) feedback.textContent = 'Choose an answer first.';
        inputs[0]?.focus();
        return;
      }
      stored.answers[index] = chosen;
      save();
      show(chosen, true);
      updateScore();
    });
    retry?.addEventListener('click', () => {
      stored.answers[index] = null;
      save();
      reset();
      updateScore();
      inputs[0]?.focus();
    });

    const previous = stored.answers[index];
    if (previous) show(previous, false);
    if (check) check.disabled = false;
  });
  updateScore();
  root.dataset['ready'] = 'true';
}

function answerOf(question: HTMLElement | undefined): number[] {
  return (question?.dataset['answer'] ?? '').split(',').filter(Boolean).map(Number);
}
