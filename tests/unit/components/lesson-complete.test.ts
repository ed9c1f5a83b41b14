import { describe, expect, test } from 'vitest';
import { completedAtIn, LOAD_FAILED, wireLessonComplete, type LessonStore } from '../../../src/components/lesson-complete';
import type { WriteOutcome } from '../../../src/progress';

/** A button and a status line with just what the toggle touches. */
function fakeParts() {
  const attributes = new Map<string, string>([['aria-pressed', 'false']]);
  const listeners = new Map<string, Array<() => void>>();
  const toggle = {
    disabled: true,
    getAttribute: (name: string) => attributes.get(name) ?? null,
    setAttribute: (name: string, value: string) => void attributes.set(name, value),
    addEventListener: (type: string, listener: () => void) => void listeners.set(type, [...(listeners.get(type) ?? []), listener]),
  };
  const status = { textContent: 'Marking a lesson complete needs JavaScript.' as string | null };
  const fire = (type: string) => (listeners.get(type) ?? []).forEach((listener) => listener());
  return { toggle, status, fire, pressed: () => attributes.get('aria-pressed') };
}

function fakeStore(outcome: WriteOutcome = { ok: true }) {
  const lessons: Record<string, { completedAt: string | null }> = {};
  const calls: boolean[] = [];
  const store: LessonStore = {
    snapshot: () => ({ lessons }),
    markLessonComplete(id, complete) {
      calls.push(complete);
      if (outcome.ok) lessons[id] = { completedAt: complete ? '2026-03-01T10:00:00.000Z' : null };
      return outcome;
    },
    subscribe: () => () => undefined,
  };
  return { store, calls };
}

/** A promise the test settles by hand, standing in for the store's dynamic import. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const formatDate = (iso: string) => iso.slice(0, 10);

describe('Mark lesson complete', () => {
  test('is enabled at once and shows the stored state before the store loads', () => {
    const parts = fakeParts();
    let loads = 0;
    wireLessonComplete({ ...parts, lessonId: 'shared-fate', peekCompletedAt: () => '2026-02-01T09:00:00.000Z', loadStore: () => (loads++, new Promise(() => undefined)), formatDate });
    expect(parts.toggle.disabled).toBe(false);
    expect(parts.pressed()).toBe('true');
    expect(parts.status.textContent).toBe('Completed on 2026-02-01. It counts toward your progress.');
    expect(loads).toBe(0);
  });

  test('a press before the store has loaded shows at once and is saved once it loads', async () => {
    const parts = fakeParts();
    const loading = deferred<LessonStore>();
    const { store, calls } = fakeStore();
    let ready = false;
    wireLessonComplete({ ...parts, lessonId: 'shared-fate', peekCompletedAt: () => null, loadStore: () => loading.promise, formatDate, onReady: () => (ready = true) });
    parts.fire('click');
    expect(parts.pressed()).toBe('true');
    expect(parts.status.textContent).toBe('Marking complete…');
    expect(calls).toEqual([]);
    loading.resolve(store);
    await flush();
    expect(calls).toEqual([true]);
    expect(ready).toBe(true);
    expect(parts.status.textContent).toBe('Completed on 2026-03-01. It counts toward your progress.');
  });

  test('quick presses before the store loads are applied in order and load the store once', async () => {
    const parts = fakeParts();
    const loading = deferred<LessonStore>();
    const { store, calls } = fakeStore();
    let loads = 0;
    wireLessonComplete({ ...parts, lessonId: 'shared-fate', peekCompletedAt: () => null, loadStore: () => (loads++, loading.promise), formatDate });
    parts.fire('click');
    parts.fire('click');
    parts.fire('click');
    expect(parts.pressed()).toBe('true');
    loading.resolve(store);
    await flush();
    expect(loads).toBe(1);
    expect(calls).toEqual([true, false, true]);
    expect(parts.pressed()).toBe('true');
  });

  test('focus starts loading the store, so a keyboard press finds it ready', async () => {
    const parts = fakeParts();
    const { store } = fakeStore();
    let loads = 0;
    wireLessonComplete({ ...parts, lessonId: 'shared-fate', peekCompletedAt: () => null, loadStore: () => (loads++, Promise.resolve(store)), formatDate });
    parts.fire('focus');
    expect(loads).toBe(1);
    await flush();
    parts.fire('click');
    expect(parts.status.textContent).toBe('Completed on 2026-03-01. It counts toward your progress.');
  });

  test('when the store cannot load, the press is undone on screen with a reason, and the next press tries again', async () => {
    const parts = fakeParts();
    const { store, calls } = fakeStore();
    let attempt = 0;
    wireLessonComplete({ ...parts, lessonId: 'shared-fate', peekCompletedAt: () => null, loadStore: () => (++attempt === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(store)), formatDate });
    parts.fire('click');
    await flush();
    expect(parts.pressed()).toBe('false');
    expect(parts.status.textContent).toBe(`Not marked complete yet. ${LOAD_FAILED}`);
    parts.fire('click');
    await flush();
    expect(calls).toEqual([true]);
    expect(parts.status.textContent).toBe('Completed on 2026-03-01. It counts toward your progress.');
  });

  test("a refused save says the store's reason", async () => {
    const parts = fakeParts();
    const { store } = fakeStore({ ok: false, reason: 'full', message: 'Browser storage is full.' });
    wireLessonComplete({ ...parts, lessonId: 'shared-fate', peekCompletedAt: () => null, loadStore: () => Promise.resolve(store), formatDate });
    parts.fire('click');
    await flush();
    expect(parts.pressed()).toBe('false');
    expect(parts.status.textContent).toBe('Not marked complete yet. Browser storage is full.');
  });
});

describe('completedAtIn', () => {
  test('reads a date from an unvalidated document and ignores anything else', () => {
    expect(completedAtIn({ lessons: { a: { completedAt: '2026-03-01T10:00:00.000Z' } } }, 'a')).toBe('2026-03-01T10:00:00.000Z');
    expect(completedAtIn({ lessons: { a: { completedAt: 'soon' } } }, 'a')).toBeNull();
    expect(completedAtIn({ lessons: { a: { completedAt: 5 } } }, 'a')).toBeNull();
    expect(completedAtIn({ lessons: {} }, 'a')).toBeNull();
    expect(completedAtIn(undefined, 'a')).toBeNull();
    expect(completedAtIn({ lessons: Object.create({ a: { completedAt: '2026-03-01' } }) }, 'a')).toBeNull();
  });

  test('a press noted in the journal wins over an older record, and loses to a newer one', () => {
    const doc = { lessons: { a: { completedAt: null, updatedAt: '2026-03-01T10:00:00.000Z' } } };
    expect(completedAtIn(doc, 'a', { complete: true, at: '2026-03-01T11:00:00.000Z' })).toBe('2026-03-01T11:00:00.000Z');
    expect(completedAtIn(doc, 'a', { complete: true, at: '2026-03-01T09:00:00.000Z' })).toBeNull();
    const done = { lessons: { a: { completedAt: '2026-02-01T10:00:00.000Z', updatedAt: '2026-02-01T10:00:00.000Z' } } };
    expect(completedAtIn(done, 'a', { complete: true, at: '2026-03-01T11:00:00.000Z' })).toBe('2026-02-01T10:00:00.000Z');
    expect(completedAtIn(done, 'a', { complete: false, at: '2026-03-01T11:00:00.000Z' })).toBeNull();
    expect(completedAtIn(undefined, 'a', { complete: true, at: '2026-03-01T11:00:00.000Z' })).toBe('2026-03-01T11:00:00.000Z');
  });
});

describe('a press before the store loads', () => {
  test('is noted at once, each press in order, and not once the store is there', async () => {
    const parts = fakeParts();
    const { store } = fakeStore();
    const pending = deferred<LessonStore>();
    const noted: boolean[] = [];
    wireLessonComplete({ ...parts, lessonId: 'a', peekCompletedAt: () => null, loadStore: () => pending.promise, formatDate, noteMark: (complete) => noted.push(complete) });
    parts.fire('click');
    parts.fire('click');
    expect(noted).toEqual([true, false]);
    pending.resolve(store);
    await flush();
    parts.fire('click');
    expect(noted).toEqual([true, false]);
  });
});
