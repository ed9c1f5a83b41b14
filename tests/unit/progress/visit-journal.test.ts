import { describe, expect, test } from 'vitest';
import { PROGRESS_KEY, createProgressStore } from '../../../src/progress';
import { MARK_JOURNAL_KEY, MAX_JOURNAL_VISITS, VISIT_JOURNAL_KEY, markFor, noteMark, noteVisit, readJournal, readMarks } from '../../../src/progress/visit-journal';
import { SharedStorage, fakeClock } from './fakes';

const lesson = (id: string, at: string) => ({ kind: 'lesson' as const, id, href: `/learn/${id.replace(/\d{2}-/g, '')}/`, title: id, at });

describe('noteVisit', () => {
  test('keeps one entry per page, the newest last, and at most the journal limit', () => {
    const shared = new SharedStorage();
    noteVisit(shared.items, lesson('01-intuition/01-shared-fate', '2026-03-01T10:00:00.000Z'));
    noteVisit(shared.items, lesson('01-intuition/02-first-simulation', '2026-03-01T10:01:00.000Z'));
    noteVisit(shared.items, lesson('01-intuition/01-shared-fate', '2026-03-01T10:02:00.000Z'));
    expect(readJournal(shared.items)).toEqual([lesson('01-intuition/02-first-simulation', '2026-03-01T10:01:00.000Z'), lesson('01-intuition/01-shared-fate', '2026-03-01T10:02:00.000Z')]);
    for (let i = 0; i < MAX_JOURNAL_VISITS + 5; i++) noteVisit(shared.items, { kind: 'exercise', id: `e${i}`, href: `/exercises/e${i}/`, title: 'x', at: '2026-03-01T11:00:00.000Z' });
    expect(readJournal(shared.items)).toHaveLength(MAX_JOURNAL_VISITS);
  });

  test('replaces a value that is not a list, and never throws when storage refuses', () => {
    const shared = new SharedStorage();
    shared.items.setItem(VISIT_JOURNAL_KEY, '{"not": "a list"');
    noteVisit(shared.items, lesson('01-intuition/01-shared-fate', '2026-03-01T10:00:00.000Z'));
    expect(readJournal(shared.items)).toHaveLength(1);
    const refusing = { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(() => noteVisit(refusing, lesson('01-intuition/01-shared-fate', '2026-03-01T10:00:00.000Z'))).not.toThrow();
  });
});

describe('the store folds the journal', () => {
  test('into lesson visit times and "last visited", drops invalid entries, then empties the journal', () => {
    const shared = new SharedStorage();
    const clock = fakeClock();
    const first = createProgressStore({ ...shared.tab(), now: clock.now });
    first.markLessonComplete('01-intuition/01-shared-fate', true);
    noteVisit(shared.items, lesson('01-intuition/02-first-simulation', '2026-03-01T12:00:00.000Z'));
    noteVisit(shared.items, lesson('01-intuition/01-shared-fate', '2026-03-01T11:00:00.000Z'));
    const journal = readJournal(shared.items);
    shared.items.setItem(VISIT_JOURNAL_KEY, JSON.stringify([...journal, { kind: 'lesson', id: 'x', href: 'javascript:alert(1)', title: 't', at: '2026-03-01T13:00:00.000Z' }]));

    const doc = createProgressStore({ ...shared.tab(), now: clock.now }).snapshot();
    expect(doc.lastVisited).toMatchObject({ id: '01-intuition/02-first-simulation', at: '2026-03-01T12:00:00.000Z' });
    expect(doc.lessons['01-intuition/01-shared-fate']).toMatchObject({ visitedAt: '2026-03-01T11:00:00.000Z' });
    expect(doc.lessons['01-intuition/01-shared-fate']?.completedAt).not.toBeNull();
    expect(doc.lessons['x']).toBeUndefined();
    expect(shared.items.getItem(VISIT_JOURNAL_KEY)).toBeNull();
    expect(JSON.parse(shared.items.getItem(PROGRESS_KEY) ?? '{}')).toMatchObject({ lastVisited: { id: '01-intuition/02-first-simulation' } });
  });

  test('never moves "last visited" back to an older visit', () => {
    const shared = new SharedStorage();
    const clock = fakeClock();
    const store = createProgressStore({ ...shared.tab(), now: clock.now });
    store.recordVisit({ kind: 'exercise', id: 'semaphore-bulkhead', href: '/exercises/semaphore-bulkhead/', title: 'S' });
    noteVisit(shared.items, lesson('01-intuition/01-shared-fate', '2000-01-01T00:00:00.000Z'));
    const doc = createProgressStore({ ...shared.tab(), now: clock.now }).snapshot();
    expect(doc.lastVisited).toMatchObject({ id: 'semaphore-bulkhead' });
    expect(doc.lessons['01-intuition/01-shared-fate']?.visitedAt).toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('the marks journal', () => {
  const id = '01-intuition/01-shared-fate';
  test('keeps the last press per lesson, reads it back, and never throws when storage refuses', () => {
    const shared = new SharedStorage();
    expect(noteMark(shared.items, { id, complete: true, at: '2026-03-01T10:00:00.000Z' })).toBe(true);
    noteMark(shared.items, { id, complete: false, at: '2026-03-01T10:00:01.000Z' });
    expect(readMarks(shared.items)).toHaveLength(1);
    expect(markFor(shared.items, id)).toEqual({ id, complete: false, at: '2026-03-01T10:00:01.000Z' });
    shared.items.setItem(MARK_JOURNAL_KEY, JSON.stringify([{ id, complete: 'yes', at: 'now' }]));
    expect(markFor(shared.items, id)).toBeNull();
    const refusing = { getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(noteMark(refusing, { id, complete: true, at: '2026-03-01T10:00:00.000Z' })).toBe(false);
  });

  test('a press noted before any store loaded is in the document once a store loads, and the journal is emptied', () => {
    const shared = new SharedStorage();
    const clock = fakeClock();
    noteMark(shared.items, { id, complete: true, at: '2026-03-01T10:00:00.000Z' });
    shared.items.setItem(MARK_JOURNAL_KEY, JSON.stringify([...readMarks(shared.items), { id: 'not a lesson id!', complete: true, at: '2026-03-01T10:00:00.000Z' }]));
    const doc = createProgressStore({ ...shared.tab(), now: clock.now }).snapshot();
    expect(doc.lessons[id]?.completedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(Object.keys(doc.lessons)).toEqual([id]);
    expect(shared.items.getItem(MARK_JOURNAL_KEY)).toBeNull();
    expect(JSON.parse(shared.items.getItem(PROGRESS_KEY) ?? '{}')).toMatchObject({ lessons: { [id]: { completedAt: '2026-03-01T10:00:00.000Z' } } });
  });

  test('a press older than the lesson record (changed since in another tab) is dropped', () => {
    const shared = new SharedStorage();
    const clock = fakeClock();
    createProgressStore({ ...shared.tab(), now: clock.now }).markLessonComplete(id, true);
    noteMark(shared.items, { id, complete: false, at: '2000-01-01T00:00:00.000Z' });
    const doc = createProgressStore({ ...shared.tab(), now: clock.now }).snapshot();
    expect(doc.lessons[id]?.completedAt).not.toBeNull();
    expect(shared.items.getItem(MARK_JOURNAL_KEY)).toBeNull();
  });

  test('clearing progress also forgets presses and visits noted by other tabs', () => {
    const shared = new SharedStorage();
    const clock = fakeClock();
    const store = createProgressStore({ ...shared.tab(), now: clock.now });
    noteMark(shared.items, { id, complete: true, at: '2999-01-01T00:00:00.000Z' });
    noteVisit(shared.items, lesson(id, '2999-01-01T00:00:00.000Z'));
    expect(store.clear().ok).toBe(true);
    const doc = createProgressStore({ ...shared.tab(), now: clock.now }).snapshot();
    expect(doc.lessons[id]).toBeUndefined();
    expect(doc.lastVisited).toBeNull();
  });
});
