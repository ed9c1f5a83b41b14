/**
 * Every problem the simulator reports about a link or its settings names a control the page
 * shows, by the label the page shows it with: the labels are read from the real components'
 * markup (the pickers, the controls and the settings of the run in question), and the problems
 * are enumerated from a battery of bad links, settings the scenario has no place for, and
 * random query strings.
 */
import fc from 'fast-check';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { FIELD_LABELS, problemText, runNames, subjectText, type LinkProblem } from '../../../../src/islands/simulator/link-problems';
import type { PresetInfo } from '../../../../src/islands/simulator/PoolSimulator';
import type { RunSetup } from '../../../../src/islands/simulator/protocol';
import ScenarioPickers from '../../../../src/islands/simulator/ScenarioPickers';
import { buildRun } from '../../../../src/islands/simulator/scenario-builder';
import SimulatorControls from '../../../../src/islands/simulator/SimulatorControls';
import SimulatorSettings from '../../../../src/islands/simulator/SimulatorSettings';
import { readLink } from '../../../../src/islands/simulator/url-state';
import { PRESET_NAMES, presets } from '../../../../src/sim/index';

const PRESET_INFO: PresetInfo[] = PRESET_NAMES.map((name) => ({ name, title: presets[name].name, description: '' }));

// A slider's label ends with its value ("Arrival rate: <output>200 calls/s</output>"): the label is the part before.
const text = (html: string): string =>
  html
    .replace(/:?\s*<output\b[\s\S]*?<\/output>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .trim();

/** Every label and legend the page shows for this run. */
function labelsOf(setup: RunSetup): Set<string> {
  const noop = () => undefined;
  const parts: ReactElement[] = [
    createElement(ScenarioPickers, { uid: 'u', presets: PRESET_INFO, source: setup.state.source, setup, onPreset: noop, onPolicies: noop }),
    createElement(SimulatorControls, {
      uid: 'u',
      ready: true,
      playing: false,
      done: false,
      hold: null,
      time: 0,
      duration: setup.duration,
      speed: 2,
      seed: 1,
      services: setup.services,
      onPlay: noop,
      onPause: noop,
      onStep: noop,
      onReset: noop,
      onSpeed: noop,
      onSeed: noop,
      onFault: noop,
    }),
    createElement(SimulatorSettings, {
      uid: 'u',
      setup,
      overrides: [],
      onOverrides: noop,
      queueing: setup.state.source.kind === 'queueing' ? setup.state.source : null,
      queueingBase: setup.state.source.kind === 'queueing' ? setup.state.source : null,
      onQueueing: noop,
    }),
  ];
  const html = parts.map((part) => renderToStaticMarkup(part)).join('');
  return new Set([...html.matchAll(/<(label|legend)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((match) => text(match[2] ?? '')));
}

/** What a problem's subject may be: a label, two labels joined, a fieldset's legend and a label in it, or the link. */
function namesAControl(subject: string, labels: ReadonlySet<string>): boolean {
  if (subject === 'The link' || labels.has(subject)) return true;
  const pair = subject.split(' and ');
  if (pair.length === 2 && pair.every((part) => labels.has(part))) return true;
  const [legend, ...rest] = subject.split(/, |: /);
  const inner = subject.slice((legend ?? '').length + 2);
  return legend !== undefined && rest.length > 0 && labels.has(legend) && (labels.has(inner) || labels.has(rest.join(': ')));
}

/** Words the page never uses for its own controls. */
const INTERNAL = /NaN|Infinity|undefined|\bpreset\b|\bpolicy\b|\bpolicies\b|\b[a-z]+[A-Z][a-zA-Z]*\b|\brate\.|\bslots\.|\bqueue\.|\bevent\b|serviceRate|\(got /;

function expectNamed(problems: readonly LinkProblem[], setup: RunSetup, where: string): number {
  const labels = labelsOf(setup);
  const names = runNames(setup);
  for (const problem of problems) {
    const subject = subjectText(problem.subject, names);
    expect(namesAControl(subject, labels), `${where}: "${subject}" is not a control on the page (${[...labels].join(' | ')})`).toBe(true);
    expect(problemText(problem, names), where).not.toMatch(INTERNAL);
  }
  return problems.length;
}

const LINKS = [
  'preset=nope&seed=-3&speed=3&policies=Shared&rate.search=abc&timeout.search=-1&wait.checkout=x&slots.x=4&queue.a.b=1.5&event=soon_search_hang',
  'preset=slow-search&rate.billing=3&timeout.nope=1&slots.partitioned.search-pool=0&queue.partitioned.search-pool=-1&slots.shared.shared=100001&event=99_search_hang&event=10_billing_hang',
  'preset=queue-vs-no-queue&queue.semaphores.search-permits=5&policies=nope,shared',
  'rate=0&mean=100&slots=2.5&queue=many&partitions=0&shared=x',
  'rate=160&mean=1e-308&slots=25&queue=0',
  'rate=1e-320&mean=100&slots=25&queue=0',
  'rate=1e-200&mean=1e-200&slots=25&queue=0',
  'rate=160&mean=100&slots=400&queue=0&partitions=40&preset=healthy',
  `${Array.from({ length: 210 }, (_, i) => `x${i}=1`).join('&')}`,
  Array.from({ length: 45 }, (_, i) => `event=${i}_search_hang`).join('&'),
  'rate.%3Cscript%3E=1&slots.a.b.c=1',
];

describe('every problem the simulator reports names a control the page shows', () => {
  test('for bad links, and settings the scenario has no place for', () => {
    let count = 0;
    for (const link of LINKS) {
      const parsed = readLink(new URLSearchParams(link), PRESET_NAMES);
      const { setup } = buildRun(parsed.state);
      count += expectNamed([...parsed.problems, ...setup.problems], setup, link);
    }
    expect(count).toBeGreaterThan(25);
  });

  test('for every preset with overrides for services and pools it does not have', () => {
    for (const name of PRESET_NAMES) {
      const { setup } = buildRun({
        ...readLink(new URLSearchParams(`preset=${name}`), PRESET_NAMES).state,
        policies: ['nope'],
        overrides: [
          { kind: 'rate', service: 'billing', value: 3 },
          { kind: 'wait', service: 'billing', value: 1 },
          { kind: 'slots', policy: 'nope', pool: 'x', value: 3 },
          { kind: 'queue', policy: 'shared', pool: 'x', value: 3 },
        ],
        events: [{ at: 1e6, service: 'search', kind: 'hang' }],
      });
      expect(expectNamed(setup.problems, setup, name)).toBeGreaterThan(3);
    }
  });

  test('for random query strings', () => {
    const key = fc.constantFrom('preset', 'seed', 'speed', 'policies', 'rate', 'mean', 'slots', 'queue', 'partitions', 'shared', 'event', 'rate.search', 'timeout.checkout', 'wait.x', 'slots.partitioned.search-pool', 'queue.shared.shared', 'slots.q');
    const value = fc.oneof(fc.constantFrom('', '-1', '0', '1e-320', '1e400', 'none', 'unbounded', 'abc', '1.5', '50', '15_search_slow_10'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (pairs) => {
        const parsed = readLink(new URLSearchParams(pairs), PRESET_NAMES);
        const { setup } = buildRun(parsed.state);
        expectNamed([...parsed.problems, ...setup.problems], setup, new URLSearchParams(pairs).toString());
      }),
      { numRuns: 200 },
    );
  });

  test('the labels it checks against are the ones the components use', () => {
    const { setup } = buildRun(readLink(new URLSearchParams('rate=160&mean=100&slots=40&queue=0&partitions=4&shared=25'), PRESET_NAMES).state);
    const labels = labelsOf(setup);
    for (const label of [FIELD_LABELS.preset, FIELD_LABELS.policies, FIELD_LABELS.seed, FIELD_LABELS.speed, FIELD_LABELS.fault, FIELD_LABELS.rate, FIELD_LABELS.mean, FIELD_LABELS.slots, FIELD_LABELS.shared, FIELD_LABELS.queue, FIELD_LABELS.partitions]) {
      expect(labels, label).toContain(label);
    }
  });
});
