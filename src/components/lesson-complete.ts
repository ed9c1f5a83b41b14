/**
 * The lesson page's "Mark lesson complete" toggle (aria-pressed), whose state is also said in a
 * status line.
 *
 * The button is live as soon as the page's script runs, wherever the reader is: it shows the
 * stored state read without the progress store (no zod), and the store itself (with its schema)
 * loads when focus reaches the button or at the first press, whichever comes first (a reader who
 * only reads never downloads it). A press before the store has loaded shows its effect at once, is
 * noted at once in a small journal (so leaving the page in that moment loses nothing: the store folds
 * the journal in when it next loads), and is saved as soon as the store is there; presses are
 * applied in order. If the store cannot load, the press is
 * undone on screen and the status line says so, and the next press tries again.
 */
import type { WriteOutcome } from '../progress';
import { field } from '../progress/summary';

/** What the toggle needs of the progress store. */
export interface LessonStore {
  snapshot(): { lessons: Record<string, { completedAt: string | null } | undefined> };
  markLessonComplete(lessonId: string, complete: boolean): WriteOutcome;
  subscribe(listener: () => void): () => void;
}

export interface LessonCompleteParts {
  /** The button (only what is used of it, so tests can pass a stand-in). */
  toggle: { disabled: boolean; getAttribute(name: string): string | null; setAttribute(name: string, value: string): void; addEventListener(type: 'click' | 'focus', listener: () => void): void };
  status: { textContent: string | null };
  lessonId: string;
  /** When the stored document says the lesson was completed, read without the store; null when not. */
  peekCompletedAt: () => string | null;
  loadStore: () => Promise<LessonStore>;
  /** Notes a press made before the store has loaded (visit-journal.ts `noteMark`). */
  noteMark?: (complete: boolean) => void;
  formatDate: (iso: string) => string;
  /** Called once the store has loaded and the toggle shows its state. */
  onReady?: () => void;
}

export const LOAD_FAILED = 'Your mark could not be saved: the part of the page that saves progress did not load. Check your connection, then press again or reload the page.';

export interface LessonCompleteControl {
  /** Loads the store (once); resolves to undefined when it cannot load. */
  load: () => Promise<LessonStore | undefined>;
  /** Shows the current state again (another tab may have changed it). */
  refresh: () => void;
}

/** Wires the toggle and enables it. */
export function wireLessonComplete(parts: LessonCompleteParts): LessonCompleteControl {
  const { toggle, status, lessonId, peekCompletedAt, loadStore, formatDate } = parts;
  let store: LessonStore | undefined;
  let loading: Promise<LessonStore | undefined> | undefined;
  /** Presses waiting for the store: until they are applied, the screen shows what they asked for. */
  let pending = 0;
  let problem = '';

  const show = (completedAt: string | null) => {
    toggle.setAttribute('aria-pressed', String(completedAt !== null));
    status.textContent = (completedAt !== null ? `Completed on ${formatDate(completedAt)}. It counts toward your progress.` : 'Not marked complete yet.') + (problem ? ` ${problem}` : '');
  };
  const render = () => {
    if (pending > 0) return;
    show(store ? (store.snapshot().lessons[lessonId]?.completedAt ?? null) : peekCompletedAt());
  };
  const apply = (loaded: LessonStore, complete: boolean) => {
    const outcome = loaded.markLessonComplete(lessonId, complete);
    problem = outcome.ok ? '' : outcome.message;
    render();
  };

  const load = (): Promise<LessonStore | undefined> => {
    loading ??= loadStore().then(
      (loaded) => {
        store = loaded;
        loaded.subscribe(render);
        render();
        parts.onReady?.();
        return loaded;
      },
      () => {
        loading = undefined;
        return undefined;
      },
    );
    return loading;
  };

  toggle.addEventListener('click', () => {
    const complete = toggle.getAttribute('aria-pressed') !== 'true';
    if (store) {
      apply(store, complete);
      return;
    }
    pending += 1;
    problem = '';
    parts.noteMark?.(complete);
    toggle.setAttribute('aria-pressed', String(complete));
    status.textContent = complete ? 'Marking complete…' : 'Removing the mark…';
    void load().then((loaded) => {
      pending -= 1;
      if (loaded) {
        apply(loaded, complete);
      } else {
        problem = LOAD_FAILED;
        render();
      }
    });
  });
  toggle.addEventListener('focus', () => void load());

  render();
  toggle.disabled = false;
  return { load, refresh: render };
}

const isDate = (value: unknown): value is string => typeof value === 'string' && Number.isFinite(Date.parse(value));

/**
 * `completedAt` of a lesson in a stored document that has not been validated; null when absent or
 * not a date. A press noted in the journal and newer than the lesson's record wins, as it will when
 * the store folds it in.
 */
export function completedAtIn(doc: unknown, lessonId: string, mark?: { complete: boolean; at: string } | null): string | null {
  const record = field(field(doc, 'lessons'), lessonId);
  const value = field(record, 'completedAt');
  const stored = isDate(value) ? value : null;
  const updatedAt = field(record, 'updatedAt');
  if (!mark || (isDate(updatedAt) && updatedAt >= mark.at)) return stored;
  return mark.complete ? (stored ?? mark.at) : null;
}

