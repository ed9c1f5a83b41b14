/**
 * The reading time of every lesson is computed from its text (src/lib/reading-time.ts). These
 * checks keep the extractor honest as lessons change: every quiz question, embed and exercise link
 * in the source is counted, and no lesson comes out at an implausible length.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readingTime } from '../../src/lib/reading-time';

const LESSONS = 'content/lessons';
const lessons = readdirSync(LESSONS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((level) => readdirSync(join(LESSONS, level.name)).filter((name) => name.endsWith('.mdx')).map((name) => join(LESSONS, level.name, name)));

describe('computed reading times', () => {
  test.each(lessons)('%s: counts every question and embed, and lands between 5 and 60 minutes', (file) => {
    const source = readFileSync(file, 'utf8');
    const time = readingTime(source, file);
    const occurrences = (pattern: RegExp): number => source.match(pattern)?.length ?? 0;
    expect(time.quizQuestions).toBe(occurrences(/\bprompt\s*:/g));
    expect(time.simulators).toBe(occurrences(/<PoolSimulator\b/g));
    expect(time.calculators).toBe(occurrences(/<\w+Calculator\b/g));
    expect(time.exerciseLinks).toBe(occurrences(/<ExerciseLink\b/g));
    expect(time.diagrams).toBe(occurrences(/^\s*```mermaid/gm));
    expect(time.minutes).toBeGreaterThanOrEqual(5);
    expect(time.minutes).toBeLessThanOrEqual(60);
    expect(source).not.toMatch(/^minutes:/m);
  });
});
