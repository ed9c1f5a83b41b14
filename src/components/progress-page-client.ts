/**
 * Browser side of /progress/: fills each lesson, quiz and exercise line from the progress store,
 * shows notices about set-aside data (with download and delete), "continue where you left off",
 * and runs export, import and clear with their results in a live region.
 */
import { MAX_IMPORT_CHARS, getProgressStore, resumePoint, type ProgressDocument, type ProgressNotice, type ProgressStore } from '../progress';
import { withBase } from '../lib/base-path';
import { downloadText } from '../lib/download';
import { refreshProgressMarks } from './progress-marks';

const dateOf = (iso: string) => new Date(iso).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });


function setState(element: HTMLElement | null, text: string, done: boolean): void {
  if (!element) return;
  element.textContent = text;
  element.dataset['state'] = done ? 'done' : '';
}

function exerciseText(record: ProgressDocument['exercises'][string] | undefined): { text: string; done: boolean } {
  if (!record) return { text: 'not started', done: false };
  if (record.passedAt) return { text: `✓ passed on ${dateOf(record.passedAt)}`, done: true };
  if (record.lastRun) return { text: `not passed yet; last run ${record.lastRun.summary.passed} of ${record.lastRun.summary.total} tests passed`, done: false };
  if (record.draft) return { text: 'draft saved, not run yet', done: false };
  return { text: record.attempts > 0 ? 'tried, not passed yet' : 'opened, not started', done: false };
}

function renderRows(root: HTMLElement, doc: ProgressDocument): void {
  root.querySelectorAll<HTMLElement>('[data-lesson-row]').forEach((row) => {
    const lesson = doc.lessons[row.dataset['lessonRow'] ?? ''];
    const state = row.querySelector<HTMLElement>('[data-lesson-state]');
    if (lesson?.completedAt) setState(state, `✓ Lesson complete (${dateOf(lesson.completedAt)})`, true);
    else setState(state, lesson?.visitedAt ? `Read on ${dateOf(lesson.visitedAt)}, not marked complete` : 'Lesson not started', false);
    const quizId = row.dataset['quiz'];
    const quiz = quizId ? doc.quizzes[quizId] : undefined;
    const quizState = row.querySelector<HTMLElement>('[data-quiz-state]');
    if (!quiz || quiz.answers.every((answer) => answer === null)) setState(quizState, 'Quiz: not taken', false);
    else if (quiz.scored === false) setState(quizState, 'Quiz: answered; open the lesson to see the score', false);
    else {
      const answered = quiz.answers.filter((answer) => answer !== null).length;
      setState(quizState, `Quiz: ${quiz.right} of ${quiz.total} right${answered < quiz.total ? ` (${answered} answered)` : ''}`, quiz.right === quiz.total);
    }
  });
  root.querySelectorAll<HTMLElement>('[data-exercise-row]').forEach((row) => {
    const { text, done } = exerciseText(doc.exercises[row.dataset['exerciseRow'] ?? '']);
    setState(row.querySelector<HTMLElement>('[data-exercise-state]'), text, done);
  });
  const counts = root.querySelector<HTMLElement>('[data-counts]');
  if (counts) {
    const lessonRows = [...root.querySelectorAll<HTMLElement>('[data-lesson-row]')];
    const exerciseRows = [...root.querySelectorAll<HTMLElement>('[data-exercise-row]')];
    const lessonsDone = lessonRows.filter((row) => doc.lessons[row.dataset['lessonRow'] ?? '']?.completedAt).length;
    const passed = exerciseRows.filter((row) => doc.exercises[row.dataset['exerciseRow'] ?? '']?.passedAt).length;
    counts.textContent = `${lessonsDone} of ${lessonRows.length} lessons complete and ${passed} of ${exerciseRows.length} exercises passed.`;
  }
}

function renderContinue(root: HTMLElement, doc: ProgressDocument): void {
  const target = root.querySelector<HTMLElement>('[data-continue]');
  if (!target) return;
  const link = document.createElement('a');
  // The newest page opened and not finished, as on the home page; its link and title come from
  // this page's own rows (built with the site), never from storage.
  const point = resumePoint(doc);
  const row = point ? root.querySelector<HTMLElement>(`[data-${point.kind}-row="${CSS.escape(point.id)}"]`) : null;
  const source = row?.querySelector<HTMLAnchorElement>('a[href]');
  if (point && source) {
    link.href = source.getAttribute('href') ?? withBase('/learn/');
    link.textContent = source.textContent;
    target.replaceChildren('Continue where you left off: ', link, ` (${point.kind}, last opened ${dateOf(point.at)}).`);
  } else if (doc.lastVisited) {
    link.href = withBase('/learn/');
    link.textContent = 'the course map';
    target.replaceChildren('Everything you have opened is finished. Pick what is next from ', link, '.');
  } else {
    link.href = root.dataset['firstHref'] ?? withBase('/learn/');
    link.textContent = root.dataset['firstTitle'] ?? 'the course';
    target.replaceChildren('Nothing here yet. Start with ', link, '.');
  }
}

function renderNotices(root: HTMLElement, store: ProgressStore, say: (text: string, error?: boolean) => void): void {
  const box = root.querySelector<HTMLElement>('[data-notices]');
  if (!box) return;
  const notices = store.notices();
  const key = notices.map((notice) => notice.id).join('|');
  if (box.dataset['shown'] === key) return;
  box.dataset['shown'] = key;
  box.replaceChildren(...notices.map((notice) => noticeElement(notice, store, say)));
}

function noticeElement(notice: ProgressNotice, store: ProgressStore, say: (text: string, error?: boolean) => void): HTMLElement {
  const element = document.createElement('div');
  element.className = 'notice';
  element.dataset['notice'] = notice.kind;
  element.setAttribute('role', 'note');
  const text = document.createElement('p');
  text.textContent = notice.message;
  element.append(text);
  const backupKey = notice.backupKey;
  if (backupKey) {
    const actions = document.createElement('div');
    actions.className = 'notice-actions';
    const save = document.createElement('button');
    save.type = 'button';
    save.className = 'button';
    save.textContent = 'Download the set-aside data';
    save.addEventListener('click', () => {
      const raw = store.readBackup(backupKey);
      if (raw === null) return say('That set-aside data is no longer in this browser.', true);
      const stamp = backupKey.slice(backupKey.lastIndexOf(':') + 1).replace(/[^0-9A-Za-z-]/g, '-');
      downloadText(`bulkhead-lab-progress-set-aside-${stamp}.txt`, raw, 'text/plain');
      say('The set-aside data was downloaded as a text file, exactly as it was found.');
    });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button';
    remove.textContent = 'Delete it';
    remove.addEventListener('click', () => {
      store.deleteBackup(backupKey);
      say('The set-aside data was deleted.');
    });
    actions.append(save, remove);
    element.append(actions);
  }
  return element;
}

/** Wires the progress page. */
export function attachProgressPage(root: HTMLElement): void {
  const store = getProgressStore();
  const result = root.querySelector<HTMLElement>('[data-result]');
  const say = (text: string, error = false) => {
    if (!result) return;
    result.textContent = text;
    result.dataset['kind'] = error ? 'error' : 'ok';
  };
  const render = () => {
    const doc = store.snapshot();
    renderRows(root, doc);
    renderContinue(root, doc);
    renderNotices(root, store, say);
    refreshProgressMarks();
  };

  const exportButton = root.querySelector<HTMLButtonElement>('[data-export]');
  const clearButton = root.querySelector<HTMLButtonElement>('[data-clear]');
  const input = root.querySelector<HTMLInputElement>('[data-import]');
  const confirm = root.querySelector<HTMLElement>('[data-confirm]');

  exportButton?.addEventListener('click', () => {
    downloadText(store.exportFileName(), store.exportJson(), 'application/json');
    say(`Your progress was exported as ${store.exportFileName()}.`);
  });

  input?.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    // Refuse an oversized file before reading it; UTF-8 bytes are at least as many as characters.
    if (file.size > MAX_IMPORT_CHARS * 4) {
      say(`The file is ${(file.size / 1_000_000).toFixed(1)} MB; a progress export is at most ${(MAX_IMPORT_CHARS / 1_000_000).toFixed(1)} MB. Nothing was changed.`, true);
      input.value = '';
      return;
    }
    file.text().then(
      (text) => {
        const outcome = store.importJson(text);
        if (!outcome.ok) say(`${file.name} was not imported. ${outcome.message}`, true);
        else say(`Imported ${file.name}. ${outcome.summary}${outcome.saved.ok ? '' : ` ${outcome.saved.message}`}`, !outcome.saved.ok);
        input.value = '';
      },
      () => {
        say(`${file.name} could not be read. Nothing was changed.`, true);
        input.value = '';
      },
    );
  });

  clearButton?.addEventListener('click', () => {
    if (!confirm) return;
    confirm.hidden = false;
    confirm.querySelector<HTMLButtonElement>('[data-confirm-no]')?.focus();
  });
  confirm?.querySelector('[data-confirm-no]')?.addEventListener('click', () => {
    confirm.hidden = true;
    clearButton?.focus();
    say('Nothing was cleared.');
  });
  confirm?.querySelector('[data-confirm-yes]')?.addEventListener('click', () => {
    const outcome = store.clear();
    confirm.hidden = true;
    clearButton?.focus();
    say(outcome.ok ? 'All progress in this browser was cleared. Set-aside data, if any, is kept until you delete it.' : outcome.message, !outcome.ok);
  });
  confirm?.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    confirm.hidden = true;
    clearButton?.focus();
  });

  for (const control of [exportButton, clearButton, input]) if (control) control.disabled = false;
  store.subscribe(render);
  render();
}
