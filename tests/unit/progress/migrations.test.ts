import { describe, expect, test } from 'vitest';
import { MIGRATIONS, MemoryStorage, emptyDocument, migrateToCurrent, migrateV1toV2, readLegacy } from '../../../src/progress';

const EPOCH = '1970-01-01T00:00:00.000Z';

describe('readLegacy', () => {
  test('gathers only session 1 progress keys and returns nothing when there are none', () => {
    const storage = new MemoryStorage();
    storage.setItem('bulkhead-lab:theme', 'dark');
    expect(readLegacy(storage)).toBeUndefined();
    storage.setItem('bulkhead-lab:exercise:cell-router:state', '{"hintsShown":1,"attempts":2}');
    storage.setItem('bulkhead-lab:quiz:shared-fate', 'not json');
    storage.setItem('bulkhead-lab:exercise:Bad_Id:draft', '{}');
    const legacy = readLegacy(storage);
    expect(legacy?.keys.sort()).toEqual(['bulkhead-lab:exercise:cell-router:state', 'bulkhead-lab:quiz:shared-fate']);
    expect(legacy?.exercises['cell-router']?.state).toEqual({ hintsShown: 1, attempts: 2 });
  });
});

describe('migrateV1toV2', () => {
  test('turns each legacy key into a field and leaves out what cannot be read', () => {
    const doc = migrateV1toV2({
      version: 1,
      keys: [],
      exercises: {
        'cell-router': { draft: { version: 1, files: { 'router.ts': 'code', 'bad.ts': 5 }, updatedAt: '2026-01-02T03:04:05.000Z' }, passed: { version: 1, passedAt: 'garbage' }, state: { hintsShown: -3, attempts: 4.5 } },
        'bounded-queue': { passed: { version: 1, passedAt: '2026-01-03T00:00:00.000Z', runner: 'worker' } },
      },
      quizzes: { 'shared-fate': { version: 1, answers: [[0], ['x'], null] }, broken: { version: 2, answers: [] } },
    });
    expect(doc.exercises['cell-router']).toEqual({ draft: { files: { 'router.ts': 'code' }, updatedAt: '2026-01-02T03:04:05.000Z' }, passedAt: null, lastRun: null, hintsShown: 0, attempts: 0, updatedAt: '2026-01-02T03:04:05.000Z' });
    expect(doc.exercises['bounded-queue']?.passedAt).toBe('2026-01-03T00:00:00.000Z');
    expect(doc.quizzes).toEqual({ 'shared-fate': { answers: [[0], null, null], right: 0, total: 3, scored: false, updatedAt: EPOCH } });
    expect(doc.updatedAt).toBe('2026-01-03T00:00:00.000Z');
  });
});

describe('migrateToCurrent', () => {
  test('runs the chain from version 1 and leaves a current document alone', () => {
    expect(Object.keys(MIGRATIONS)).toEqual(['1']);
    const current = emptyDocument('2026-03-01T00:00:00.000Z');
    expect(migrateToCurrent(current)).toBe(current);
    expect(migrateToCurrent({ version: 1, keys: [], exercises: {}, quizzes: {} }).version).toBe(2);
  });

  test('refuses a version it has no step for', () => {
    expect(() => migrateToCurrent({ version: 7 } as never)).toThrow('No migration from progress version 7.');
  });
});
