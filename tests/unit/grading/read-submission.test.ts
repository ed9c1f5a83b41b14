import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_JSON_DEPTH, nestingDepth, parseSubmissionBytes, readSubmissionFile } from '../../../src/grading';
import { makeSubmission } from '../../fixtures/submissions/make-submission';

const encode = (text: string) => new TextEncoder().encode(text);
const valid = () => makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': 'export {};\n' } }] });

describe('nestingDepth', () => {
  test('counts the deepest bracket nesting and ignores brackets inside strings', () => {
    expect(nestingDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(nestingDepth('{"a":"[[[[\\"{{{"}')).toBe(1);
    expect(nestingDepth('42')).toBe(0);
  });
});

describe('parseSubmissionBytes', () => {
  test('returns a valid submission', () => {
    const result = parseSubmissionBytes(encode(JSON.stringify(valid())));
    expect(result.ok).toBe(true);
  });

  test('accepts a leading byte-order mark', () => {
    expect(parseSubmissionBytes(encode(`\uFEFF${JSON.stringify(valid())}`)).ok).toBe(true);
  });

  test('rejects an empty or blank file', () => {
    expect(parseSubmissionBytes(new Uint8Array())).toEqual({ ok: false, error: 'The file is empty.' });
    expect(parseSubmissionBytes(encode(' \n\t'))).toEqual({ ok: false, error: 'The file is empty.' });
  });

  test('rejects bytes that are not UTF-8', () => {
    expect(parseSubmissionBytes(Uint8Array.from([0x7b, 0xe9, 0x7d]))).toEqual({ ok: false, error: 'The file is not UTF-8 text, so it is not a submission downloaded from the course.' });
  });

  test('rejects deep nesting before parsing', () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(parseSubmissionBytes(encode(deep))).toEqual({ ok: false, error: `The JSON nests deeper than ${MAX_JSON_DEPTH} levels; a submission never does.` });
  });

  test('rejects invalid JSON with a location and without echoing the content', () => {
    const result = parseSubmissionBytes(encode('{\n  "format": 1,\n  "x" 2\n}'));
    expect(result).toEqual({ ok: false, error: 'The file is not valid JSON (problem at line 3, column 7).' });
    expect(parseSubmissionBytes(encode('{"a": '))).toEqual({ ok: false, error: 'The file is not valid JSON (it ends in the middle of a value).' });
  });

  test('rejects a JSON array as not an object', () => {
    expect(parseSubmissionBytes(encode('[]'))).toEqual({ ok: false, error: 'The file is not a valid submission: (submission): a submission must be a JSON object.' });
  });

  test('rejects __proto__ and constructor keys, naming where they are', () => {
    const text = JSON.stringify(valid()).replace('"learner":{', '"learner":{"__proto__":{"polluted":true},');
    const result = parseSubmissionBytes(encode(text));
    expect(result).toEqual({ ok: false, error: 'The file is not a valid submission: learner: unknown field(s) "__proto__".' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const withConstructor = JSON.stringify(valid()).replace('"format"', '"constructor":{"prototype":{}},"format"');
    expect(parseSubmissionBytes(encode(withConstructor))).toEqual({ ok: false, error: 'The file is not a valid submission: the submission: unknown field(s) "constructor".' });
  });

  test('lists at most five schema problems and counts the rest', () => {
    const broken = { ...valid(), format: 'x', version: 9, createdAt: 'now', lessons: 'none', exercises: 'none', learner: 'x', extra: 1 };
    const result = parseSubmissionBytes(encode(JSON.stringify(broken)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^The file is not a valid submission: (?:[^;]+; ){4}[^;]+; and 2 more problems\.$/);
  });

  test('rejects a huge string in a learner file by the schema limit', () => {
    const big = makeSubmission({ exercises: [{ id: 'mmck-metrics', files: { 'mmck.ts': 'x'.repeat(200_001) } }] });
    expect(parseSubmissionBytes(encode(JSON.stringify(big)))).toEqual({
      ok: false,
      error: 'The file is not a valid submission: exercises.0.files.mmck.ts: each file must have at most 200000 characters.',
    });
  });
});

describe('readSubmissionFile', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bulkhead-read-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('reads a valid file and reports its modification time', async () => {
    const path = join(folder, 'ok.json');
    await writeFile(path, JSON.stringify(valid()));
    const result = await readSubmissionFile(path);
    expect(result.ok).toBe(true);
    expect(Number.isNaN(Date.parse(result.modifiedAt ?? ''))).toBe(false);
  });

  test('refuses a file over the byte cap by its size, before parsing', async () => {
    const path = join(folder, 'big.json');
    await writeFile(path, ' '.repeat(2001));
    expect(await readSubmissionFile(path, { maxBytes: 2000 })).toMatchObject({ ok: false, error: 'The file is 2,001 bytes; submissions are at most 2,000 bytes.' });
  });

  test('refuses a folder and a missing file', async () => {
    await mkdir(join(folder, 'dir.json'));
    expect(await readSubmissionFile(join(folder, 'dir.json'))).toMatchObject({ ok: false, error: 'This is not a regular file.' });
    expect(await readSubmissionFile(join(folder, 'gone.json'))).toEqual({ ok: false, error: 'The file cannot be read (it vanished or is not accessible).', modifiedAt: null });
  });
});
