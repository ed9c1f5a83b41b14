import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { glossaryEntrySchema } from '../../src/schemas/glossary';

const entries = z.array(glossaryEntrySchema).parse(JSON.parse(readFileSync('content/glossary.json', 'utf8')));

describe('the glossary', () => {
  test('has unique ids and unique terms', () => {
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    expect(new Set(entries.map((entry) => entry.term.toLowerCase())).size).toBe(entries.length);
  });

  test('points every term at a lesson that exists', () => {
    const missing = entries.filter((entry) => !existsSync(`content/lessons/${entry.lesson}.mdx`)).map((entry) => `${entry.id} → ${entry.lesson}`);
    expect(missing).toEqual([]);
  });

  test('rejects an entry without a definition', () => {
    expect(glossaryEntrySchema.safeParse({ id: 'x', term: 'X', lesson: '01-intuition/01-shared-fate' }).success).toBe(false);
  });
});
