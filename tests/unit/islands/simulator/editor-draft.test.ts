import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseScenario, presets } from '../../../../src/sim/index';
import {
  addFault,
  addPool,
  addService,
  fieldValue,
  formatValue,
  getAt,
  issueText,
  otherKeys,
  parseText,
  removeService,
  renameService,
  setAt,
  setFaultKind,
  setPoolMember,
  setServiceTimeKind,
  validate,
  withoutDefaults,
} from '../../../../src/islands/simulator/editor/draft';

/** A preset as plain JSON, as the editor holds it. */
const plain = (name: keyof typeof presets): unknown => JSON.parse(JSON.stringify(presets[name]));

describe('parseText', () => {
  test('reads JSON, and names the line and column of a syntax error without a stack', () => {
    expect(parseText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    const broken = parseText('{\n  "name": "x",\n  "duration": 60,,\n}');
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.line).toBe(3);
    expect(broken.column).toBeGreaterThan(15);
    expect(broken.message).toMatch(/^not valid JSON/);
    expect(broken.message).not.toMatch(/position|at JSON|\n/);
    expect(parseText('  ')).toMatchObject({ ok: false, message: expect.stringMatching(/empty/) });
    expect(parseText('{"a": ')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('validate', () => {
  test('finds nothing wrong with a preset', () => {
    expect(validate(plain('slow-search'))).toEqual([]);
  });

  test('names each problem by its path, in the words the CLI uses', () => {
    let draft = plain('slow-search');
    draft = setAt(draft, ['policies', 'partitioned', 'pools', 1, 'slots'], 0);
    draft = setAt(draft, ['services', 0, 'arrival', 'rate'], 'fast');
    draft = setAt(draft, ['services', 2, 'colour'], 'blue');
    const issues = validate(draft);
    expect(issues.map(issueText)).toEqual([
      'services[0].arrival.rate: must be a positive number',
      'services[2].colour: is not a known field',
      'policies.partitioned.pools[1].slots: must be a whole number of at least 1',
    ]);
    expect(issues[0]?.path).toEqual(['services', 0, 'arrival', 'rate']);
    // The same sentences as the CLI's parser, path first.
    const cli = parseScenario(draft);
    expect(cli.ok).toBe(false);
    if (!cli.ok) expect(issues.map((i) => `${i.where} ${i.message}`)).toEqual(cli.errors);
  });

  test('reports a missing required field and cross-field rules', () => {
    const draft = setAt(setAt(plain('healthy'), ['duration'], undefined), ['warmup'], 5);
    expect(validate(draft).map(issueText)).toEqual(['duration: is required']);
    expect(validate(setAt(plain('healthy'), ['warmup'], 100)).map(issueText)).toEqual(['warmup: must be less than duration']);
  });
});

describe('form edits', () => {
  test('setAt copies along the path, creates what is missing and removes with undefined', () => {
    const before = { a: { b: [1, 2, 3] }, keep: true };
    const after = setAt(before, ['a', 'b', 1], undefined);
    expect(after).toEqual({ a: { b: [1, 3] }, keep: true });
    expect(before.a.b).toEqual([1, 2, 3]);
    expect(setAt({}, ['x', 'y'], 1)).toEqual({ x: { y: 1 } });
    expect(setAt({ x: 1, y: 2 }, ['x'], undefined)).toEqual({ y: 2 });
  });

  test('adding a service, a pool for it and a fault makes a valid scenario the engine accepts', () => {
    let draft = addService(plain('healthy'));
    expect(getAt(draft, ['services', 3, 'id'])).toBe('service');
    // Not placed yet: the schema says where.
    expect(validate(draft).map(issueText)).toEqual(['policies.partitioned.pools: must place service "service" in a pool']);
    draft = addPool(draft, 'partitioned');
    expect(getAt(draft, ['policies', 'partitioned', 'pools', 3])).toEqual({ id: 'service-pool', services: ['service'], slots: 5, queue: 5 });
    draft = addFault(draft, 3);
    expect(getAt(draft, ['services', 3, 'degradations'])).toEqual([{ kind: 'slow', at: 12, factor: 10 }]);
    draft = setFaultKind(draft, 3, 0, 'fail');
    expect(getAt(draft, ['services', 3, 'degradations', 0])).toEqual({ kind: 'fail', at: 12, fraction: 0.5 });
    expect(validate(draft)).toEqual([]);
    expect(parseScenario(draft).ok).toBe(true);
    // A second one gets a fresh id.
    expect(getAt(addService(draft), ['services', 4, 'id'])).toBe('service-2');
  });

  test('removing a service takes it out of every pool, and a pool left empty goes too', () => {
    const draft = removeService(plain('healthy'), 0);
    expect((getAt(draft, ['services']) as unknown[]).length).toBe(2);
    expect(getAt(draft, ['policies', 'partitioned', 'pools'])).toEqual([
      { id: 'checkout-pool', services: ['checkout'], slots: 6, queue: 6 },
      { id: 'analytics-pool', services: ['analytics'], slots: 6, queue: 6 },
    ]);
    expect(validate(draft)).toEqual([]);
  });

  test('renaming a service renames it in its pools', () => {
    const draft = renameService(plain('healthy'), 0, 'find');
    expect(getAt(draft, ['policies', 'partitioned', 'pools', 0, 'services'])).toEqual(['find']);
    expect(validate(draft)).toEqual([]);
  });

  test('a service moves between the pools of a policy', () => {
    const draft = setPoolMember(plain('healthy'), 'partitioned', 1, 'search', true);
    expect(getAt(draft, ['policies', 'partitioned', 'pools', 1, 'services'])).toEqual(['checkout', 'search']);
    expect(getAt(draft, ['policies', 'partitioned', 'pools', 0, 'services'])).toEqual([]);
  });

  test('changing the service-time kind keeps the mean and adds what the kind needs', () => {
    const draft = setServiceTimeKind(plain('healthy'), 2, 'lognormal');
    expect(getAt(draft, ['services', 2, 'serviceTime'])).toEqual({ kind: 'lognormal', mean: 0.2, p99: 0.8 });
    expect(getAt(setServiceTimeKind(draft, 2, 'deterministic'), ['services', 2, 'serviceTime'])).toEqual({ kind: 'deterministic', mean: 0.2 });
  });

  test('fields the form does not edit are kept and listed', () => {
    const retry = plain('retry-storm');
    expect(otherKeys(getAt(retry, ['services', 0, 'client']), ['timeout', 'maxQueueWait'])).toEqual(['retries']);
    const edited = setAt(retry, ['services', 0, 'arrival', 'rate'], 99);
    expect(getAt(edited, ['services', 0, 'client', 'retries'])).toEqual(getAt(retry, ['services', 0, 'client', 'retries']));
  });

  test('a number field keeps what was typed when it is not a number', () => {
    expect(fieldValue('12.5')).toBe(12.5);
    expect(fieldValue(' 3 ')).toBe(3);
    expect(fieldValue('1e3')).toBe(1000);
    expect(fieldValue('')).toBeUndefined();
    expect(fieldValue('12abc')).toBe('12abc');
    expect(fieldValue('Infinity')).toBe('Infinity');
  });

  test('form and JSON agree: the text written for a value parses back to it', () => {
    const draft = addFault(addPool(addService(plain('noisy-tenant')), 'partitioned'), 0);
    const text = formatValue(draft);
    expect(parseText(text)).toEqual({ ok: true, value: draft });
  });
});

describe('withoutDefaults', () => {
  test('drops only what repeats a default, so the scenario parses the same', () => {
    const run = presets['retry-storm'];
    const compact = withoutDefaults(run);
    expect(getAt(compact, ['tenants'])).toBeUndefined();
    expect(getAt(compact, ['services', 1, 'degradations'])).toBeUndefined();
    expect(getAt(compact, ['services', 0, 'client', 'retries', 'jitter'])).toBeUndefined();
    expect(getAt(compact, ['services', 0, 'arrival', 'rate'])).toBe(200);
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(run).length);
    expect(parseScenario(compact)).toEqual({ ok: true, value: run });
  });

  test('keeps a field the learner wrote, even one the schema does not know', () => {
    const extra = setAt(plain('healthy'), ['services', 0, 'colour'], 'blue');
    expect(withoutDefaults(extra)).toBe(extra);
    const tenants = setAt(plain('healthy'), ['tenants'], [{ id: 'acme' }]);
    expect(getAt(withoutDefaults(tenants), ['tenants'])).toEqual([{ id: 'acme' }]);
  });

  test('turns a transform’s output back into its input (a computed field goes)', () => {
    const time = z.object({ parts: z.array(z.number()), scale: z.number().default(1) }).strict().transform((t) => ({ ...t, mean: t.parts.reduce((a, b) => a + b, 0) / t.parts.length }));
    const schema = z.object({ time, name: z.string() }).strict();
    const parsed = schema.parse({ name: 'x', time: { parts: [1, 3] } });
    expect(parsed).toEqual({ name: 'x', time: { parts: [1, 3], scale: 1, mean: 2 } });
    expect(withoutDefaults(parsed, schema)).toEqual({ name: 'x', time: { parts: [1, 3] } });
  });

  test('leaves an invalid scenario as it is', () => {
    const broken = setAt(plain('healthy'), ['duration'], -1);
    expect(withoutDefaults(broken)).toBe(broken);
  });
});
