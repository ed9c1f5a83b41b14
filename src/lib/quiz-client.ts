/**
 * Browser side of <Quiz>. It loads with the page (it is small and needs neither React nor the
 * progress store), so "Check answer" works wherever the learner is on the page. Saved answers are
 * shown at once from a tolerant read of storage (no schema, see peekStoredQuiz); the progress store
 * itself (with its schema, most of a lesson's script) loads only when the learner focuses the quiz
 * or checks an answer, so a reader who only reads never downloads it. Answers checked before it
 * arrives are saved as soon as it does.
 *
 * Per question: a wrong answer explains only the options the learner chose; the right answer is
 * shown after a second wrong try or on "Show answer".
 */
import type { ProgressStore, QuizProgress } from '../progress';
import { PROGRESS_KEY, field, peekDocument } from '../progress/summary';

/**
 * The stored answers when they fit this quiz (one entry per question, option indexes in range),
 * else undefined: a quiz edited since the answers were saved starts fresh.
 */
export function readStoredQuiz(record: Pick<QuizProgress, 'answers'> | undefined, optionCounts: readonly number[]): Array<number[] | null> | undefined {
  if (!record || record.answers.length !== optionCounts.length) return undefined;
  return record.answers.map((entry, index) => (entry && entry.length > 0 && entry.every((n) => Number.isInteger(n) && n >= 0 && n < (optionCounts[index] ?? 0)) ? [...entry] : null));
}

/**
 * The answers saved for quiz `id` in a stored progress document read without its schema, in the
 * shape readStoredQuiz takes, or undefined when they are missing or malformed. The full store
 * checks the same record properly once it loads.
 */
export function peekStoredQuiz(doc: unknown, id: string): Pick<QuizProgress, 'answers'> | undefined {
  const answers = field(field(field(doc, 'quizzes'), id), 'answers');
  if (!Array.isArray(answers) || answers.length > 8) return undefined;
  const valid = answers.every((entry) => entry === null || (Array.isArray(entry) && entry.length <= 6 && entry.every((n) => Number.isInteger(n))));
  return valid ? { answers: answers as Array<number[] | null> } : undefined;
}

/** True when the chosen options are exactly the right ones. */
export function isRight(chosen: readonly number[], answer: readonly number[]): boolean {
  const want = [...answer].sort((a, b) => a - b);
  return chosen.length === answer.length && [...chosen].sort((a, b) => a - b).every((value, index) => value === want[index]);
}

/** Where one question stands. */
export interface QuestionState {
  /** Checks since the question was last reset. */
  tries: number;
  /** The options of the last check, or null before any. */
  last: number[] | null;
  /** Every option chosen in any check since the reset: their explanations stay shown. */
  tried: number[];
  /** The learner asked to see the answer. */
  shown: boolean;
}

export const freshQuestion = (): QuestionState => ({ tries: 0, last: null, tried: [], shown: false });

/** Wrong checks after which the right answer is shown without asking. */
export const TRIES_BEFORE_ANSWER = 2;

/** The state after checking `chosen` (an empty choice changes nothing: the page asks for an answer). */
export function checkAnswer(state: QuestionState, chosen: readonly number[]): QuestionState {
  if (chosen.length === 0) return state;
  return { ...state, tries: state.tries + 1, last: [...chosen], tried: [...new Set([...state.tried, ...chosen])].sort((a, b) => a - b) };
}

/** A question restored from saved answers: one check of those answers. */
export const restoredQuestion = (answers: number[] | null): QuestionState => (answers ? checkAnswer(freshQuestion(), answers) : freshQuestion());

/** open: not checked yet; retry: wrong, may try again; right: answered right; answer: the right answer is shown. */
export type Phase = 'open' | 'retry' | 'right' | 'answer';

export function phaseOf(state: QuestionState, answer: readonly number[]): Phase {
  if (state.last && isRight(state.last, answer)) return 'right';
  if (state.shown || state.tries >= TRIES_BEFORE_ANSWER) return 'answer';
  return state.tries > 0 ? 'retry' : 'open';
}

/** How an option is drawn: '' (plain, explanation hidden), or marked with its explanation shown. */
export type Mark = '' | 'right' | 'wrong' | 'missed';

/** Marks for every option: only options the learner chose are explained, until the answer is shown. */
export function marksOf(state: QuestionState, answer: readonly number[], optionCount: number): Mark[] {
  const phase = phaseOf(state, answer);
  return Array.from({ length: optionCount }, (_, option): Mark => {
    const correct = answer.includes(option);
    const chosen = state.tried.includes(option);
    if (chosen) return correct ? 'right' : 'wrong';
    return correct && phase === 'answer' ? 'missed' : '';
  });
}

/** The line the learner reads (and a screen reader announces) after each step. */
export function feedbackOf(state: QuestionState, answer: readonly number[], multiple: boolean): string {
  const phase = phaseOf(state, answer);
  const last = state.last ?? [];
  switch (phase) {
    case 'open':
      return '';
    case 'right':
      return multiple ? 'Correct. The explanations under your answers say why.' : 'Correct. The explanation under your answer says why.';
    case 'answer':
      if (state.shown && state.tries === 0) return multiple ? 'The right answers are marked, each with why.' : 'The right answer is marked, with why.';
      return multiple ? 'Not quite. The right answers are now marked, each with why.' : 'Not quite. The right answer is now marked, with why.';
    case 'retry':
      if (multiple && last.every((option) => answer.includes(option))) return 'Not quite: what you chose is right, but more answers apply. Choose again, or show the answer.';
      return multiple ? 'Not quite. See why under each answer you chose, then choose again, or show the answer.' : 'Not quite. See why under your answer, then choose again, or show the answer.';
  }
}

export function attachQuiz(root: HTMLElement): void {
  const id = root.dataset['quiz'] ?? '';
  const questions = [...root.querySelectorAll<HTMLElement>('[data-question]')];
  const score = root.querySelector<HTMLElement>('[data-quiz-score]');
  const optionCounts = questions.map((question) => question.querySelectorAll('[data-option]').length);
  const answers: Array<number[] | null> = questions.map(() => null);
  /** Questions the learner has answered or reset on this page: saved answers never overwrite them. */
  const touched = new Set<number>();
  const renders: Array<(state: QuestionState) => void> = [];
  let storageWarning = '';

  const rightCount = () => answers.filter((entry, index) => entry !== null && isRight(entry, answerOf(questions[index]))).length;
  const updateScore = () => {
    const checked = answers.filter((entry) => entry !== null).length;
    if (score) score.textContent = checked === 0 ? `${questions.length} question${questions.length === 1 ? '' : 's'}.${storageWarning}` : `${rightCount()} of ${questions.length} right so far (${checked} answered).${storageWarning}`;
  };

  let store: Promise<ProgressStore | null> | undefined;
  const loadStore = () => {
    store ??= import('../progress').then(
      ({ getProgressStore }) => {
        const loaded = getProgressStore();
        restore(loaded);
        root.dataset['store'] = 'ready';
        return loaded;
      },
      () => {
        storageWarning = ' Your answers cannot be saved: part of the page did not load.';
        updateScore();
        root.dataset['store'] = 'failed';
        return null;
      },
    );
    return store;
  };
  const save = () => {
    void loadStore().then((loaded) => {
      if (!loaded) return;
      const outcome = loaded.saveQuiz(id, { answers, right: rightCount(), total: questions.length });
      storageWarning = outcome.ok ? '' : ' Your answers could not be saved (browser storage is full or blocked).';
      updateScore();
    });
  };
  /** Shows saved answers on questions the learner has not touched yet on this page. */
  const restore = (loaded: ProgressStore) => {
    if (!loaded.persistent()) storageWarning = ' Your answers cannot be saved in this browser.';
    const record = loaded.snapshot().quizzes[id];
    const saved = readStoredQuiz(record, optionCounts);
    saved?.forEach((entry, index) => {
      if (touched.has(index)) return;
      answers[index] = entry;
      renders[index]?.(restoredQuestion(entry));
    });
    // Answers migrated from before scores were stored are scored once, here, where the answer key is.
    if (record?.scored === false) save();
    updateScore();
  };

  questions.forEach((question, index) => {
    const inputs = [...question.querySelectorAll<HTMLInputElement>('input')];
    const options = [...question.querySelectorAll<HTMLElement>('[data-option]')];
    const check = question.querySelector<HTMLButtonElement>('[data-check]');
    const reveal = question.querySelector<HTMLButtonElement>('[data-reveal]');
    const retry = question.querySelector<HTMLButtonElement>('[data-retry]');
    const feedback = question.querySelector<HTMLElement>('[data-feedback]');
    const answer = answerOf(question);
    const multiple = question.dataset['multiple'] === 'true';
    let state = freshQuestion();

    /** Draws `next`; with `say`, the feedback also reads out the explanations that just appeared. */
    const render = (next: QuestionState, say = false) => {
      const before = marksOf(state, answer, options.length);
      state = next;
      const phase = phaseOf(state, answer);
      const marks = marksOf(state, answer, options.length);
      const locked = phase === 'right' || phase === 'answer';
      const spoken: string[] = [];
      options.forEach((option, i) => {
        const mark = marks[i] ?? '';
        option.dataset['state'] = mark;
        const why = option.querySelector<HTMLElement>('.quiz-explanation');
        if (why) why.hidden = mark === '';
        const input = inputs[i];
        if (input) {
          if (state.last) input.checked = state.last.includes(i);
          input.disabled = locked;
          const hint = input.getAttribute('aria-describedby')?.split(' ')[0] ?? '';
          input.setAttribute('aria-describedby', mark && why ? `${hint} ${why.id}` : hint);
        }
        if (mark && mark !== before[i]) spoken.push(`“${option.querySelector('label')?.textContent?.trim() ?? ''}” ${why?.textContent?.trim() ?? ''}`);
      });
      if (check) check.hidden = locked;
      if (reveal) reveal.hidden = locked;
      if (retry) retry.hidden = !locked;
      if (feedback) {
        const text = feedbackOf(state, answer, multiple);
        const details = document.createElement('span');
        details.className = 'visually-hidden';
        details.textContent = say && spoken.length > 0 ? ` ${spoken.join(' ')}` : '';
        feedback.replaceChildren(text, details);
      }
    };
    renders[index] = (next) => render(next);

    /** Saves the step; `focusTarget` takes focus when the pressed button has just been hidden. */
    const afterStep = (focusTarget: HTMLElement | null | undefined) => {
      touched.add(index);
      updateScore();
      save();
      focusTarget?.focus();
    };

    check?.addEventListener('click', () => {
      const chosen = inputs.flatMap((input, i) => (input.checked ? [i] : []));
      if (chosen.length === 0) {
        if (feedback) feedback.textContent = multiple ? 'Choose at least one answer first.' : 'Choose an answer first.';
        inputs[0]?.focus();
        return;
      }
      answers[index] = chosen;
      render(checkAnswer(state, chosen), true);
      afterStep(phaseOf(state, answer) === 'retry' ? null : retry);
    });
    reveal?.addEventListener('click', () => {
      render({ ...state, shown: true }, true);
      afterStep(retry);
    });
    retry?.addEventListener('click', () => {
      answers[index] = null;
      inputs.forEach((input) => (input.checked = false));
      render(freshQuestion());
      afterStep(inputs[0]);
    });
    // Choosing an option counts as touching the question: saved answers arriving later leave it alone.
    inputs.forEach((input) => input.addEventListener('change', () => touched.add(index)));
  });

  // Saved answers, shown before (and without) the store; the store shows them again when it loads.
  try {
    const saved = readStoredQuiz(peekStoredQuiz(peekDocument(localStorage.getItem(PROGRESS_KEY)), id), optionCounts);
    saved?.forEach((entry, index) => {
      answers[index] = entry;
      renders[index]?.(restoredQuestion(entry));
    });
  } catch {
    // Storage is blocked: the store says so if the learner answers.
  }
  updateScore();
  root.addEventListener('focusin', () => void loadStore(), { once: true });
  root.dataset['ready'] = 'true';
  // Presses made before this code ran (the inline script in Quiz.astro marks them) happen now.
  root.querySelectorAll<HTMLButtonElement>('button[data-pending]').forEach((button) => {
    delete button.dataset['pending'];
    button.click();
  });
}

function answerOf(question: HTMLElement | undefined): number[] {
  return (question?.dataset['answer'] ?? '').split(',').filter(Boolean).map(Number);
}
