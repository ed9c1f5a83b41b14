/**
 * Figures the lessons state in prose or in a quiz, recomputed from the inputs the same text gives.
 * Each test reads the lesson, so changing either the inputs or the stated result without the other
 * fails here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { extractCodeBlocks } from '../../src/lib/code-blocks';

const LESSONS = 'content/lessons';
const read = (path: string): string => readFileSync(join(LESSONS, path), 'utf8');

/** Prose with line breaks and emphasis markers flattened, for matching sentences across lines. */
function prose(source: string): string {
  return source.replace(/\s+/g, ' ');
}

const WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20 };
function count(word: string): number {
  const value = WORDS[word.toLowerCase()] ?? Number(word);
  if (!Number.isFinite(value)) throw new Error(`"${word}" is not a number the test can read.`);
  return value;
}

/** Fails with the missing sentence named, instead of printing the whole lesson. */
function expectStated(text: string, sentence: string): void {
  expect(text.includes(sentence), `the lesson should state "${sentence}"`).toBe(true);
}

function must(match: RegExpExecArray | RegExpMatchArray | null, what: string): RegExpExecArray | RegExpMatchArray {
  if (!match) throw new Error(`The lesson no longer states ${what}; update this test with the text.`);
  return match;
}

interface QuizOption {
  text: string;
  correct?: boolean;
  explanation?: string;
}
interface QuizQuestion {
  prompt: string;
  options: QuizOption[];
}

/** The `questions={[…]}` literal of a lesson's <Quiz>, evaluated as the JavaScript it is. */
function quizQuestions(source: string): QuizQuestion[] {
  const start = source.indexOf('questions={', source.indexOf('<Quiz'));
  if (start < 0) throw new Error('The lesson has no <Quiz questions={…}>.');
  let depth = 0;
  let quote = '';
  for (let index = start + 'questions='.length; index < source.length; index += 1) {
    const char = source[index];
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) {
        const literal = source.slice(start + 'questions={'.length, index);
        return new Function(`return (${literal});`)() as QuizQuestion[];
      }
    }
  }
  throw new Error('The <Quiz> questions literal is not closed.');
}

describe('composing policies: the retry-chain quiz', () => {
  const questions = quizQuestions(read('02-foundation/05-composing-policies.mdx'));
  const question = questions.find((q) => /in a chain/.test(q.prompt));

  test('the marked answer is tries^(services − 1): only the hops above the failing service retry', () => {
    const q = must(question ? [question.prompt] : null, 'the retry-chain question')[0] ?? '';
    const services = count(must(/(\w+) services call each other in a chain/i.exec(q), 'how many services')[1] ?? '');
    const tries = Number(must(/up to (\d+) tries/.exec(q), 'how many tries')[1]);
    const correct = question?.options.filter((option) => option.correct) ?? [];
    expect(correct.map((option) => option.text)).toEqual([String(tries ** (services - 1))]);
    // The explanation's aside for three tries per hop must use the same number of hops.
    expect(correct[0]?.explanation).toContain(`= ${3 ** (services - 1)}`);
  });
});

describe('adaptive limits: the Envoy worked example', () => {
  const text = prose(read('03-deep-dive/01-adaptive-limits.mdx'));

  test('each stated new limit is trunc(g·L + √(g·L)) with g = clamp(0.5, 2, (minRTT + B) / sampleRTT)', () => {
    const paragraph = must(/With a minRTT of \d+ ms.*?truncated to a whole number/.exec(text), 'the Envoy worked example')[0];
    const minRtt = Number(must(/minRTT of (\d+) ms/.exec(paragraph), 'the minRTT')[1]);
    const buffer = Number(must(/buffer default (\d+)%/.exec(text), 'the default buffer')[1]) / 100;
    const limit = Number(must(/At a limit of (\d+)/.exec(paragraph), 'the starting limit')[1]);
    const segments = paragraph.split(' ms gives ');
    expect(segments.length).toBe(4);
    for (let index = 1; index < segments.length; index += 1) {
      const sampleRtt = Number(must(/([\d.]+)$/.exec(segments[index - 1] ?? ''), 'a sample RTT')[1]);
      const claim = (segments[index] ?? '').split(/[;(]/)[0] ?? '';
      const stated = Number(must(/(\d+)\s*$/.exec(claim), `the new limit at ${sampleRtt} ms`)[1]);
      const gradient = Math.min(2, Math.max(0.5, (minRtt + minRtt * buffer) / sampleRtt));
      const scaled = limit * gradient;
      expect({ sampleRtt, stated }).toEqual({ sampleRtt, stated: Math.trunc(scaled + Math.sqrt(scaled)) });
    }
  });
});

describe('shuffle sharding: Route 53 with stripes', () => {
  const text = prose(read('04-expert/02-shuffle-sharding.mdx'));
  const [, servers, perZone] = must(/from ([\d,]+) virtual name servers and gives each zone (\d+) of them/.exec(text), 'the Route 53 fleet');
  const k = Number(perZone);
  const stripe = Number((servers ?? '').replaceAll(',', '')) / k;

  test('one name from each of k stripes gives stripe^k shards, stated exactly and rounded', () => {
    const shards = stripe ** k;
    expectStated(text, `${stripe} names to a stripe`);
    expectStated(text, `= ${shards.toLocaleString('en-US')}`);
    const [mantissa, exponent] = shards.toExponential(1).split('e+');
    const superscript = [...(exponent ?? '')].map((digit) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(digit)]).join('');
    expectStated(text, `about **${mantissa} × 10${superscript}**`);
  });

  test('the pair-overlap odds and expected pair counts follow from one name per stripe', () => {
    // Two zones share at least 3 of their k names: 3 stripes match and one does not, or all k match.
    const p = (k * (stripe - 1) + 1) / stripe ** k;
    expectStated(text, `(${k} × ${stripe - 1} + 1) / ${stripe}⁴, about ${Math.round(p * 1e8)} in 100 million`);
    const pairs = (zones: number): number => Number((((zones * (zones - 1)) / 2) * p).toPrecision(2));
    expectStated(text, `around **${pairs(100_000).toLocaleString('en-US')} pairs**`);
    expectStated(text, `around **${pairs(1_000_000).toLocaleString('en-US')}**`);
  });
});

interface FairLimiter {
  run<T>(tenant: string, call: () => Promise<T>): Promise<T>;
}
type FairLimiterClass = new (options: { limit: number; perTenantLimit: number; perTenantQueue: number; weightOf?: (tenant: string) => number }) => FairLimiter;

/** The lesson's fair-tenant-limiter.ts, compiled as it is printed and loaded as a module. */
async function lessonLimiter(): Promise<FairLimiterClass> {
  const file = 'content/lessons/03-deep-dive/03-tenant-fairness.mdx';
  const block = extractCodeBlocks(file, readFileSync(file, 'utf8')).find((b) => b.meta.includes('title="fair-tenant-limiter.ts"'));
  if (!block) throw new Error('The tenant-fairness lesson has no fair-tenant-limiter.ts block.');
  const js = ts.transpileModule(block.code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const dir = resolve('.tmp/lesson-claims');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `fair-tenant-limiter-${process.pid}.mjs`);
  writeFileSync(path, js);
  const module = (await import(pathToFileURL(path).href)) as { FairTenantLimiter: FairLimiterClass };
  return module.FairTenantLimiter;
}

/** Lets every pending promise reaction run. */
const settle = (): Promise<void> => new Promise((done) => setImmediate(done));

type Outcome<T> = { value: T } | { error: string } | 'still waiting';

/** Watches a promise from the moment it exists; the getter reports how it has settled so far. */
function track<T>(promise: Promise<T>): () => Outcome<T> {
  let outcome: Outcome<T> = 'still waiting';
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error: String(error) }),
  );
  return () => outcome;
}

describe('tenant fairness: the lesson limiter', () => {
  test('starts calls in the order the lesson states', async () => {
    const text = prose(read('03-deep-dive/03-tenant-fairness.mdx'));
    const [, limit, cap] = must(/global limit of (\d+), a per-tenant cap of (\d+)/.exec(text), 'the limits');
    const first = must(/(\w+) calls from \*(\w+)\* arrive first/i.exec(text), 'the first tenant');
    const arrivals: Array<{ tenant: string; calls: number; weight: number }> = [{ tenant: first[2] ?? '', calls: count(first[1] ?? ''), weight: 1 }];
    for (const match of text.matchAll(/then (\w+) from \*(\w+)\*(?: \(weight (\d+)\))?/g)) {
      arrivals.push({ tenant: match[2] ?? '', calls: count(match[1] ?? ''), weight: Number(match[3] ?? 1) });
    }
    const stated = must(/the starts go \*([^*]+)\*/.exec(text), 'the start order')[1]?.split(/,\s*/).filter((word) => word !== '…') ?? [];
    expect(arrivals.map((a) => a.tenant)).toEqual(['noisy', 'quiet', 'gold']);

    const FairTenantLimiter = await lessonLimiter();
    const weights = new Map(arrivals.map((a) => [a.tenant, a.weight]));
    const limiter = new FairTenantLimiter({ limit: Number(limit), perTenantLimit: Number(cap), perTenantQueue: 100, weightOf: (t) => weights.get(t) ?? 1 });
    // Every call takes the same time, so calls finish one at a time in the order they started.
    const starts: string[] = [];
    const running: Array<() => void> = [];
    const results: Array<Promise<void>> = [];
    for (const { tenant, calls } of arrivals) {
      for (let i = 0; i < calls; i += 1) {
        results.push(limiter.run(tenant, () => new Promise<void>((done) => { starts.push(tenant); running.push(done); })));
      }
    }
    await settle();
    while (running.length > 0) {
      running.shift()?.();
      await settle();
    }
    await Promise.all(results);

    // "The first three noisy calls start at once … the first quiet call takes the fourth slot."
    expect(starts.slice(0, Number(limit))).toEqual([...Array<string>(Number(cap)).fill('noisy'), 'quiet']);
    expect(starts.slice(Number(limit), Number(limit) + stated.length)).toEqual(stated);
    // "… and then noisy has the whole limiter to itself."
    const lastOther = starts.findLastIndex((tenant) => tenant !== 'noisy');
    expect(starts.slice(lastOther + 1).every((tenant) => tenant === 'noisy')).toBe(true);
    expect(starts.length).toBe(arrivals.reduce((sum, a) => sum + a.calls, 0));
  });

  test('a call that throws before returning a promise gives back its global and per-tenant slot', async () => {
    const FairTenantLimiter = await lessonLimiter();
    const limiter = new FairTenantLimiter({ limit: 1, perTenantLimit: 1, perTenantQueue: 5 });
    const throwsAtOnce = (): Promise<string> => {
      throw new Error('boom');
    };
    const first = track(limiter.run('a', throwsAtOnce));
    const next = track(limiter.run('a', () => Promise.resolve('next')));
    await settle();
    expect(first()).toEqual({ error: 'Error: boom' });
    // The only slot must be free again: after a leak this call would wait for ever.
    expect(next()).toEqual({ value: 'next' });

    // Started from the queue too: a slow call holds the only slot while a throwing call waits.
    let finishSlow: () => void = () => undefined;
    const slow = track(limiter.run('a', () => new Promise<string>((done) => { finishSlow = () => done('slow'); })));
    const queuedThrow = track(limiter.run('a', throwsAtOnce));
    const after = track(limiter.run('a', () => Promise.resolve('after')));
    await settle();
    expect([slow(), queuedThrow(), after()]).toEqual(['still waiting', 'still waiting', 'still waiting']);
    finishSlow();
    await settle();
    expect([slow(), queuedThrow(), after()]).toEqual([{ value: 'slow' }, { error: 'Error: boom' }, { value: 'after' }]);
  });
});
