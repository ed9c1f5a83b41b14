/**
 * Attacks on progress import: a learner imports a JSON file someone else made. The file must not be
 * able to delete the learner's work, outlive it by claiming a date in the future, or hide what it
 * removed behind "updated".
 */
import { describe, expect, test } from 'vitest';
import { PROGRESS_KEY, createProgressStore, progressDocumentSchema, type ProgressDocument } from '../../src/progress';
import { SharedStorage, fakeClock } from '../unit/progress/fakes';

const FUTURE = '2099-01-01T00:00:00.000Z';
const LESSON = '01-intuition/01-shared-fate';
const EXERCISE = 'bounded-queue';

/** Words a summary uses only when it reports a deletion or loss. */
const LOSS_WORDS = /delet|remov|lost|los[et]|clear|erase|emptied|no longer/i;

function setup() {
  const shared = new SharedStorage();
  const clock = fakeClock();
  const open = () => createProgressStore({ ...shared.tab(), now: clock.now });
  return { shared, clock, open };
}

/** An export file around `progress` (only the parts given; the rest empty). */
function hostileFile(progress: Partial<ProgressDocument>, exportedAt = FUTURE): string {
  return JSON.stringify({
    format: 'bulkhead-lab-progress',
    version: 2,
    exportedAt,
    progress: { version: 2, updatedAt: exportedAt, lessons: {}, quizzes: {}, exercises: {}, lastVisited: null, ...progress },
  });
}

function exerciseRecord(draft: { files: Record<string, string>; updatedAt: string } | null, at = FUTURE) {
  return { [EXERCISE]: { draft, passedAt: null, lastRun: null, hintsShown: 0, attempts: 0, updatedAt: at } };
}

function storedDoc(shared: SharedStorage): ProgressDocument {
  return progressDocumentSchema.parse(JSON.parse(shared.items.getItem(PROGRESS_KEY) ?? 'null'));
}

/** Every ISO timestamp anywhere in a document. */
function timestamps(value: unknown): string[] {
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT/.test(value) ? [value] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(timestamps);
}

describe('progress import attacks', () => {
  test('a future-dated record with draft: null does not delete the learner’s draft or call it an update', () => {
    const { shared, clock, open } = setup();
    const store = open();
    store.saveDraft(EXERCISE, { 'queue.ts': 'my work' });
    clock.tick(60);
    const result = store.importJson(hostileFile({ exercises: exerciseRecord(null) }));
    expect(result.ok).toBe(true);
    expect(store.snapshot().exercises[EXERCISE]?.draft?.files).toEqual({ 'queue.ts': 'my work' });
    expect(storedDoc(shared).exercises[EXERCISE]?.draft?.files).toEqual({ 'queue.ts': 'my work' });
    if (result.ok) {
      expect(result.summary).not.toMatch(/draft/);
      // Nothing was removed, so the message says nothing about removing anything.
      expect(result.summary).not.toMatch(LOSS_WORDS);
    }
  });

  test.each([
    ['no files', {}],
    ['only blank files', { 'queue.ts': '   \n' }],
  ])('a future-dated draft with %s does not replace the learner’s draft', (_label, files) => {
    const { clock, open } = setup();
    const store = open();
    store.saveDraft(EXERCISE, { 'queue.ts': 'my work' });
    clock.tick(60);
    const result = store.importJson(hostileFile({ exercises: exerciseRecord({ files, updatedAt: FUTURE }) }));
    expect(store.snapshot().exercises[EXERCISE]?.draft?.files).toEqual({ 'queue.ts': 'my work' });
    expect(result.ok && result.summary).not.toMatch(/draft/);
  });

  test('imported dates later than now are stored as now at the latest', () => {
    const { shared, clock, open } = setup();
    const store = open();
    clock.tick(60);
    store.importJson(
      hostileFile({
        lessons: { [LESSON]: { completedAt: FUTURE, visitedAt: FUTURE, updatedAt: FUTURE } },
        quizzes: { 'shared-fate': { answers: [[0]], right: 1, total: 1, updatedAt: FUTURE } },
        exercises: exerciseRecord({ files: { 'queue.ts': 'file code' }, updatedAt: FUTURE }),
        lastVisited: { kind: 'lesson', id: LESSON, href: '/learn/intuition/shared-fate/', title: 'T', at: FUTURE },
      }),
    );
    const now = clock.now().toISOString();
    for (const at of timestamps(storedDoc(shared))) expect(at <= now, `${at} is later than ${now}`).toBe(true);
  });

  test('a future-dated record does not beat what the learner does after the import, in any tab', () => {
    const { shared, clock, open } = setup();
    const tabA = open();
    const tabB = open();
    tabA.markLessonComplete(LESSON, true);
    clock.tick(60);
    // The file un-completes the lesson and brings its own draft, both "in 2099".
    tabA.importJson(
      hostileFile({
        lessons: { [LESSON]: { completedAt: null, visitedAt: null, updatedAt: FUTURE } },
        exercises: exerciseRecord({ files: { 'queue.ts': 'file code' }, updatedAt: FUTURE }),
      }),
    );
    clock.tick(60);
    // Afterwards the learner completes the lesson again and writes their own code in tab A…
    tabA.markLessonComplete(LESSON, true);
    tabA.saveDraft(EXERCISE, { 'queue.ts': 'my later work' });
    // …and tab B, which merged the import when it happened, writes something of its own.
    clock.tick(1);
    tabB.recordAttempt(EXERCISE);
    for (const doc of [storedDoc(shared), tabA.snapshot(), tabB.snapshot()]) {
      expect(doc.exercises[EXERCISE]?.draft?.files).toEqual({ 'queue.ts': 'my later work' });
      expect(doc.lessons[LESSON]?.completedAt).not.toBeNull();
    }
  });

  test('a time-zone offset does not make an old record look newer', () => {
    const { clock, open } = setup();
    const store = open();
    clock.tick(3600);
    store.saveDraft(EXERCISE, { 'queue.ts': 'my work' }); // 11:00Z
    clock.tick(3600); // now 12:00Z
    // 11:30+05:00 is 06:30Z, before the learner's draft, though it sorts after it as text.
    const old = '2026-03-01T11:30:00.000+05:00';
    store.importJson(hostileFile({ exercises: exerciseRecord({ files: { 'queue.ts': 'file code' }, updatedAt: old }, old) }, old));
    expect(store.snapshot().exercises[EXERCISE]?.draft?.files).toEqual({ 'queue.ts': 'my work' });
  });

  test('an import that removes something names it; "updated" counts only real changes', () => {
    const { clock, open } = setup();
    const store = open();
    store.markLessonComplete(LESSON, true);
    store.saveDraft(EXERCISE, { 'queue.ts': 'my queue', 'helper.ts': 'my helper' });
    clock.tick(60);
    const now = clock.now().toISOString();
    // Newer (not future) records: a lesson un-completed and a draft without one of the files.
    const result = store.importJson(
      hostileFile(
        {
          lessons: { [LESSON]: { completedAt: null, visitedAt: null, updatedAt: now } },
          exercises: exerciseRecord({ files: { 'queue.ts': 'file queue' }, updatedAt: now }, now),
        },
        now,
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary).toMatch(LOSS_WORDS);
    expect(result.summary).toContain(LESSON);
    expect(result.summary).toContain('helper.ts');
    expect(result.summary).toContain(EXERCISE);
  });

  test('a file that only moves dates forward reports nothing changed', () => {
    const { clock, open } = setup();
    const store = open();
    store.saveDraft(EXERCISE, { 'queue.ts': 'my work' });
    store.saveQuiz('shared-fate', { answers: [[0]], right: 1, total: 1 });
    clock.tick(60);
    const result = store.importJson(
      hostileFile({
        quizzes: { 'shared-fate': { answers: [[0]], right: 1, total: 1, updatedAt: FUTURE } },
        exercises: exerciseRecord({ files: { 'queue.ts': 'my work' }, updatedAt: FUTURE }),
      }),
    );
    expect(result.ok && result.summary).toMatch(/^Nothing changed/);
  });
});
