/**
 * Build-time access to exercise files as text: the learner's start and solution files, the
 * visible tests and the harness. Hidden tests are deliberately not globbed: they never ship.
 */
const startFiles = import.meta.glob<string>('/exercises/[0-9][0-9]-*/start/*.ts', { query: '?raw', import: 'default', eager: true });
const solutionFiles = import.meta.glob<string>('/exercises/[0-9][0-9]-*/solution/*.ts', { query: '?raw', import: 'default', eager: true });
const visibleTests = import.meta.glob<string>('/exercises/[0-9][0-9]-*/tests/visible.test.ts', { query: '?raw', import: 'default', eager: true });
const harnessFiles = import.meta.glob<string>('/exercises/_harness/*.ts', { query: '?raw', import: 'default', eager: true });

function pick(files: Record<string, string>, folder: string, sub: string, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const source = files[`/exercises/${folder}/${sub}/${name}`];
    if (source === undefined) throw new Error(`exercises/${folder}/${sub}/${name} is missing.`);
    picked[name] = source;
  }
  return picked;
}

/** What an exercise page ships to the browser (never the hidden tests). */
export function exerciseSources(folder: string, fileNames: readonly string[]) {
  const visible = visibleTests[`/exercises/${folder}/tests/visible.test.ts`];
  if (visible === undefined) throw new Error(`exercises/${folder}/tests/visible.test.ts is missing.`);
  const harness: Record<string, string> = {};
  for (const [path, source] of Object.entries(harnessFiles)) harness[path.slice('/exercises/_harness/'.length)] = source;
  return { start: pick(startFiles, folder, 'start', fileNames), solution: pick(solutionFiles, folder, 'solution', fileNames), visibleTests: visible, harness };
}
