/**
 * Every message a calculator can show names a field the form has, by the label the form shows.
 *
 * The labels are read from the calculator as it renders (server markup of the real component, in
 * each of its modes), and the messages are enumerated by feeding each calculator's computation
 * bad text, extreme numbers and combinations of both, field by field and at random. A message
 * beside a field must name that field; a message for the whole form must name at least one; and
 * none may name an internal input (`offeredLoad`, `servers`) or show a raw value.
 */
import fc from 'fast-check';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, test } from 'vitest';
import AvailabilityCalculator from '../../../../src/islands/calculators/AvailabilityCalculator';
import BlastRadiusCalculator from '../../../../src/islands/calculators/BlastRadiusCalculator';
import IsolationPriceCalculator from '../../../../src/islands/calculators/IsolationPriceCalculator';
import RoiCalculator from '../../../../src/islands/calculators/RoiCalculator';
import SizingCalculator from '../../../../src/islands/calculators/SizingCalculator';
import { AVAILABILITY_FORM, computeChain, computeConversion } from '../../../../src/islands/calculators/availability-model';
import { BLAST_FORM, computeBlastRadius } from '../../../../src/islands/calculators/blast-radius-model';
import type { CalculatorProps } from '../../../../src/islands/calculators/calculator-props';
import type { Invalid } from '../../../../src/islands/calculators/form-errors';
import { ISOLATION_FORM, computeIsolation } from '../../../../src/islands/calculators/isolation-model';
import { ROI_FORM, computeRoi } from '../../../../src/islands/calculators/roi-model';
import { SIZING_FORM, computeSizing } from '../../../../src/islands/calculators/sizing-model';
import { defaultState, readState, rejectedNotice, type FormSpec, type Row } from '../../../../src/islands/calculators/url-state';

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .trim();

const attribute = (tag: string, name: string): string | null => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** The label of every named control in a calculator's markup, by the control's name (its URL parameter, or a row cell). */
function labelsByName(html: string): Map<string, string> {
  const forId = new Map<string, string>();
  for (const match of html.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/g)) {
    const id = attribute(match[1] ?? '', 'for');
    if (id) forId.set(id, text(match[2] ?? ''));
  }
  const labels = new Map<string, string>();
  for (const match of html.matchAll(/<(?:input|select)\b[^>]*>/g)) {
    const tag = match[0];
    const name = attribute(tag, 'name');
    const id = attribute(tag, 'id');
    if (name && id && attribute(tag, 'type') !== 'radio' && forId.has(id)) labels.set(name, forId.get(id) ?? '');
  }
  // A radio group is named by its fieldset's legend.
  for (const match of html.matchAll(/<fieldset\b[^>]*><legend>([\s\S]*?)<\/legend><div class="calc-choice-options">([\s\S]*?)<\/div>/g)) {
    const name = attribute(/<input\b[^>]*type="radio"[^>]*>/.exec(match[2] ?? '')?.[0] ?? '', 'name');
    if (name) labels.set(name, text(match[1] ?? ''));
  }
  return labels;
}

/** "Arrival rate (req/s)" → "arrival rate": what a sentence calls the field. */
const nameOf = (label: string): string => label.replace(/\s*\([^)]*\)\s*$/, '').toLowerCase();

/** Words that would give away an internal input or a raw value. */
const INTERNAL = /NaN|Infinity|undefined|\bnull\b|\(got |\b[a-z]+[A-Z][a-zA-Z]*\b|offered ?load|\bservers?\b|shardSize|The pool\b/;

interface Case {
  /** The message's field key (a URL parameter, or `rows.index.column`), or null for a form-wide message. */
  key: string | null;
  message: string;
}

function messagesOf(outcome: { status: string } | Invalid<string>): Case[] {
  if (outcome.status !== 'invalid') return [];
  const invalid = outcome as Invalid<string>;
  const cases: Case[] = Object.entries(invalid.errors).map(([key, message]) => ({ key, message: String(message) }));
  if (invalid.general) cases.push({ key: null, message: invalid.general });
  return cases;
}

/** Checks every message against the labels the form shows when it has `values`. */
function expectNamed(cases: readonly Case[], labels: ReadonlyMap<string, string>, where: string): void {
  const names = [...labels.values()].map(nameOf);
  for (const { key, message } of cases) {
    expect(message, where).not.toMatch(INTERNAL);
    const lower = message.toLowerCase();
    if (key === null) {
      expect(
        names.some((name) => lower.includes(name)),
        `${where}: "${message}" names none of ${names.join(', ')}`,
      ).toBe(true);
    } else {
      const label = labels.get(key);
      expect(label, `${where}: the form shows no field "${key}" for "${message}"`).toBeDefined();
      expect(lower, `${where}: "${message}" does not name its field "${label ?? ''}"`).toContain(nameOf(label ?? ''));
    }
  }
}

function render(component: ComponentType<CalculatorProps>, initial: Record<string, string>): Map<string, string> {
  return labelsByName(renderToStaticMarkup(createElement(component, { initial })));
}

/** Texts a person might type, and figures at and past every limit. */
const TYPED = ['', ' ', 'abc', '12abc', '-1', '0', '0.5', '1.5', '1', '2', '8', '100', '1,000', '1,2', '1e400', '1e-320', '1e-200', '99999999999', 'x'.repeat(40)];

interface Calculator {
  name: string;
  component: ComponentType<CalculatorProps>;
  spec: FormSpec<string, string>;
  /** Choice fields and their options: the form's labels depend on them. */
  choices: Record<string, readonly string[]>;
  /** Values typed into the number fields, besides {@link TYPED}. */
  extremes: Record<string, readonly string[]>;
  compute: (values: Record<string, string>, rows: Record<string, readonly Row[]>) => Case[];
  /** Hand-picked inputs that reach messages random ones rarely do. */
  cases: readonly Record<string, string>[];
}

/** Every message met, printed with SHOW_MESSAGES=1 for a person to read through. */
const seen = new Set<string>();
afterAll(() => {
  if (process.env['SHOW_MESSAGES']) console.log([...seen].sort().join('\n'));
});

const CALCULATORS: Calculator[] = [
  {
    name: 'sizing',
    component: SizingCalculator,
    spec: SIZING_FORM,
    choices: { method: ['model', 'quick'], queue: ['none', 'fixed', 'auto', 'unbounded'] },
    extremes: { rate: ['10000000', '1e-7'], mean: ['3600000', '1e-6'], qsize: ['10000', '0'], block: ['99.99', '1e-9'], wait: ['1e-9', '3600000'], headroom: ['1000000'], p99: ['3600000'] },
    compute: (values) => messagesOf(computeSizing(values as never)),
    cases: [
      { queue: 'none', block: '' },
      { queue: 'unbounded', wait: '' },
      { queue: 'auto', wait: '' },
      { queue: 'fixed', block: '', wait: '' },
      { rate: '10000000', mean: '3600000' },
      { rate: '10000000', mean: '100', block: '1e-9' },
      { method: 'quick', rate: '10000000', p99: '3600000', headroom: '1000000' },
      { rate: '1e-300', mean: '1e-300' },
      { queue: 'unbounded', rate: '10000000', mean: '3600000', wait: '1', block: '' },
    ],
  },
  {
    name: 'price of isolation',
    component: IsolationPriceCalculator,
    spec: ISOLATION_FORM,
    choices: {},
    extremes: { rate: ['10000000'], mean: ['3600000', '1e-6'], block: ['99.999', '1e-12'], parts: ['1000', '1001'] },
    compute: (values) => messagesOf(computeIsolation(values as never)),
    cases: [{ rate: '10000000', mean: '3600000' }, { rate: '1e-300', mean: '1e-300' }, { rate: '1', mean: '1', block: '1e-300' }],
  },
  {
    name: 'blast radius',
    component: BlastRadiusCalculator,
    spec: BLAST_FORM,
    choices: {},
    extremes: { nodes: ['1000000', '1000001'], k: ['100', '101'], customers: ['1000000000'], seed: ['1000000', '1000001'] },
    compute: (values) => messagesOf(computeBlastRadius(values as never)),
    cases: [{ nodes: '8', k: '9' }, { nodes: '1000000', k: '100' }],
  },
  {
    name: 'availability',
    component: AvailabilityCalculator,
    spec: AVAILABILITY_FORM as FormSpec<string, string>,
    choices: { from: ['percent', 'nines', 'downtime'] },
    extremes: { avail: ['99.99999999999999999', '100'], nines: ['9', '20'], down: ['0', '1000000', '44640'] },
    compute: (values, rows) => [...messagesOf(computeConversion(values as never)), ...messagesOf(computeChain(rows['dep'] ?? []))],
    cases: [
      { from: 'downtime', down: '0' },
      { from: 'downtime', down: '25', unit: 'hours', per: 'day' },
      { from: 'percent', avail: '100' },
      { from: 'nines', nines: '9' },
    ],
  },
  {
    name: 'ROI',
    component: RoiCalculator,
    spec: ROI_FORM as FormSpec<string, string>,
    choices: { sens: ['freq', 'after', 'rev'] },
    extremes: { rev: ['1000000000000', '1e12'], capex: ['0', '1e12'], opex: ['0', '1e12'], years: ['30', '31'], disc: ['100', '0'] },
    compute: (values, rows) => messagesOf(computeRoi(values as never, rows['mode'] ?? [])),
    cases: [{ capex: '0', opex: '0' }, { rev: '1e12', capex: '0', opex: '1' }],
  },
];

/** Rows with one bad cell, for the list forms. */
function rowCases(spec: FormSpec<string, string>): Record<string, readonly Row[]>[] {
  const out: Record<string, readonly Row[]>[] = [];
  for (const key of Object.keys(spec.rows)) {
    const rowsSpec = spec.rows[key];
    if (!rowsSpec) continue;
    const base = rowsSpec.default;
    for (const column of rowsSpec.columns) {
      for (const typed of ['', 'abc', '-1', '101', '1.5', '1e400', '<b>x</b>', 'y'.repeat(41), '0', '100', '10000']) {
        out.push({ [key]: base.map((row, index) => (index === 0 ? { ...row, [column.key]: typed } : row)) });
      }
    }
  }
  return out;
}

describe.each(CALCULATORS)('every message of the $name calculator names a field it shows', (calculator) => {
  const defaults = defaultState(calculator.spec);
  const numberKeys = Object.keys(calculator.spec.fields).filter((key) => calculator.spec.fields[key]?.kind === 'number');
  const modes = (values: Record<string, string>) => Object.fromEntries(Object.keys(calculator.choices).map((key) => [key, values[key] ?? defaults.values[key] ?? '']));
  const labelCache = new Map<string, Map<string, string>>();
  const labelsFor = (values: Record<string, string>) => {
    const choice = modes(values);
    const key = JSON.stringify(choice);
    if (!labelCache.has(key)) labelCache.set(key, render(calculator.component, choice));
    return labelCache.get(key) ?? new Map<string, string>();
  };
  const check = (values: Record<string, string>, rows: Record<string, readonly Row[]> = defaults.rows) => {
    const all = { ...defaults.values, ...values };
    const cases = calculator.compute(all, { ...defaults.rows, ...rows });
    if (process.env['SHOW_MESSAGES']) for (const found of cases) seen.add(`${calculator.name} ${found.key ?? '(form)'}: ${found.message}`);
    expectNamed(cases, labelsFor(all), `${calculator.name} ${JSON.stringify(values)}`);
    return cases.length;
  };

  test('each field, one bad value at a time, in every mode', () => {
    let messages = 0;
    const choiceSets = Object.entries(calculator.choices).reduce<Record<string, string>[]>(
      (sets, [key, options]) => sets.flatMap((set) => options.map((option) => ({ ...set, [key]: option }))),
      [{}],
    );
    for (const choices of choiceSets) {
      for (const key of numberKeys) {
        for (const typed of [...TYPED, ...(calculator.extremes[key] ?? [])]) messages += check({ ...choices, [key]: typed });
      }
    }
    for (const values of calculator.cases) messages += check(values);
    for (const rows of rowCases(calculator.spec)) messages += check({}, rows);
    // The enumeration must reach messages, or it proves nothing.
    expect(messages).toBeGreaterThan(numberKeys.length * 5);
  });

  test('random mixes of bad and extreme values', () => {
    const value = (key: string) => fc.constantFrom(...TYPED, ...(calculator.extremes[key] ?? []), calculator.spec.fields[key]?.default ?? '');
    const record = fc.record(
      Object.fromEntries([
        ...numberKeys.map((key) => [key, value(key)] as const),
        ...Object.entries(calculator.choices).map(([key, options]) => [key, fc.constantFrom(...options)] as const),
      ]),
    );
    fc.assert(
      fc.property(record, (values) => {
        check(values as Record<string, string>);
      }),
      { numRuns: 150 },
    );
  });

  test('the notice for a bad link names the fields it could not use', () => {
    const params = new URLSearchParams(Object.keys(calculator.spec.fields).map((key) => [key, '<bad>']));
    for (const key of Object.keys(calculator.spec.rows)) params.append(key, '<bad>');
    const { rejected } = readState(calculator.spec, params);
    const labels = labelsFor({});
    const names = [...labels.values()].map(nameOf);
    const legends = [...renderToStaticMarkup(createElement(calculator.component, {})).matchAll(/<legend>([\s\S]*?)<\/legend>/g)].map((match) => text(match[1] ?? '').toLowerCase());
    expect(rejected.length).toBeGreaterThan(0);
    for (const name of rejected) {
      const lower = name.toLowerCase();
      // A field hidden in this mode (a queue size, a downtime) is named as its label reads when shown.
      const shownSomewhere = [...labelCache.values()].some((map) => [...map.values()].some((label) => nameOf(label) === lower));
      expect(names.includes(lower) || legends.some((legend) => legend.includes(lower)) || shownSomewhere, `${calculator.name}: the notice names "${name}"`).toBe(true);
    }
    expect(rejectedNotice(rejected)).not.toMatch(/<|>/);
  });
});
