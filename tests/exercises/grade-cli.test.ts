import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { main, parseArguments, type GradeIo } from '../../src/cli/grade';
import { readFile } from 'node:fs/promises';

function capture(): GradeIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFile: (path: string) => readFile(path, 'utf8'),
  };
  return io;
}

const exercise = 'exercises/02-semaphore-bulkhead';
const solution = `${exercise}/solution/bulkhead.ts`;

describe('parseArguments', () => {
  test('reads the folder and the options in any order', () => {
    expect(parseArguments(['--json', exercise, '--file', 'a.ts', '--hidden'])).toEqual({ exercise, file: 'a.ts', hidden: true, json: true });
    expect(parseArguments([`--file=b.ts`, exercise])).toEqual({ exercise, file: 'b.ts', hidden: false, json: false });
  });

  test('asks for help', () => {
    expect(parseArguments(['--help'])).toBe('help');
  });
});

describe('main', () => {
  test('exits 0 and prints ticks when every test passes', async () => {
    const io = capture();
    expect(await main([exercise, '--file', solution, '--hidden'], io)).toBe(0);
    expect(io.out).toContain('✓ [hidden] Bulkhead (edge cases)');
    expect(io.out).toMatch(/15 passed, 0 failed of 15 .* all passed/);
    expect(io.err).toBe('');
  });

  test('exits 1 and shows expected and actual for the start file', async () => {
    const io = capture();
    expect(await main([exercise], io)).toBe(1);
    expect(io.out).toContain('✗ Bulkhead › lets up to limit calls run at once');
    expect(io.out).toContain('expected: 2');
    expect(io.out).toContain('actual:   0');
    expect(io.out).not.toContain('[hidden]');
  });

  test('prints JSON with per-test results', async () => {
    const io = capture();
    expect(await main([exercise, '--json'], io)).toBe(1);
    const parsed = JSON.parse(io.out) as { exercise: string; hidden: boolean; result: { tests: Array<{ status: string }>; summary: { total: number } } };
    expect(parsed.exercise).toBe('02-semaphore-bulkhead');
    expect(parsed.hidden).toBe(false);
    expect(parsed.result.summary.total).toBe(parsed.result.tests.length);
    expect(parsed.result.tests.some((entry) => entry.status === 'failed')).toBe(true);
  });

  test('exits 1 with a located message for a syntax error', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'grade-cli-'));
    const broken = join(folder, 'bulkhead.ts');
    await writeFile(broken, 'export class Bulkhead {\n  run( {\n}\n');
    const io = capture();
    expect(await main([exercise, '--file', broken], io)).toBe(1);
    expect(io.out).toMatch(/Run stopped \(compile\): Syntax error in bulkhead\.ts:\d+:\d+/);
    expect(io.out).not.toMatch(/\n\s+at /);
  });

  test.each([
    [['--bogus', exercise], 'unknown option --bogus'],
    [[], 'name the exercise folder'],
    [[exercise, 'another'], 'expected one exercise folder'],
    [[exercise, '--file'], '--file needs a path'],
    [['exercises/99-nothing'], 'Cannot read 99-nothing/exercise.json'],
    [['src'], 'is not an exercise folder'],
    [[exercise, '--file', 'no/such/file.ts'], 'cannot read no/such/file.ts'],
  ])('exits 2 with a message and no stack for %j', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.err).toContain(message);
    expect(io.err).not.toMatch(/\n\s+at /);
    expect(io.out).toBe('');
  });

  test('prints usage and exits 0 for --help', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out).toContain('Usage: npm run grade');
  });
});

describe('npm run grade', () => {
  test('sets the process exit code from main', async () => {
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = execFile('node_modules/.bin/tsx', ['src/cli/grade.ts', '--bogus'], () => undefined);
      child.on('exit', (code) => resolve(code));
    });
    expect(exitCode).toBe(2);
  });
});
