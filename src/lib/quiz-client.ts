/**
 * Browser side of <Quiz>. Checks one question at a time, reveals each option's explanation,
 * announces the result, and remembers answers in localStorage (`bulkhead-lab:quiz:<id>`).
 */
export interface StoredQuiz {
  version: 1;
  /** Per question: the chosen option indexes, or null if not checked yet. */
  answers: Array<number[] | null>;
  updatedAt: string;
}

const KEY_PREFIX = 'bulkhead-lab:quiz:';

/** Reads a stored result, ignoring anything that is not in the expected shape. */
export function readStoredQuiz(raw: string | null, questionCount: number): StoredQuiz | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<StoredQuiz>;
    if (value.version !== 1 || !Array.isArray(value.answers) || value.answers.length !== questionCount) return undefined;
    const answers = value.answers.map((entry) => (Array.isArray(entry) && entry.every((n) => Number.isInteger(n) && n >= 0) ? entry : null));
    return { version: 1, answers, updatedAt: typeof value.updatedAt === 'string' ? value.updatedAt : '' };
  } catch {
    return undefined;
  }
}

/** True when the chosen options are exactly the right ones. */
export function isRight(chosen: number[], answer: number[]): boolean {
  return chosen.length === answer.length && [...chosen].sort().every((value, index) => value === [...answer].sort()[index]);
}

export function attachQuiz(root: HTMLElement): void {
  const id = root.dataset['quiz'] ?? '';
  const questions = [...root.querySelectorAll<HTMLElement>('[data-question]')];
  const score = root.querySelector<HTMLElement>('[data-quiz-score]');
  let storageWarning = '';
  let stored: StoredQuiz = { version: 1, answers: questions.map(() => null), updatedAt: '' };
  try {
    stored = readStoredQuiz(localStorage.getItem(KEY_PREFIX + id), questions.length) ?? stored;
  } catch {
    storageWarning = ' Your answers cannot be saved in this browser.';
  }

  const save = () => {
    stored.updatedAt = new Date().toISOString();
    try {
      localStorage.setItem(KEY_PREFIX + id, JSON.stringify(stored));
    } catch {
      storageWarning = ' Your answers could not be saved (browser storage is full or blocked).';
    }
  };

  const updateScore = () => {
    const checked = stored.answers.filter((entry) => entry !== null).length;
    const right = stored.answers.filter((entry, index) => entry !== null && isRight(entry, answerOf(questions[index]))).length;
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
    if (previous && previous.every((i) => i < inputs.length)) show(previous, false);
  });
  updateScore();
}

function answerOf(question: HTMLElement | undefined): number[] {
  return (question?.dataset['answer'] ?? '').split(',').filter(Boolean).map(Number);
}
