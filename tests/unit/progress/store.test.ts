import { describe, expect, test, vi } from 'vitest';
import { BACKUP_KEY_PREFIX, PROGRESS_KEY, createProgressStore, progressDocumentSchema, type ExerciseRunRecord } from '../../../src/progress';
import { SharedStorage, fakeClock } from './fakes';

function run(ok: boolean, at: string): ExerciseRunRecord {
  return { at, runner: 'worker', ok, summary: { total: 2, passed: ok ? 2 : 1, failed: ok ? 0 : 1, timedOut: 0 }, tests: [{ name: 'a', suite: 'visible', status: 'passed' }, { name: 'b', suite: 'visible', status: ok ? 'passed' : 'failed' }] };
}

function setup() {
  const shared = new SharedStorage();
  const clock = fakeClock();
  const open = () => createProgressStore({ ...shared.tab(), now: clock.now });
  return { shared, clock, open };
}

function stored(shared: SharedStorage) {
  return progressDocumentSchema.parse(JSON.parse(shared.items.getItem(PROGRESS_KEY) ?? 'null'));
}

describe('createProgressStore', () => {
  test('starts empty and keeps every change in one validated document', () => {
    const { shared, open, clock } = setup();
    const store = open();
    expect(store.snapshot().lessons).toEqual({});
    expect(store.notices()).toEqual([]);
    clock.tick();
    expect(store.saveDraft('semaphore-bulkhead', { 'bulkhead.ts': 'let x = 1;' })).toEqual({ ok: true });
    store.markLessonComplete('01-intuition/01-shared-fate', true);
    store.saveQuiz('shared-fate', { answers: [[0], null, [1, 2]], right: 1, total: 3 });
    const doc = stored(shared);
    expect(doc.exercises['semaphore-bulkhead']?.draft?.files).toEqual({ 'bulkhead.ts': 'let x = 1;' });
    expect(doc.lessons['01-intuition/01-shared-fate']?.completedAt).toBe('2026-03-01T10:00:01.000Z');
    expect(doc.quizzes['shared-fate']).toMatchObject({ right: 1, total: 3 });
    expect(open().snapshot()).toEqual(store.snapshot());
  });

  test('hands out frozen snapshots and a new object after every change', () => {
    const { open } = setup();
    const store = open();
    const first = store.snapshot();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.recordAttempt('bounded-queue');
    expect(store.snapshot()).not.toBe(first);
    expect(Object.isFrozen(store.snapshot().exercises['bounded-queue'])).toBe(true);
    expect(listener).toHaveBeenCalledWith(store.snapshot());
    unsubscribe();
    store.recordAttempt('bounded-queue');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.snapshot().exercises['bounded-queue']?.attempts).toBe(2);
  });

  test('records the first passing run as the pass and keeps it after a later failing run', () => {
    const { open, clock } = setup();
    const store = open();
    store.recordRun('bounded-queue', run(false, clock.now().toISOString()));
    expect(store.snapshot().exercises['bounded-queue']?.passedAt).toBeNull();
    clock.tick();
    const passing = run(true, clock.now().toISOString());
    store.recordRun('bounded-queue', passing);
    clock.tick();
    store.recordRun('bounded-queue', run(false, clock.now().toISOString()));
    const record = store.snapshot().exercises['bounded-queue'];
    expect(record?.passedAt).toBe(passing.at);
    expect(record?.lastRun?.ok).toBe(false);
  });

  test('marks and unmarks a lesson and remembers the last page visited', () => {
    const { open, clock } = setup();
    const store = open();
    store.recordVisit({ kind: 'lesson', id: '01-intuition/02-first-simulation', href: '/learn/intuition/first-simulation/', title: 'First simulation' });
    clock.tick();
    store.markLessonComplete('01-intuition/02-first-simulation', true);
    clock.tick();
    store.markLessonComplete('01-intuition/02-first-simulation', false);
    const lesson = store.snapshot().lessons['01-intuition/02-first-simulation'];
    expect(lesson?.completedAt).toBeNull();
    expect(lesson?.visitedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(store.snapshot().lastVisited).toMatchObject({ kind: 'lesson', href: '/learn/intuition/first-simulation/' });
  });

  test('clearing forgets progress and session 1 keys but keeps backups', () => {
    const { shared, open } = setup();
    shared.items.setItem(`${BACKUP_KEY_PREFIX}2026-01-01T00:00:00.000Z`, 'old');
    const store = open();
    store.saveDraft('bounded-queue', { 'queue.ts': 'x' });
    shared.items.setItem('bulkhead-lab:quiz:shared-fate', '{"version":1,"answers":[null]}');
    expect(store.clear()).toEqual({ ok: true });
    expect(store.snapshot().exercises).toEqual({});
    expect(shared.items.getItem(PROGRESS_KEY)).toBeNull();
    expect(shared.items.getItem('bulkhead-lab:quiz:shared-fate')).toBeNull();
    expect(store.backups()).toHaveLength(1);
  });
});

describe('createProgressStore with unreadable data', () => {
  test('sets bad JSON aside under a backup key, says so, and starts empty', () => {
    const { shared, open } = setup();
    shared.items.setItem(PROGRESS_KEY, '{"version":2,"lessons":');
    const store = open();
    const [notice] = store.notices();
    expect(notice?.kind).toBe('set-aside');
    expect(notice?.message).toContain('not valid JSON');
    expect(notice?.message).toContain('Nothing in it could be read');
    expect(notice?.backupKey).toMatch(/^bulkhead-lab:progress:backup:2026-03-01T10:00:00.000Z$/);
    expect(store.readBackup(notice?.backupKey ?? '')).toBe('{"version":2,"lessons":');
    expect(stored(shared).lessons).toEqual({});
  });

  test('keeps every record that still validates and names what it kept', () => {
    const { shared, open } = setup();
    const at = '2026-02-01T00:00:00.000Z';
    const damaged = {
      version: 2,
      updatedAt: at,
      lessons: { '01-intuition/01-shared-fate': { completedAt: at, visitedAt: null, updatedAt: at }, '01-intuition/02-first-simulation': { completedAt: 'yesterday', visitedAt: null, updatedAt: at } },
      quizzes: {},
      exercises: { 'bounded-queue': { draft: null, passedAt: at, lastRun: null, hintsShown: 1, attempts: 2, updatedAt: at } },
      lastVisited: null,
    };
    shared.items.setItem(PROGRESS_KEY, JSON.stringify(damaged));
    const store = open();
    expect(Object.keys(store.snapshot().lessons)).toEqual(['01-intuition/01-shared-fate']);
    expect(store.snapshot().exercises['bounded-queue']?.passedAt).toBe(at);
    const message = store.notices()[0]?.message ?? '';
    expect(message).toContain('part of it is damaged');
    expect(message).toContain('Kept the parts that could be read: 1 lesson, 1 exercise.');
    expect(store.backups()).toHaveLength(1);
  });

  test.each([
    ['a newer version', '{"version":3,"lessons":{}}', 'newer version of Bulkhead Lab (version 3)'],
    ['a foreign value', '[1,2,3]', 'not a Bulkhead Lab progress record'],
    ['a prototype key', '{"version":2,"lessons":{"__proto__":{"polluted":true}}}', '"lessons.__proto__"'],
  ])('sets %s aside instead of wiping it', (_label, raw, why) => {
    const { shared, open } = setup();
    shared.items.setItem(PROGRESS_KEY, raw);
    const store = open();
    expect(store.notices()[0]?.message).toContain(why);
    expect(store.readBackup(store.notices()[0]?.backupKey ?? '')).toBe(raw);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('announces a backup on later page loads until it is deleted', () => {
    const { shared, open } = setup();
    shared.items.setItem(PROGRESS_KEY, 'not json');
    open();
    const later = open();
    const [notice] = later.notices();
    expect(notice?.message).toContain('set aside on 2026-03-01');
    later.deleteBackup(notice?.backupKey ?? '');
    expect(later.notices()).toEqual([]);
  });

  test('never overwrites unreadable data it could not back up', () => {
    const { shared, open } = setup();
    shared.items.setItem(PROGRESS_KEY, 'x'.repeat(100));
    shared.quota = shared.used() + 50;
    const store = open();
    expect(store.notices()[0]?.kind).toBe('backup-failed');
    const outcome = store.saveDraft('bounded-queue', { 'queue.ts': 'mine' });
    expect(outcome).toMatchObject({ ok: false, reason: 'protected' });
    expect(store.snapshot().exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('mine');
    expect(shared.items.getItem(PROGRESS_KEY)).toBe('x'.repeat(100));
  });
});

describe('createProgressStore when storage is full or blocked', () => {
  test('drops past runs’ per-test lists to make room, keeping the draft', () => {
    const { shared, open, clock } = setup();
    const store = open();
    const big = { ...run(false, clock.now().toISOString()), tests: Array.from({ length: 200 }, (_, i) => ({ name: `test number ${i} with a long name`, suite: 'visible' as const, status: 'failed' as const })) };
    store.recordRun('bounded-queue', big);
    shared.quota = shared.used() + 20;
    clock.tick();
    expect(store.saveDraft('bounded-queue', { 'queue.ts': 'newest draft' })).toEqual({ ok: true });
    const doc = stored(shared);
    expect(doc.exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('newest draft');
    expect(doc.exercises['bounded-queue']?.lastRun?.tests).toEqual([]);
    expect(store.snapshot().exercises['bounded-queue']?.lastRun?.tests).toHaveLength(200);
  });

  test('keeps the newest draft in memory and warns when nothing more fits', () => {
    const { shared, open, clock } = setup();
    const store = open();
    store.saveDraft('bounded-queue', { 'queue.ts': 'first' });
    shared.quota = shared.used() + 10;
    clock.tick();
    const outcome = store.saveDraft('bounded-queue', { 'queue.ts': 'a much longer newest draft that does not fit' });
    expect(outcome).toMatchObject({ ok: false, reason: 'full' });
    expect(store.notices().map((notice) => notice.kind)).toEqual(['storage-full']);
    expect(store.persistent()).toBe(false);
    expect(store.snapshot().exercises['bounded-queue']?.draft?.files['queue.ts']).toContain('newest draft');
    expect(stored(shared).exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('first');
    shared.quota = Number.POSITIVE_INFINITY;
    clock.tick();
    expect(store.setHintsShown('bounded-queue', 1)).toEqual({ ok: true });
    expect(stored(shared).exercises['bounded-queue']?.draft?.files['queue.ts']).toContain('newest draft');
    expect(store.notices()).toEqual([]);
  });

  test('works in memory with a notice when the browser blocks storage', () => {
    const store = createProgressStore({ storage: null, now: fakeClock().now });
    expect(store.notices()[0]?.kind).toBe('storage-blocked');
    expect(store.saveDraft('bounded-queue', { 'queue.ts': 'x' })).toMatchObject({ ok: false, reason: 'blocked' });
    expect(store.snapshot().exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('x');
  });
});

describe('createProgressStore in two tabs', () => {
  test('a stale tab re-reads before writing and never overwrites a newer draft', () => {
    const { shared, open, clock } = setup();
    const a = open();
    const b = open();
    b.saveDraft('bounded-queue', { 'queue.ts': 'old draft from tab B' });
    shared.deliver = false;
    clock.tick();
    a.saveDraft('bounded-queue', { 'queue.ts': 'newer draft from tab A' });
    clock.tick();
    // Tab B has not heard of A's draft, then reveals a hint on the same exercise.
    expect(b.snapshot().exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('old draft from tab B');
    b.setHintsShown('bounded-queue', 2);
    const doc = stored(shared);
    expect(doc.exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('newer draft from tab A');
    expect(doc.exercises['bounded-queue']?.hintsShown).toBe(2);
  });

  test('picks up the other tab’s changes from storage events', () => {
    const { open, clock } = setup();
    const a = open();
    const b = open();
    const listener = vi.fn();
    b.subscribe(listener);
    clock.tick();
    a.markLessonComplete('01-intuition/01-shared-fate', true);
    expect(listener).toHaveBeenCalled();
    expect(b.snapshot().lessons['01-intuition/01-shared-fate']?.completedAt).not.toBeNull();
    a.clear();
    expect(b.snapshot().lessons).toEqual({});
    clock.tick();
    b.recordAttempt('bounded-queue');
    expect(a.snapshot().lessons).toEqual({});
    expect(a.snapshot().exercises['bounded-queue']?.attempts).toBe(1);
  });

  test('a newer draft written by the stale tab itself still wins', () => {
    const { shared, open, clock } = setup();
    const a = open();
    const b = open();
    shared.deliver = false;
    a.saveDraft('bounded-queue', { 'queue.ts': 'A at t0' });
    clock.tick();
    b.saveDraft('bounded-queue', { 'queue.ts': 'B at t1' });
    expect(stored(shared).exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('B at t1');
  });
});

describe('createProgressStore migrating session 1 keys', () => {
  test('gathers the legacy keys into one document and removes them once it is saved', () => {
    const { shared, open } = setup();
    shared.items.setItem('bulkhead-lab:exercise:bounded-queue:draft', JSON.stringify({ version: 1, files: { 'queue.ts': 'legacy code' }, updatedAt: '2026-01-05T08:00:00.000Z' }));
    shared.items.setItem('bulkhead-lab:exercise:bounded-queue:passed', JSON.stringify({ version: 1, passedAt: '2026-01-05T09:00:00.000Z', runner: 'worker' }));
    shared.items.setItem('bulkhead-lab:exercise:bounded-queue:state', JSON.stringify({ hintsShown: 2, attempts: 5 }));
    shared.items.setItem('bulkhead-lab:quiz:shared-fate', JSON.stringify({ version: 1, answers: [[0], null, null], updatedAt: '2026-01-04T08:00:00.000Z' }));
    shared.items.setItem('bulkhead-lab:theme', 'dark');
    const store = open();
    expect(store.snapshot().exercises['bounded-queue']).toMatchObject({ draft: { files: { 'queue.ts': 'legacy code' } }, passedAt: '2026-01-05T09:00:00.000Z', hintsShown: 2, attempts: 5 });
    expect(store.snapshot().quizzes['shared-fate']).toMatchObject({ answers: [[0], null, null], scored: false });
    expect(shared.items.getItem('bulkhead-lab:exercise:bounded-queue:draft')).toBeNull();
    expect(shared.items.getItem('bulkhead-lab:quiz:shared-fate')).toBeNull();
    expect(shared.items.getItem('bulkhead-lab:theme')).toBe('dark');
    expect(stored(shared).exercises['bounded-queue']?.attempts).toBe(5);
  });

  test('leaves the legacy keys in place when the migrated document cannot be saved', () => {
    const { shared, open } = setup();
    shared.items.setItem('bulkhead-lab:exercise:bounded-queue:draft', JSON.stringify({ version: 1, files: { 'queue.ts': 'legacy code' }, updatedAt: '2026-01-05T08:00:00.000Z' }));
    shared.quota = shared.used();
    const store = open();
    expect(store.snapshot().exercises['bounded-queue']?.draft?.files['queue.ts']).toBe('legacy code');
    expect(shared.items.getItem('bulkhead-lab:exercise:bounded-queue:draft')).not.toBeNull();
  });
});

describe('createProgressStore export and import', () => {
  test('an export survives clearing and comes back with a summary of what changed', () => {
    const { open, clock } = setup();
    const store = open();
    store.markLessonComplete('01-intuition/01-shared-fate', true);
    store.saveDraft('bounded-queue', { 'queue.ts': 'my queue' });
    store.saveDraft('semaphore-bulkhead', { 'bulkhead.ts': 'my bulkhead' });
    store.recordRun('semaphore-bulkhead', run(true, clock.now().toISOString()));
    store.saveQuiz('shared-fate', { answers: [[0]], right: 1, total: 1 });
    const file = store.exportJson();
    expect(JSON.parse(file)).toMatchObject({ format: 'bulkhead-lab-progress', version: 2 });
    expect(store.exportFileName()).toBe('bulkhead-lab-progress-2026-03-01.json');
    const before = store.snapshot();
    store.clear();
    clock.tick();
    const result = store.importJson(file);
    expect(result).toEqual({ ok: true, summary: '1 lesson marked complete, 1 exercise marked passed, 2 drafts updated and 1 quiz result updated.', saved: { ok: true } });
    expect(store.snapshot().exercises).toEqual(before.exercises);
    expect(store.snapshot().lessons).toEqual(before.lessons);
    expect(store.importJson(file)).toMatchObject({ ok: true, summary: expect.stringContaining('Nothing changed') });
  });

  test('an import with dates in the future is stored clamped to now and keeps the local draft', () => {
    const { shared, open, clock } = setup();
    const store = open();
    store.saveDraft('bounded-queue', { 'queue.ts': 'keep me' });
    clock.tick(60);
    const future = '2099-01-01T00:00:00.000Z';
    const file = JSON.stringify({ format: 'bulkhead-lab-progress', version: 2, exportedAt: future, progress: { version: 2, updatedAt: future, lessons: {}, quizzes: {}, exercises: { 'bounded-queue': { draft: null, passedAt: null, lastRun: null, hintsShown: 1, attempts: 0, updatedAt: future } }, lastVisited: null } });
    expect(store.importJson(file)).toEqual({ ok: true, summary: '1 exercise record (runs, hints) updated.', saved: { ok: true } });
    expect(stored(shared).exercises['bounded-queue']).toMatchObject({ draft: { files: { 'queue.ts': 'keep me' } }, hintsShown: 1, updatedAt: clock.now().toISOString() });
  });

  test('a stored record dated in the future (from before imports were clamped) is read as now', () => {
    const { shared, open, clock } = setup();
    const future = '2099-01-01T00:00:00.000Z';
    shared.items.setItem(PROGRESS_KEY, JSON.stringify({ version: 2, updatedAt: future, lessons: { '01-intuition/01-shared-fate': { completedAt: null, visitedAt: null, updatedAt: future } }, quizzes: {}, exercises: {}, lastVisited: null }));
    const tabA = open();
    const tabB = open();
    expect(tabA.snapshot().lessons['01-intuition/01-shared-fate']?.updatedAt).toBe(clock.now().toISOString());
    clock.tick();
    tabA.markLessonComplete('01-intuition/01-shared-fate', true);
    clock.tick();
    tabB.recordAttempt('bounded-queue');
    expect(stored(shared).lessons['01-intuition/01-shared-fate']?.completedAt).not.toBeNull();
  });

  test('a refused import changes nothing in memory or storage', () => {
    const { shared, open } = setup();
    const store = open();
    store.saveDraft('bounded-queue', { 'queue.ts': 'keep me' });
    const before = shared.items.getItem(PROGRESS_KEY);
    const snapshot = store.snapshot();
    const result = store.importJson('{"format":"bulkhead-lab-progress","version":2,"exportedAt":"x","progress":{"version":2}}');
    expect(result.ok).toBe(false);
    expect(store.snapshot()).toBe(snapshot);
    expect(shared.items.getItem(PROGRESS_KEY)).toBe(before);
  });
});
