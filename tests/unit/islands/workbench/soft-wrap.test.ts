import { describe, expect, test } from 'vitest';
import { readSoftWrap, saveSoftWrap, SOFT_WRAP_KEY } from '../../../../src/islands/ExerciseWorkbench/soft-wrap';
import { MemoryStorage } from '../../../../src/progress';

const blocked = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('the editor wrap setting', () => {
  test('is on for a learner who never chose, and remembers a choice either way', () => {
    const storage = new MemoryStorage();
    expect(readSoftWrap(storage)).toBe(true);
    expect(saveSoftWrap(storage, false)).toBe(true);
    expect(storage.getItem(SOFT_WRAP_KEY)).toBe('off');
    expect(readSoftWrap(storage)).toBe(false);
    saveSoftWrap(storage, true);
    expect(readSoftWrap(storage)).toBe(true);
  });

  test('an odd stored value or blocked storage falls back to wrapping, without throwing', () => {
    const storage = new MemoryStorage();
    storage.setItem(SOFT_WRAP_KEY, 'false');
    expect(readSoftWrap(storage)).toBe(true);
    expect(readSoftWrap(blocked)).toBe(true);
    expect(readSoftWrap(undefined)).toBe(true);
    expect(saveSoftWrap(blocked, false)).toBe(false);
    expect(saveSoftWrap(undefined, false)).toBe(false);
  });
});
