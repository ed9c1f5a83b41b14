/**
 * Fills progress bars and done marks on any page from the stored progress document, without the
 * full store (no zod, no React): the site header runs this on every page. It only reads; the
 * store on lesson, exercise and progress pages validates and repairs.
 *
 * - `[data-progress-bar]` with `data-items` (JSON CourseItems): sets `[data-bar-fill]` width,
 *   `[data-bar-text]` text and, with `data-label`, the element's accessible name.
 * - `[data-lesson-done="<lesson id>"]` and `[data-exercise-passed="<exercise id>"]` are shown when done.
 */
import { BACKUP_KEY_PREFIX, LEGACY_EXERCISE_KEY, PROGRESS_CHANGE_EVENT, PROGRESS_KEY, countDone, describeDone, isExerciseDone, isLessonDone, peekDocument, percent, type CourseItems } from '../progress/summary';

interface Peek {
  doc: unknown;
  /** Unreadable progress or set-aside data is waiting on the progress page. */
  attention: boolean;
}

function peek(): Peek {
  try {
    const raw = localStorage.getItem(PROGRESS_KEY);
    let attention = false;
    const legacyPasses: Record<string, { passedAt: string }> = {};
    for (let index = 0; index < localStorage.length; index++) {
      const key = localStorage.key(index) ?? '';
      if (key.startsWith(BACKUP_KEY_PREFIX)) attention = true;
      // Passes saved before the progress store existed, until a store page migrates them.
      const legacy = LEGACY_EXERCISE_KEY.exec(key);
      if (legacy?.[1] && legacy[2] === 'passed') legacyPasses[legacy[1]] = { passedAt: 'legacy' };
    }
    const doc = peekDocument(raw);
    if (raw !== null && (typeof doc !== 'object' || doc === null)) attention = true;
    return { doc: raw === null ? { exercises: legacyPasses } : doc, attention };
  } catch {
    return { doc: undefined, attention: false };
  }
}

function parseItems(text: string | undefined): CourseItems {
  try {
    const value = JSON.parse(text ?? '') as Partial<CourseItems>;
    return { lessons: Array.isArray(value.lessons) ? value.lessons.map(String) : [], exercises: Array.isArray(value.exercises) ? value.exercises.map(String) : [] };
  } catch {
    return { lessons: [], exercises: [] };
  }
}

/** Updates every bar and mark under `root`. */
export function refreshProgressMarks(root: ParentNode = document): void {
  const { doc, attention } = peek();
  root.querySelectorAll<HTMLElement>('[data-progress-bar]').forEach((bar) => {
    const count = countDone(doc, parseItems(bar.dataset['items']));
    const fill = bar.querySelector<HTMLElement>('[data-bar-fill]');
    const text = bar.querySelector<HTMLElement>('[data-bar-text]');
    if (fill) fill.style.width = `${percent(count)}%`;
    if (text) text.textContent = describeDone(count);
    const label = bar.dataset['label'];
    if (label) bar.setAttribute('aria-label', `${label}: ${describeDone(count)}${attention ? '. Some saved progress needs your attention' : ''}`);
    bar.dataset['attention'] = String(attention);
  });
  root.querySelectorAll<HTMLElement>('[data-lesson-done]').forEach((mark) => {
    mark.hidden = !isLessonDone(doc, mark.dataset['lessonDone'] ?? '');
  });
  root.querySelectorAll<HTMLElement>('[data-exercise-passed]').forEach((mark) => {
    mark.hidden = !isExerciseDone(doc, mark.dataset['exercisePassed'] ?? '');
  });
}

/** Refreshes now, on changes in this tab (the store's event) and on changes in other tabs. */
export function watchProgressMarks(): void {
  const refresh = () => refreshProgressMarks();
  refresh();
  window.addEventListener(PROGRESS_CHANGE_EVENT, refresh);
  window.addEventListener('storage', refresh);
  // Back/forward cache restores a page with stale marks.
  window.addEventListener('pageshow', refresh);
}
