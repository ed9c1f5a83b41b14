import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/*
 * One home for each fact (issue #16).
 *
 * A library default or a worked example that is restated in several lessons drifts: one copy gets
 * corrected, the others do not, and the course grows longer without teaching more. So each one has
 * a single home, and every other lesson links to it instead of repeating it:
 *
 * - library defaults live in the "Library defaults" table of the quick reference
 *   (content/pages/quick-reference.mdx, /reference/#library-defaults), and a lesson states a
 *   default only where that library is taught;
 * - the 16-Erlang price of isolation (25 slots shared, 30 in two pools, 40 in four) lives in
 *   Sizing a pool;
 * - the caveat that cockatiel's queue lets a newcomer overtake a queued call lives in Queue or
 *   reject.
 *
 * The rule checked here: each pattern below, which recognises a restatement of one of those facts,
 * matches the prose of at most the one lesson named as its home. Prose means the lesson without
 * its frontmatter, its code fences and its quiz (a quiz question that asks the learner to recompute
 * an example is practice, not a second explanation), with `**` removed and all whitespace collapsed
 * to one space, so a fact split over two lines or two table cells still matches.
 */

const LESSONS = 'content/lessons';

function lessonFiles(): string[] {
  const files: string[] = [];
  for (const level of readdirSync(LESSONS, { withFileTypes: true })) {
    if (!level.isDirectory()) continue;
    for (const name of readdirSync(join(LESSONS, level.name))) {
      if (name.endsWith('.mdx')) files.push(`${level.name}/${name.replace(/\.mdx$/, '')}`);
    }
  }
  return files.sort();
}

function prose(lesson: string): string {
  return readFileSync(join(LESSONS, `${lesson}.mdx`), 'utf8')
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1[ \t]*$/gm, ' ')
    .replace(/^<Quiz\b[\s\S]*?^\/>/gm, ' ')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ');
}

interface Fact {
  what: string;
  /** The one lesson allowed to state it, or null when only the quick reference may. */
  home: string | null;
  pattern: RegExp;
}

const ENVOY_KNOB = '(?:max_connections|max_pending_requests|max_requests)';

const FACTS: Fact[] = [
  {
    what: "Envoy's circuit-breaker thresholds default to 1024",
    home: '03-deep-dive/04-process-and-container-isolation',
    pattern: new RegExp(`${ENVOY_KNOB}.{0,80}\\b1,?024\\b|\\b1,?024\\b.{0,80}${ENVOY_KNOB}`),
  },
  {
    what: "Envoy's retry budget defaults to 20%",
    home: '02-foundation/05-composing-policies',
    pattern: /retry_budget.{0,120}\b20 ?%/,
  },
  {
    what: "Hystrix's thread pool defaults (coreSize 10, maxQueueSize −1)",
    home: '03-deep-dive/05-library-landscape',
    pattern: /coreSize`?\s?(?:is\s)?10\b|maxQueueSize`?.{0,30}[−-]1\b/,
  },
  {
    what: "Hystrix's semaphore default (maxConcurrentRequests 10)",
    home: '03-deep-dive/05-library-landscape',
    pattern: /maxConcurrentRequests`?.{0,20}\b10\b/,
  },
  {
    what: "Resilience4j's semaphore bulkhead default (maxConcurrentCalls 25)",
    home: '03-deep-dive/05-library-landscape',
    pattern: /maxConcurrentCalls`?.{0,30}\b25\b/,
  },
  {
    what: 'The 16-Erlang price of isolation: 25 slots shared against 40 in four pools',
    home: '02-foundation/04-sizing-pools',
    pattern: /\b25 (?:slots|permits)\b.{0,160}?\b40\b/,
  },
  {
    what: "The caveat that cockatiel's queue lets a newcomer overtake a queued call",
    home: '02-foundation/03-queue-or-reject',
    pattern: /not strictly (?:FIFO|first)|(?:cockatiel|BulkheadPolicy)[^|]{0,400}?microtask|microtask[^|]{0,400}?(?:cockatiel|BulkheadPolicy)/i,
  },
];

describe('each repeated fact has one home', () => {
  const lessons = lessonFiles();
  const texts = new Map(lessons.map((lesson) => [lesson, prose(lesson)]));

  test('the lessons are found and read as prose', () => {
    expect(lessons.length).toBeGreaterThan(20);
    // The code fences are gone: the YAML example's `max_connections: 100` is not prose.
    expect(texts.get('03-deep-dive/04-process-and-container-isolation')).not.toContain('max_connections: 100');
  });

  for (const fact of FACTS) {
    test(`${fact.what}: stated only in ${fact.home ?? 'the quick reference'}`, () => {
      const found = lessons.filter((lesson) => fact.pattern.test(texts.get(lesson) ?? ''));
      expect(found).toEqual(fact.home === null ? [] : [fact.home]);
    });
  }

  test('the quick reference has the Library defaults table the lessons link to', () => {
    const page = readFileSync('content/pages/quick-reference.mdx', 'utf8');
    expect(page).toMatch(/^## Library defaults$/m);
    for (const knob of ['max_pending_requests', 'coreSize', 'maxConcurrentRequests', 'maxConcurrentCalls', 'queueCapacity', 'queueLimit', 'bulkhead(limit, queue)', 'retry_budget']) {
      expect(page, knob).toContain(knob);
    }
  });
});
