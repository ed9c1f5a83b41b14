import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  decodeRow,
  defaultState,
  encodeRow,
  paramsFromObject,
  readState,
  rejectedNotice,
  writeState,
  type FormSpec,
} from '../../../../src/islands/calculators/url-state';

type Key = 'rate' | 'mode';
const SPEC: FormSpec<Key, 'item'> = {
  fields: {
    rate: { kind: 'number', name: 'Arrival rate', rule: { min: 0, minExclusive: true, max: 1000 }, default: '160' },
    mode: { kind: 'choice', name: 'Method', options: ['model', 'quick'], default: 'model' },
  },
  rows: {
    item: {
      name: 'Dependencies',
      columns: [
        { key: 'name', name: 'Name', kind: 'label' },
        { key: 'avail', name: 'Availability', kind: 'number', rule: { min: 0, max: 100 } },
      ],
      minRows: 1,
      maxRows: 3,
      default: [{ name: 'Database', avail: '99.9' }],
    },
  },
};

describe('defaultState', () => {
  test('starts every field and list from its default', () => {
    expect(defaultState(SPEC)).toEqual({ values: { rate: '160', mode: 'model' }, rows: { item: [{ name: 'Database', avail: '99.9' }] } });
  });
});

describe('readState', () => {
  test('takes usable parameters and leaves the rest at their defaults', () => {
    const result = readState(SPEC, new URLSearchParams('rate=42&other=x'));
    expect(result.state.values).toEqual({ rate: '42', mode: 'model' });
    expect(result.rejected).toEqual([]);
    expect(result.found).toBe(true);
  });

  test('reports nothing found when none of its parameters are present', () => {
    const result = readState(SPEC, new URLSearchParams('q=search'));
    expect(result.found).toBe(false);
    expect(result.state).toEqual(defaultState(SPEC));
  });

  test('falls back to the default for each bad parameter and names it', () => {
    const result = readState(SPEC, new URLSearchParams('rate=-5&mode=%3Cscript%3E'));
    expect(result.state.values).toEqual({ rate: '160', mode: 'model' });
    expect(result.rejected).toEqual(['Arrival rate', 'Method']);
  });

  test('refuses numbers that are not finite, out of range, or too long', () => {
    for (const raw of ['NaN', 'Infinity', '1e999', '5000', 'abc', '1'.repeat(40)]) {
      expect(readState(SPEC, new URLSearchParams({ rate: raw })).rejected, raw).toEqual(['Arrival rate']);
    }
  });

  test('reads rows and rejects the whole list when any row is unusable', () => {
    const good = readState(SPEC, new URLSearchParams('item=API,99.5&item=Cache,99'));
    expect(good.state.rows.item).toEqual([
      { name: 'API', avail: '99.5' },
      { name: 'Cache', avail: '99' },
    ]);
    const markup = readState(SPEC, new URLSearchParams({ item: `${encodeURIComponent('<img src=x>')},99` }));
    expect(markup.rejected).toEqual(['Dependencies']);
    expect(markup.state.rows.item).toEqual(SPEC.rows.item.default);
    const tooMany = new URLSearchParams();
    for (let index = 0; index < 4; index++) tooMany.append('item', 'A,1');
    expect(readState(SPEC, tooMany).rejected).toEqual(['Dependencies']);
    expect(readState(SPEC, new URLSearchParams('item=only-one-cell')).rejected).toEqual(['Dependencies']);
    expect(readState(SPEC, new URLSearchParams('item=%E0%A4%A,1')).rejected).toEqual(['Dependencies']);
  });

  test('reads parameters under a prefix only', () => {
    const result = readState(SPEC, new URLSearchParams('rate=1&b-rate=2'), 'b-');
    expect(result.state.values.rate).toBe('2');
  });
});

describe('writeState', () => {
  test('sets its own parameters and keeps everyone else’s', () => {
    const state = { values: { rate: '12', mode: 'quick' }, rows: { item: [{ name: 'A, B', avail: '1' }] } };
    const params = writeState(SPEC, state, new URLSearchParams('q=x&item=old,2'));
    expect(params.get('q')).toBe('x');
    expect(params.get('rate')).toBe('12');
    expect(params.getAll('item')).toEqual(['A%2C%20B,1']);
  });

  test('round-trips any valid state through a URL', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9 ,.()&/-]{0,20}$/);
    const avail = fc.integer({ min: 0, max: 100 }).map(String);
    const state = fc.record({
      values: fc.record({ rate: fc.integer({ min: 1, max: 1000 }).map(String), mode: fc.constantFrom('model', 'quick') }),
      rows: fc.record({ item: fc.array(fc.record({ name, avail }), { minLength: 1, maxLength: 3 }) }),
    });
    fc.assert(
      fc.property(state, (value) => {
        const url = `?${writeState(SPEC, value).toString()}`;
        const read = readState(SPEC, new URLSearchParams(url));
        expect(read.rejected).toEqual([]);
        expect(read.state).toEqual(value);
      }),
    );
  });
});

describe('encodeRow and decodeRow', () => {
  test('carry commas inside labels, and refuse labels the form itself would refuse', () => {
    const columns = SPEC.rows.item.columns;
    const row = { name: 'Cache, 50% hit', avail: '99' };
    expect(decodeRow(columns, encodeRow(columns, row))).toBeNull();
    const fine = { name: 'Cache, fast', avail: '99' };
    expect(decodeRow(columns, encodeRow(columns, fine))).toEqual(fine);
  });
});

describe('paramsFromObject', () => {
  test('turns starting inputs into parameters that readState checks like a URL', () => {
    const result = readState(SPEC, paramsFromObject({ rate: 50, mode: 'fast' }));
    expect(result.state.values).toEqual({ rate: '50', mode: 'model' });
    expect(result.rejected).toEqual(['Method']);
    expect(paramsFromObject(undefined).toString()).toBe('');
  });
});

describe('rejectedNotice', () => {
  test('names the unusable inputs in a sentence, or says nothing', () => {
    expect(rejectedNotice([])).toBeNull();
    expect(rejectedNotice(['Arrival rate'])).toBe('The link set Arrival rate to a value this calculator cannot use, so it shows the default.');
    expect(rejectedNotice(['Arrival rate', 'Method', 'Queue'])).toBe(
      'The link set Arrival rate, Method and Queue to values this calculator cannot use, so they show their defaults.',
    );
  });
});
