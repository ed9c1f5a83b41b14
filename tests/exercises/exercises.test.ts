import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadExercise, type LoadedExercise } from '../../src/runners/exercise-files';
import { NodeRunner } from '../../src/runners/node-runner';
import type { RunResult } from '../../src/runners/types';

const exercisesRoot = new URL('../../exercises/', import.meta.url).pathname;
const folderNames = (await readdir(exercisesRoot, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
  .map((entry) => entry.name)
  .sort();

const wrongByFolder = new Map<string, string[]>();
for (const folder of folderNames) {
  const names = await readdir(join(exercisesRoot, folder, 'tests', 'wrong')).catch(() => [] as string[]);
  wrongByFolder.set(folder, names.filter((name) => name.endsWith('.ts')).sort());
}
const wrongCases = folderNames.flatMap((folder) => (wrongByFolder.get(folder) ?? []).map((name) => [folder, name] as const));

// Second correct solutions, written from the instructions, start files and visible tests alone.
const alternativesByFolder = new Map<string, string[]>();
for (const folder of folderNames) {
  const names = await readdir(join(exercisesRoot, folder, 'tests', 'alternatives')).catch(() => [] as string[]);
  alternativesByFolder.set(folder, names.filter((name) => name.endsWith('.ts')).sort());
}
const alternativeCases = folderNames.flatMap((folder) => (alternativesByFolder.get(folder) ?? []).map((name) => [folder, name] as const));

interface Job {
  key: string;
  run: () => Promise<RunResult>;
}

const loaded = new Map<string, LoadedExercise>();
const results = new Map<string, RunResult>();
const runners: NodeRunner[] = [];

beforeAll(async () => {
  const jobs: Job[] = [];
  for (const folder of folderNames) {
    const exercise = await loadExercise(join(exercisesRoot, folder), { includeHidden: true });
    loaded.set(folder, exercise);
    const runner = new NodeRunner();
    runners.push(runner);
    await runner.prepare(exercise.bundle);
    const file = exercise.meta.files[0] ?? '';
    jobs.push({ key: `${folder}:solution`, run: () => runner.run(exercise.solution, { includeHidden: true }) });
    jobs.push({ key: `${folder}:start`, run: () => runner.run({}, { includeHidden: false }) });
    for (const name of alternativesByFolder.get(folder) ?? []) {
      const source = await readFile(join(exercise.folder, 'tests', 'alternatives', name), 'utf8');
      jobs.push({ key: `${folder}:alternative/${name}`, run: () => runner.run({ [file]: source }, { includeHidden: true }) });
    }
    const wrongFolder = join(exercise.folder, 'tests', 'wrong');
    for (const name of wrongByFolder.get(folder) ?? []) {
      const source = await readFile(join(wrongFolder, name), 'utf8');
      jobs.push({ key: `${folder}:wrong/${name}`, run: () => runner.run({ [file]: source }, { includeHidden: true }) });
    }
  }
  // Two at a time: CI has two cores.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
      const started = performance.now();
      results.set(job.key, await job.run());
      if (process.env.GRADE_TIMINGS === '1') console.log(job.key, Math.round(performance.now() - started));
    }
  };
  await Promise.all([worker(), worker()]);
}, 600_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.dispose()));
});

function resultOf(key: string): RunResult {
  const result = results.get(key);
  if (result === undefined) throw new Error(`no run for ${key}`);
  return result;
}

function describeFailures(result: RunResult): string {
  const failing = result.tests.filter((entry) => entry.status !== 'passed').map((entry) => `${entry.name}: ${entry.message ?? ''}`);
  return [result.error?.message, ...failing].filter(Boolean).join('\n');
}

describe('exercise folders', () => {
  test('there are exercises to check', () => {
    expect(folderNames.length).toBeGreaterThanOrEqual(4);
  });

  test.each(folderNames)('%s has a valid exercise.json, instructions, start, solution and tests', async (folder) => {
    const exercise = loaded.get(folder);
    expect(exercise?.meta.id).toBe(folder.replace(/^\d{2}-/, ''));
    const instructions = await readFile(join(exercisesRoot, folder, 'instructions.md'), 'utf8');
    expect(instructions).toMatch(/^# /);
    expect(instructions).toMatch(/## What the tests check/);
    expect(exercise?.bundle.tests.hidden?.length ?? 0).toBeGreaterThan(0);
  });

  test.each(folderNames)('%s keeps at least one wrong solution, each naming its mistake in a header comment', async (folder) => {
    const wrong = wrongByFolder.get(folder) ?? [];
    expect(wrong.length).toBeGreaterThanOrEqual(1);
    for (const name of wrong) {
      const source = await readFile(join(exercisesRoot, folder, 'tests', 'wrong', name), 'utf8');
      expect(source, name).toMatch(/^\/\/ Wrong on purpose — mistake: /);
    }
  });
});

describe('solutions', () => {
  test.each(folderNames)('the solution of %s passes every visible and hidden test', (folder) => {
    const result = resultOf(`${folder}:solution`);
    expect(result.ok, describeFailures(result)).toBe(true);
    expect(result.tests.some((entry) => entry.suite === 'hidden')).toBe(true);
    expect(result.tests.some((entry) => entry.suite === 'visible')).toBe(true);
  });
});

describe('alternative solutions', () => {
  test.each(folderNames)('%s has a second correct solution written without seeing the first', (folder) => {
    expect(alternativesByFolder.get(folder)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  test.each(alternativeCases)('%s: the alternative %s passes every visible and hidden test', (folder, name) => {
    const result = resultOf(`${folder}:alternative/${name}`);
    expect(result.ok, describeFailures(result)).toBe(true);
  });
});

describe('start files', () => {
  test.each(folderNames)('the start file of %s loads and fails at least one visible test', (folder) => {
    const result = resultOf(`${folder}:start`);
    expect(result.error, 'the start file must load and run').toBeUndefined();
    expect(result.summary.failed + result.summary.timedOut).toBeGreaterThanOrEqual(1);
    expect(result.tests.every((entry) => entry.suite === 'visible')).toBe(true);
  });
});

describe('wrong solutions', () => {
  test('at most a quarter of the kept wrong solutions pass every visible test (a browser pass on wrong code stays rare)', () => {
    const passingVisible = wrongCases.filter(([folder, name]) => {
      const visible = resultOf(`${folder}:wrong/${name}`).tests.filter((entry) => entry.suite === 'visible');
      return visible.length > 0 && visible.every((entry) => entry.status === 'passed');
    });
    if (process.env.GRADE_TIMINGS === '1') console.log(`wrong solutions passing every visible test: ${passingVisible.length} of ${wrongCases.length}`);
    expect(passingVisible.length / wrongCases.length, passingVisible.map(([folder, name]) => `${folder}/${name}`).join('\n')).toBeLessThanOrEqual(0.25);
  });

  test.each(wrongCases)('%s: the wrong solution %s loads, runs and fails at least one test', (folder, name) => {
    const result = resultOf(`${folder}:wrong/${name}`);
    expect(result.error, 'a wrong solution must fail through its tests, not crash').toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.summary.failed + result.summary.timedOut).toBeGreaterThanOrEqual(1);
  });
});
