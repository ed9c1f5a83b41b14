/**
 * `npm test`: every check a change must pass, in the order a failure is cheapest to find.
 * Steps run even after one fails (so one run shows everything), except the browser tests,
 * which need a build. Ends with one line: "tests: N passed, N failed".
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  passed: number;
  failed: number;
}

const results: StepResult[] = [];
const bin = (name: string) => `node_modules/.bin/${name}`;
const stepEnv = () => ({ ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env['FORCE_COLOR'] ?? '0' });

/**
 * Runs single-threaded checks side by side (each mostly uses one core), then prints each one's
 * output in order, so the log reads as if they had run one after another.
 */
async function runTogether(steps: Array<{ name: string; command: string; args: string[] }>): Promise<void> {
  const finished = await Promise.all(
    steps.map(
      (step) =>
        new Promise<{ name: string; output: string; ok: boolean; seconds: number }>((resolve) => {
          const started = process.hrtime.bigint();
          const child = spawn(step.command, step.args, { env: stepEnv() });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.on('error', (error) => (output += `could not start: ${error.message}\n`));
          child.on('close', (code) => resolve({ name: step.name, output, ok: code === 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
        }),
    ),
  );
  for (const step of finished) {
    console.log(`\n── ${step.name} ──`);
    process.stdout.write(step.output);
    results.push({ name: step.name, ok: step.ok, seconds: step.seconds, passed: step.ok ? 1 : 0, failed: step.ok ? 0 : 1 });
  }
}

function run(name: string, command: string, args: string[], countFrom?: string, env: Record<string, string> = {}): StepResult {
  console.log(`\n── ${name} ──`);
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...stepEnv(), ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let passed = 0;
  let failed = 0;
  const ok = child.status === 0;
  if (countFrom && existsSync(countFrom)) {
    const report = JSON.parse(readFileSync(countFrom, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed = report.numPassedTests;
    failed = report.numFailedTests;
  } else {
    // A step without per-test counts (type check, lint, build) counts as one check.
    passed = ok ? 1 : 0;
    failed = ok ? 0 : 1;
  }
  if (!ok && failed === 0) failed = 1;
  const result = { name, ok, seconds, passed, failed };
  results.push(result);
  return result;
}

rmSync('.tmp/reports', { recursive: true, force: true });
mkdirSync('.tmp/reports', { recursive: true });

await runTogether([
  { name: 'astro check (types in .astro, .ts, .tsx)', command: bin('astro'), args: ['check'] },
  { name: 'eslint (no warnings allowed)', command: bin('eslint'), args: ['.', '--max-warnings', '0'] },
]);
run('vitest: unit, content and exercise tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/reports/unit.json'], '.tmp/reports/unit.json');
const build = run('build (astro build, with the Pagefind index and the service worker)', 'npm', ['run', '--silent', 'build']);
if (build.ok) {
  run('browser tests in Chromium (e2e)', bin('vitest'), ['run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/reports/e2e.json'], '.tmp/reports/e2e.json');
} else {
  results.push({ name: 'browser tests in Chromium (e2e): skipped, the build failed', ok: false, seconds: 0, passed: 0, failed: 1 });
}
// The same site built for a sub-path, as GitHub Pages serves a project site, on a plain static
// server with no headers of its own: only the checks that differ there (tests/subpath/).
const SUBPATH = '/bulkhead-lab/';
const subpathBuild = run(`sub-path build (BASE_PATH=${SUBPATH} into dist-subpath/)`, bin('astro'), ['build', '--outDir', 'dist-subpath'], undefined, { BASE_PATH: SUBPATH });
if (subpathBuild.ok) {
  run('sub-path site in Chromium (links, workers, grading, search)', bin('vitest'), ['run', '-c', 'vitest.subpath.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/reports/subpath.json'], '.tmp/reports/subpath.json', { SUBPATH_BASE: SUBPATH });
} else {
  results.push({ name: 'sub-path site in Chromium: skipped, the sub-path build failed', ok: false, seconds: 0, passed: 0, failed: 1 });
}

console.log('\n── summary ──');
for (const result of results) {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name}  (${result.passed} passed, ${result.failed} failed, ${result.seconds.toFixed(1)} s)`);
}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
