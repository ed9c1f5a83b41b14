/**
 * `npm run bench:grade-batch [-- --n 200] [--jobs N] [--time-limit MS] [--cpu-limit MS] [--seed S]`: how fast the
 * batch grader is. Writes N synthetic submissions to a temporary folder (about 50 % right, 25 %
 * wrong, 10 % looping, 10 % malformed, 5 % flooding output; 1–3 exercises each, every learner's
 * code made unique with a comment so nothing can be shared between submissions), grades them
 * in-process with `gradeBatch`, and prints one figure per line.
 * Target: 200 submissions in at most 60 s on 2 cores, memory flat.
 *
 * Peak RSS is sampled every 100 ms from /proc: the grader process alone, and the grader plus
 * all its descendant processes (the Node runner's children) at the same instant. CPU time comes
 * from /proc/self/stat (the grader's own, and its finished children's), so the figure for an idle
 * machine can be told apart from a machine that others are loading: with C cores, the batch can
 * take no less than CPU time / C.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BATCH_CPU_LIMIT_MS, DEFAULT_BATCH_TIME_LIMIT_MS, gradeBatch, loadExerciseSet, type BatchOptions } from '../../src/grading';
import { MAX_SUBMISSION_BYTES } from '../../src/schemas/submission';
import { FLOODING_CODE, LOOPING_CODE, makeSubmission, wrongCode, type ExerciseInput } from '../fixtures/submissions/make-submission';

type Kind = 'right' | 'wrong' | 'loop' | 'malformed' | 'flood';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  const raw = inline === undefined ? (index === -1 ? undefined : process.argv[index + 1]) : inline.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`bench:grade-batch: --${name} needs a positive whole number, not "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

/** mulberry32: a small seeded generator, so the same seed makes the same folder. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const n = option('n', 200);
const jobs = option('jobs', availableParallelism());
const timeLimitMs = option('time-limit', DEFAULT_BATCH_TIME_LIMIT_MS);
const cpuLimitMs = option('cpu-limit', DEFAULT_BATCH_CPU_LIMIT_MS);
const random = seeded(option('seed', 9));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const exercises = await loadExerciseSet('exercises');
const catalog = exercises.order.map((id) => {
  const loaded = exercises.byId.get(id);
  if (loaded === undefined) throw new Error(`missing exercise ${id}`);
  const file = loaded.meta.files[0] ?? '';
  const wrongFolder = join(loaded.folder, 'tests', 'wrong');
  return { id, folder: loaded.folderName, file, solution: loaded.solution[file] ?? '', wrong: readdirSync(wrongFolder).filter((name) => name.endsWith('.ts')) };
});

// Exactly the mix, in shuffled order: 10 of every 20 right, 5 wrong, 2 looping, 2 malformed, 1 flooding.
const pattern: Kind[] = ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'loop', 'loop', 'malformed', 'malformed', 'flood'];
const kinds = Array.from({ length: n }, (_, index) => pattern[index % pattern.length] as Kind);
for (let index = kinds.length - 1; index > 0; index -= 1) {
  const other = Math.floor(random() * (index + 1));
  [kinds[index], kinds[other]] = [kinds[other] as Kind, kinds[index] as Kind];
}

const malformed: Array<(learner: number) => string | Uint8Array> = [
  (learner) => `{"format":"bulkhead-lab-submission","learner":{"name":"L${learner}"`,
  () => '[]',
  () => Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  () => ' '.repeat(MAX_SUBMISSION_BYTES + 1),
  (learner) => JSON.stringify({ ...makeSubmission({ learner: `L${learner}`, exercises: [{ id: 'mmck-metrics', files: {} }] }), version: 7 }),
];

const folder = await mkdtemp(join(tmpdir(), 'bulkhead-bench-batch-'));
const expectedPass = new Set<string>();
for (let learner = 0; learner < n; learner += 1) {
  const kind = kinds[learner] as Kind;
  const name = `submission-${String(learner).padStart(4, '0')}.json`;
  if (kind === 'malformed') {
    await writeFile(join(folder, name), pick(malformed)(learner));
    continue;
  }
  const count = 1 + Math.floor(random() * 3);
  const chosen = new Set<(typeof catalog)[number]>();
  while (chosen.size < count) chosen.add(pick(catalog));
  const unique = `\n// learner ${learner}: written on their own\n`;
  const entries: ExerciseInput[] = [...chosen].map((exercise, position) => {
    const right = { [exercise.file]: exercise.solution + unique };
    if (position > 0 || kind === 'right') return { id: exercise.id, files: right, browserOk: true };
    if (kind === 'wrong') {
      const code = wrongCode('exercises', exercise.folder, pick(exercise.wrong), exercise.file);
      return { id: exercise.id, files: { [exercise.file]: (code[exercise.file] ?? '') + unique }, browserOk: false };
    }
    return { id: exercise.id, files: { [exercise.file]: (kind === 'loop' ? LOOPING_CODE : FLOODING_CODE) + unique }, browserOk: null };
  });
  if (kind === 'right') expectedPass.add(name);
  await writeFile(join(folder, name), JSON.stringify(makeSubmission({ learner: `Learner ${learner}`, exercises: entries })));
}

/** RSS in bytes of the grader, and of the grader plus its descendants, from /proc (children lists, so only the tree is read). */
function sampleRss(): { own: number; tree: number } {
  const rssOf = (pid: number): number => {
    try {
      return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * pageSize;
    } catch {
      return 0; // The process ended between listing and reading.
    }
  };
  const childrenOf = (pid: number): number[] => {
    try {
      return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
        readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
          .split(' ')
          .filter((entry) => entry !== '')
          .map(Number),
      );
    } catch {
      return [];
    }
  };
  const own = rssOf(process.pid);
  let tree = 0;
  const stack = [process.pid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    tree += pid === process.pid ? own : rssOf(pid);
    stack.push(...childrenOf(pid));
  }
  return { own, tree };
}

const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const pageSize = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
/** CPU seconds used so far: the grader itself, and its children that have ended. */
function cpuSeconds(): { own: number; children: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields 14-17 of proc(5): utime, stime, cutime, cstime; this array starts at field 3.
  return { own: ((fields[11] ?? 0) + (fields[12] ?? 0)) / ticks, children: ((fields[13] ?? 0) + (fields[14] ?? 0)) / ticks };
}

let peakOwn = 0;
let peakTree = 0;
const ownAtQuarter: number[] = [];
const sampler = setInterval(() => {
  const sample = sampleRss();
  peakOwn = Math.max(peakOwn, sample.own);
  peakTree = Math.max(peakTree, sample.tree);
}, 100);

let runs = 0;
let slowestPassingRunMs = 0;
const options: BatchOptions = {
  exercises,
  jobs,
  timeLimitMs,
  cpuLimitMs,
  onRun: (_id, result) => {
    runs += 1;
    if (result.ok) slowestPassingRunMs = Math.max(slowestPassingRunMs, result.summary.durationMs);
  },
  onRow: (done, total) => {
    if (done === Math.round(total / 4) || done === Math.round(total / 2) || done === Math.round((3 * total) / 4) || done === total) ownAtQuarter.push(sampleRss().own);
  },
};
const cpuBefore = cpuSeconds();
const started = performance.now();
const book = await gradeBatch(folder, options);
const seconds = (performance.now() - started) / 1000;
const cpuAfter = cpuSeconds();
const cpuOwn = cpuAfter.own - cpuBefore.own;
const cpuChildren = cpuAfter.children - cpuBefore.children;
clearInterval(sampler);
await rm(folder, { recursive: true, force: true });

const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
const rightFailed = book.rows.filter((row) => expectedPass.has(row.file) && !(row.error === null && row.exercises.every((grade) => grade.pass))).length;
const cutOff = book.rows.filter((row) => row.flags.some((flag) => flag.kind === 'run-cut-off')).length;
const errors = book.rows.filter((row) => row.error !== null).length;
const expectedErrors = kinds.filter((kind) => kind === 'malformed').length;
const expectedCutOff = kinds.filter((kind) => kind === 'loop' || kind === 'flood').length;

console.log(`submissions: ${n}`);
console.log(`mix: ${(['right', 'wrong', 'loop', 'malformed', 'flood'] as const).map((kind) => `${kinds.filter((entry) => entry === kind).length} ${kind}`).join(', ')}`);
console.log(`jobs: ${jobs}`);
console.log(`time limit per run: ${(Math.min(timeLimitMs, ...[...exercises.byId.values()].map((exercise) => exercise.meta.timeLimitMs)) / 1000).toFixed(1)} s`);
console.log(`CPU-time limit per run: ${(cpuLimitMs / 1000).toFixed(1)} s`);
console.log(`runs: ${runs}`);
console.log(`wall time: ${seconds.toFixed(1)} s`);
console.log(`submissions/s: ${(n / seconds).toFixed(1)}`);
console.log(`runs/s: ${(runs / seconds).toFixed(1)}`);
console.log(`CPU time: ${(cpuOwn + cpuChildren).toFixed(1)} s (grader ${cpuOwn.toFixed(1)} s, runner children ${cpuChildren.toFixed(1)} s)`);
console.log(`CPU time per run: ${runs > 0 ? ((cpuOwn + cpuChildren) / runs).toFixed(2) : '0'} s`);
console.log(`least wall time on ${jobs} idle cores (CPU time / ${jobs}): ${((cpuOwn + cpuChildren) / jobs).toFixed(1)} s`);
console.log(`load average (1 min) at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?'}`);
console.log(`slowest passing run: ${(slowestPassingRunMs / 1000).toFixed(2)} s`);
console.log(`peak RSS (grader process): ${mb(peakOwn)}`);
console.log(`peak RSS (grader + runner children, sampled every 100 ms): ${mb(peakTree)}`);
console.log(`grader RSS at 25/50/75/100 % of rows: ${ownAtQuarter.map(mb).join(' / ')}`);
console.log(`rows: ${book.rows.length} (expected ${n}) ${book.rows.length === n ? 'ok' : 'MISMATCH'}`);
console.log(`row errors: ${errors} (expected ${expectedErrors}, the malformed files) ${errors === expectedErrors ? 'ok' : 'MISMATCH'}`);
console.log(`rows cut off: ${cutOff} (expected ${expectedCutOff}, the looping and flooding ones) ${cutOff === expectedCutOff ? 'ok' : 'MISMATCH'}`);
console.log(`right submissions not passing: ${rightFailed} (expected 0) ${rightFailed === 0 ? 'ok' : 'MISMATCH'}`);
