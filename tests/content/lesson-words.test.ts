/**
 * Issue #16 cut the 22 lessons the course had when it was filed by more than 15% without losing a
 * concept (the note lists each lesson). These checks keep that from growing back unnoticed: the
 * 22 lessons together stay at least 15% below their words then, and no one of them grows back past
 * 95% of its own. A lesson that needs more room can take it, with the baseline changed in the same
 * commit and the reason in its message.
 *
 * Words are counted as the reading-time estimate counts them (prose, quiz and code); `npm run words
 * -- --base 2424e39` prints the same table from git.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readingTime } from '../../src/lib/reading-time';

/** Each lesson's words at 2424e39, the revision issue #16 was filed against. */
const BEFORE: Record<string, number> = {
  '01-intuition/01-shared-fate.mdx': 1597,
  '01-intuition/02-first-simulation.mdx': 2815,
  '01-intuition/03-map-of-isolation.mdx': 2753,
  '02-foundation/01-isolation-strategies.mdx': 2928,
  '02-foundation/02-semaphore-bulkhead.mdx': 2685,
  '02-foundation/03-queue-or-reject.mdx': 3363,
  '02-foundation/04-sizing-pools.mdx': 3003,
  '02-foundation/05-composing-policies.mdx': 3266,
  '02-foundation/06-observing-bulkheads.mdx': 3401,
  '03-deep-dive/01-adaptive-limits.mdx': 3670,
  '03-deep-dive/02-hierarchical-bulkheads.mdx': 2721,
  '03-deep-dive/03-tenant-fairness.mdx': 3370,
  '03-deep-dive/04-process-and-container-isolation.mdx': 2765,
  '03-deep-dive/05-library-landscape.mdx': 2361,
  '04-expert/01-cell-based-architecture.mdx': 3671,
  '04-expert/02-shuffle-sharding.mdx': 2996,
  '04-expert/03-deployment-stamps.mdx': 3200,
  '04-expert/04-isolation-in-organisations.mdx': 2643,
  '05-mastery/01-queueing-theory.mdx': 3533,
  '05-mastery/02-chaos-engineering.mdx': 3372,
  '05-mastery/03-economics-of-isolation.mdx': 2407,
  '05-mastery/04-autonomous-management.mdx': 2595,
};

const wordsOf = (lesson: string): number => {
  const time = readingTime(readFileSync(`content/lessons/${lesson}`, 'utf8'), lesson);
  return time.words + time.quizWords + time.codeWords;
};

describe('the second edition stays shorter', () => {
  test('the 22 lessons of the first edition together have at most 85% of their words then', () => {
    const before = Object.values(BEFORE).reduce((sum, words) => sum + words, 0);
    const now = Object.keys(BEFORE).reduce((sum, lesson) => sum + wordsOf(lesson), 0);
    expect(before).toBe(65115);
    expect(now / before).toBeLessThanOrEqual(0.85);
  });

  test.each(Object.keys(BEFORE))('%s has at most 95%% of its words then', (lesson) => {
    expect(wordsOf(lesson)).toBeLessThanOrEqual(0.95 * (BEFORE[lesson] ?? 0));
  });
});
