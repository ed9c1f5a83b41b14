import { describe, expect, test } from 'vitest';
import { presets } from '../../../../src/sim/index';
import { buildRun } from '../../../../src/islands/simulator/scenario-builder';
import { linkNotice, runNames } from '../../../../src/islands/simulator/link-problems';
import { presetState, type SimulatorState } from '../../../../src/islands/simulator/simulator-state';
import { readLink, splitScenarioLink, writeLink } from '../../../../src/islands/simulator/url-state';

const PRESETS = ['healthy', 'slow-search', 'hung-search'];
const custom = (scenario: unknown): SimulatorState => ({ ...presetState('healthy'), source: { kind: 'custom', scenario } });

describe('splitScenarioLink', () => {
  test('takes the scenario out and leaves the rest for readLink', () => {
    const link = splitScenarioLink(new URLSearchParams('scenario=abc&seed=7&speed=5&event=10_search_hang'));
    expect(link.packed).toBe('abc');
    expect(link.problems).toEqual([]);
    expect(link.rest.toString()).toBe('seed=7&speed=5&event=10_search_hang');
    const { state } = readLink(link.rest, PRESETS);
    expect([state.seed, state.speed, state.events.length]).toEqual([7, 5, 1]);
  });

  test('a scenario wins over a preset or a calculator pool in the same link, and the notice says so', () => {
    const link = splitScenarioLink(new URLSearchParams('preset=hung-search&rate=100&mean=50&scenario=abc&seed=2'));
    expect(link.rest.toString()).toBe('seed=2');
    expect(linkNotice(link.problems)).toBe(
      'Part of this link could not be used, so the simulator used its defaults or nearest limits there: Scenario (ignored: the link carries a scenario of its own); The link (its calculator’s pool was ignored: the link carries a scenario of its own).',
    );
  });

  test('changes nothing for a link without a scenario', () => {
    const link = splitScenarioLink(new URLSearchParams('preset=hung-search&seed=3'));
    expect(link).toEqual({ packed: null, rest: new URLSearchParams('preset=hung-search&seed=3'), problems: [] });
  });

  test('writeLink leaves an edited scenario to the page (it packs it asynchronously)', () => {
    expect(writeLink(custom(presets.healthy)).toString()).toBe('seed=1');
  });
});

describe('buildRun with an edited scenario', () => {
  test('runs it, panels and all, and sends it back for the editor and exports', () => {
    const scenario = JSON.parse(JSON.stringify(presets['hung-search'])) as { name: string };
    scenario.name = 'My hung search';
    const { setup } = buildRun(custom(scenario));
    expect(setup.problems).toEqual([]);
    expect(setup.title).toBe('My hung search');
    expect(setup.state.source).toEqual({ kind: 'custom', scenario });
    expect(setup.panels.map((p) => p.policy)).toEqual(['shared', 'partitioned']);
    expect(setup.scenario.name).toBe('My hung search');
    // Its services and pools have sliders, so problems can name them.
    expect(runNames(setup).service('search')).toBe('Search');
  });

  test('an invalid one opens the default preset and names what is wrong', () => {
    const { setup } = buildRun(custom({ name: 'broken', duration: -1, services: [], policies: {} }));
    expect(setup.state.source).toEqual({ kind: 'preset', preset: 'slow-search' });
    expect(setup.problems).toHaveLength(1);
    expect(linkNotice(setup.problems)).toMatch(/^Part of this link could not be used, .*The link \(its scenario is not valid \(duration must be a positive number; services must list at least one service; policies must define at least one policy; and 1 more\), so the default scenario opened; the editor shows it to fix\)\.$/);
  });
});
