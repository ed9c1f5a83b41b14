/**
 * `npm run words [-- --base <git revision>]`: the words in each lesson, as the reading-time estimate
 * counts them (src/lib/reading-time.ts): prose (with tables, callouts and captions), quiz text, and
 * code. With --base, the same counts at that revision beside today's, and the change, so an edit
 * that promises to shorten the course can show it did.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readingTime } from '../src/lib/reading-time';

const ROOT = 'content/lessons';

interface Count {
  prose: number;
  quiz: number;
  code: number;
  total: number;
}

function count(source: string, where: string): Count {
  const time = readingTime(source, where);
  return { prose: time.words, quiz: time.quizWords, code: time.codeWords, total: time.words + time.quizWords + time.codeWords };
}

function lessonsNow(): Map<string, string> {
  const lessons = new Map<string, string>();
  for (const level of readdirSync(ROOT).sort()) {
    if (!level.match(/^\d\d-/)) continue;
    for (const file of readdirSync(join(ROOT, level)).sort()) {
      if (file.endsWith('.mdx')) lessons.set(`${level}/${file}`, readFileSync(join(ROOT, level, file), 'utf8'));
    }
  }
  return lessons;
}

function lessonsAt(revision: string): Map<string, string> {
  const lessons = new Map<string, string>();
  const listing = execFileSync('git', ['ls-tree', '-r', '--name-only', revision, ROOT], { encoding: 'utf8' });
  for (const path of listing.split('\n').filter((line) => line.endsWith('.mdx'))) {
    lessons.set(path.slice(ROOT.length + 1), execFileSync('git', ['show', `${revision}:${path}`], { encoding: 'utf8', maxBuffer: 16 << 20 }));
  }
  return lessons;
}

const baseAt = process.argv.indexOf('--base');
const base = baseAt > 0 ? process.argv[baseAt + 1] : undefined;
if (baseAt > 0 && !base) {
  console.error('words: --base needs a git revision, e.g. --base main~10');
  process.exit(2);
}

const now = lessonsNow();
const before = base ? lessonsAt(base) : undefined;
const pad = (value: string | number, width: number) => String(value).padStart(width);
const percent = (from: number, to: number) => (from === 0 ? '' : `${((100 * (to - from)) / from).toFixed(1)}%`);

console.log(`${'lesson'.padEnd(46)}${pad('prose', 7)}${pad('quiz', 6)}${pad('code', 6)}${pad('total', 7)}${before ? `${pad('before', 8)}${pad('change', 8)}` : ''}`);
const sums = { now: 0, before: 0, keptNow: 0 };
for (const [name, source] of now) {
  const counted = count(source, name);
  const old = before?.get(name);
  const oldTotal = old === undefined ? undefined : count(old, `${base}:${name}`).total;
  sums.now += counted.total;
  if (oldTotal !== undefined) {
    sums.before += oldTotal;
    sums.keptNow += counted.total;
  }
  const compare = before ? (oldTotal === undefined ? `${pad('new', 8)}` : `${pad(oldTotal, 8)}${pad(percent(oldTotal, counted.total), 8)}`) : '';
  console.log(`${name.padEnd(46)}${pad(counted.prose, 7)}${pad(counted.quiz, 6)}${pad(counted.code, 6)}${pad(counted.total, 7)}${compare}`);
}
console.log(`all ${now.size} lessons: ${sums.now} words`);
if (before) {
  const kept = [...now.keys()].filter((name) => before.has(name)).length;
  console.log(`the ${kept} lessons that existed at ${base}: ${sums.before} words then, ${sums.keptNow} now (${percent(sums.before, sums.keptNow)})`);
}
