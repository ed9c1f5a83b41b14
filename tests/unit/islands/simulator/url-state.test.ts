import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SPEEDS, presetState, type SimulatorState } from '../../../../src/islands/simulator/simulator-state';
import { simulatorHref as calculatorHref } from '../../../../src/islands/calculators/simulator-link';
import { FIELD_LABELS, linkNotice, problemText, type LinkProblem } from '../../../../src/islands/simulator/link-problems';
import { derivedProblems, formatEvent, numberText, parseEvent, readLink, simulatorHref, writeLink } from '../../../../src/islands/simulator/url-state';

const PRESETS = ['healthy', 'slow-search', 'hung-search', 'retry-storm', 'noisy-tenant', 'queue-vs-no-queue', 'adaptive-recovery'];
const read = (query: string) => readLink(new URLSearchParams(query), PRESETS);

describe('readLink', () => {
  test('opens the fallback preset with seed 1 when the link says nothing', () => {
    const { state, problems } = read('');
    expect(state).toEqual(presetState('slow-search'));
    expect(problems).toEqual([]);
  });

  test('reads a preset, seed, speed, panels, settings and faults', () => {
    const { state, problems } = read(
      'preset=hung-search&seed=42&speed=50&policies=partitioned,shared&rate.search=150&timeout.checkout=none&wait.search=0.25&slots.partitioned.search-pool=20&queue.shared.shared=0&event=20.5_search_hang&event=15_checkout_slow_4&event=30_search_fail_0.5&event=40_search_recover',
    );
    expect(problems).toEqual([]);
    expect(state.source).toEqual({ kind: 'preset', preset: 'hung-search' });
    expect(state.seed).toBe(42);
    expect(state.speed).toBe(50);
    expect(state.policies).toEqual(['partitioned', 'shared']);
    expect(state.overrides).toEqual([
      { kind: 'rate', service: 'search', value: 150 },
      { kind: 'timeout', service: 'checkout', value: null },
      { kind: 'wait', service: 'search', value: 0.25 },
      { kind: 'slots', policy: 'partitioned', pool: 'search-pool', value: 20 },
      { kind: 'queue', policy: 'shared', pool: 'shared', value: 0 },
    ]);
    expect(state.events).toEqual([
      { at: 15, service: 'checkout', kind: 'slow', factor: 4 },
      { at: 20.5, service: 'search', kind: 'hang' },
      { at: 30, service: 'search', kind: 'fail', fraction: 0.5 },
      { at: 40, service: 'search', kind: 'recover' },
    ]);
  });

  test('accepts the calculators’ link contract as an M/M/c/K pool', () => {
    expect(read('rate=160&mean=100&slots=40&queue=0&partitions=4').state.source).toEqual({ kind: 'queueing', rate: 160, meanMs: 100, slots: 40, queue: 0, partitions: 4 });
    expect(read('rate=5&mean=20&slots=2&queue=unbounded').state.source).toEqual({ kind: 'queueing', rate: 5, meanMs: 20, slots: 2, queue: 'unbounded', partitions: 1 });
    expect(read('rate=1e-7&mean=100&slots=1&queue=0').state.source).toMatchObject({ rate: 1e-7 });
  });

  test('reads every link the calculators write', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        fc.double({ min: 0.001, max: 3.6e6, noNaN: true }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant('unbounded' as const)),
        fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
        (rate, meanMs, slots, queue, partitions, sharedSlots) => {
          const href = calculatorHref({ rate, meanMs, slots, queue, partitions, sharedSlots });
          if (href === null) return;
          const { state, problems } = read(href.slice(href.indexOf('?') + 1));
          expect(problems).toEqual([]);
          expect(state.source).toMatchObject({ kind: 'queueing', slots, queue, partitions: partitions ?? 1 });
          const shared = (partitions ?? 1) > 1 && sharedSlots !== undefined && sharedSlots !== slots ? sharedSlots : undefined;
          if (state.source.kind === 'queueing') expect(state.source.sharedSlots).toBe(shared);
          if (state.source.kind === 'queueing') expect(state.source.rate).toBeCloseTo(rate, -Math.floor(Math.log10(rate)) + 4);
        },
      ),
    );
  });

  test('cuts more partitions than it can show to sixteen, and says so', () => {
    const { state, problems } = read('rate=160&mean=100&slots=400&queue=0&partitions=40');
    expect(state.source).toMatchObject({ partitions: 16, slots: 400 });
    expect(problems.map((problem) => problemText(problem))).toEqual(['Partitions (the simulator shows at most 16, so it splits the same slots 16 ways instead of 40)']);
  });

  test('keeps defaults for malformed parameters and names each one', () => {
    const { state, problems } = read('preset=nope&seed=-3&speed=3&policies=Shared&rate.search=abc&timeout.search=-1&slots.x=4&queue.a.b=1.5&event=soon_search_hang');
    expect(state).toEqual(presetState('slow-search'));
    expect(problems.map((p) => p.subject)).toEqual([
      { kind: 'field', label: FIELD_LABELS.preset },
      { kind: 'field', label: FIELD_LABELS.seed },
      { kind: 'field', label: FIELD_LABELS.speed },
      { kind: 'panels' },
      { kind: 'service', service: 'search', setting: 'rate' },
      { kind: 'service', service: 'search', setting: 'timeout' },
      { kind: 'link' },
      { kind: 'pool', policy: 'a', pool: 'b', setting: 'queue' },
      { kind: 'field', label: FIELD_LABELS.fault },
    ]);
  });

  test('reads the shared pool’s own slots, as the price of isolation compares them', () => {
    expect(read('rate=160&mean=100&slots=40&queue=0&partitions=4&shared=25').state.source).toEqual({
      kind: 'queueing',
      rate: 160,
      meanMs: 100,
      slots: 40,
      queue: 0,
      partitions: 4,
      sharedSlots: 25,
    });
    // With one partition the shared pool is the only pool: its slots are the pool's.
    expect(read('rate=160&mean=100&slots=40&queue=0&shared=25').state.source).toEqual({ kind: 'queueing', rate: 160, meanMs: 100, slots: 25, queue: 0, partitions: 1 });
    const { problems } = read('rate=160&mean=100&slots=40&queue=0&partitions=4&shared=0');
    expect(problems.map((p) => problemText(p))).toEqual(['Slots in the shared pool (not a whole number of slots from 1 to 100,000)']);
  });

  test('refuses figures whose derived rates are not finite, with the notice other bad values get', () => {
    const mean = read('rate=160&mean=1e-308&slots=25&queue=0');
    expect(mean.problems.map((p) => problemText(p))).toEqual(['Mean service time (too short: calls served per second would not be a finite number)']);
    expect(mean.state.source).toMatchObject({ rate: 160, meanMs: 100 });
    const rate = read('rate=1e-320&mean=100&slots=25&queue=0');
    expect(rate.problems.map((p) => problemText(p))).toEqual(['Arrival rate, all streams (too low: the time between calls would not be a finite number)']);
    expect(rate.state.source).toMatchObject({ rate: 160, meanMs: 100 });
    const both = read('rate=1e-200&mean=1e-200&slots=25&queue=0');
    expect(both.problems.map((p) => problemText(p))).toEqual([
      'Arrival rate, all streams and Mean service time (together too small: the load they make would not be a number above 0)',
    ]);
    expect(both.state.source).toMatchObject({ rate: 160, meanMs: 100 });
    expect(linkNotice(mean.problems)).toMatch(/^Part of this link could not be used/);
  });

  test('every pool a link opens has finite derived rates', () => {
    const tiny = fc.constantFrom('1e-320', '1e-308', '1e-200', '5e-324', '0.000001', '1e-7', '1', '160', '1000000', '3600000');
    fc.assert(
      fc.property(tiny, tiny, fc.integer({ min: 1, max: 40 }), (rate, mean, partitions) => {
        const { state } = read(`rate=${rate}&mean=${mean}&slots=25&queue=0&partitions=${partitions}`);
        if (state.source.kind !== 'queueing') throw new Error('not a calculator pool');
        expect(derivedProblems(state.source)).toEqual([]);
        expect(Number.isFinite(1000 / state.source.meanMs) && Number.isFinite(1 / state.source.rate)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('falls back to the calculators’ defaults for each bad pool figure', () => {
    const { state, problems } = read('rate=0&mean=100&slots=2.5&queue=many');
    expect(state.source).toEqual({ kind: 'queueing', rate: 160, meanMs: 100, slots: 25, queue: 0, partitions: 1 });
    expect(problems).toHaveLength(3);
  });

  test('rejects numbers written with signs, spaces, hex or out of range', () => {
    for (const seed of ['+1', ' 1', '0x10', '1.5', '4294967296', 'Infinity', 'NaN', '1e10']) {
      expect(read(`seed=${encodeURIComponent(seed)}`).problems, seed).toHaveLength(1);
    }
  });

  test('never reads a fault at a time off the 0.1 s grid, or with the wrong extras', () => {
    for (const event of ['15.05_search_hang', '15_search_slow', '15_search_slow_1', '15_search_fail_2', '15_search_hang_3', '15_Search_hang', '15__hang']) {
      expect(parseEvent(event), event).toBeNull();
    }
  });

  test('never echoes markup from the link into its notice', () => {
    const { problems } = read('rate.<script>alert(1)</script>=1&seed=<img src=x onerror=alert(1)>&preset=<b>x</b>');
    const notice = linkNotice(problems, { service: (id) => id, pool: () => null, panels: true }) ?? '';
    expect(notice).not.toMatch(/[<>]/);
    expect(notice).not.toContain('alert');
  });

  test('reads at most 200 parameters and 40 faults', () => {
    const many = Array.from({ length: 300 }, (_, i) => `x${i}=1`).join('&');
    expect(read(many).problems.map((p) => problemText(p)).join(' ')).toContain('more than 200 parameters');
    const faults = Array.from({ length: 45 }, (_, i) => `event=${i}_search_hang`).join('&');
    const { state, problems } = read(faults);
    expect(state.events).toHaveLength(40);
    expect(problems.map((p) => problemText(p)).join(' ')).toContain('more than 40');
  });

  test('survives any query string without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (query) => {
        const { state } = read(query);
        expect(Number.isInteger(state.seed)).toBe(true);
        expect(SPEEDS).toContain(state.speed);
      }),
      { numRuns: 300 },
    );
  });
});

describe('writeLink', () => {
  test('leaves the default speed and empty settings out', () => {
    expect(writeLink(presetState('healthy')).toString()).toBe('preset=healthy&seed=1');
  });

  test('writes the shared pool’s own slots only when it has them and there are partitions', () => {
    const source = { kind: 'queueing', rate: 160, meanMs: 100, slots: 40, queue: 0, partitions: 4 } as const;
    expect(writeLink({ ...presetState('healthy'), source: { ...source, sharedSlots: 25 } }).get('shared')).toBe('25');
    expect(writeLink({ ...presetState('healthy'), source }).has('shared')).toBe(false);
    expect(writeLink({ ...presetState('healthy'), source: { ...source, partitions: 1, sharedSlots: 25 } }).has('shared')).toBe(false);
  });

  test('writes the calculators’ contract for a calculator pool', () => {
    const state: SimulatorState = { ...presetState('healthy'), source: { kind: 'queueing', rate: 160, meanMs: 100, slots: 40, queue: 'unbounded', partitions: 4 } };
    expect(writeLink(state).toString()).toBe('rate=160&mean=100&slots=40&queue=unbounded&partitions=4&seed=1');
  });

  test('round-trips through readLink', () => {
    const state = read(
      'preset=retry-storm&seed=7&speed=0.25&policies=shared&rate.search=333.5&wait.checkout=none&slots.shared.shared=12&event=15_search_slow_10&event=20.1_search_recover',
    ).state;
    expect(read(writeLink(state).toString())).toEqual({ state, problems: [] });
  });

  test('round-trips any seed, speed and fault time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_294_967_295 }), fc.constantFrom(...SPEEDS), fc.integer({ min: 0, max: 100_000 }), (seed, speed, tenths) => {
        const state: SimulatorState = { ...presetState('healthy', seed, speed), events: [{ at: tenths / 10, service: 'search', kind: 'hang' }] };
        expect(read(writeLink(state).toString()).state).toEqual(state);
      }),
    );
  });
});

describe('simulatorHref', () => {
  test('points at the simulator page with the state in the query', () => {
    expect(simulatorHref({ ...presetState('noisy-tenant'), speed: 10 })).toBe('/simulator/?preset=noisy-tenant&seed=1&speed=10');
  });
});

describe('formatEvent', () => {
  test('writes time, service, kind and the fault’s number', () => {
    expect(formatEvent({ at: 15.3, service: 'search', kind: 'slow', factor: 10 })).toBe('15.3_search_slow_10');
    expect(formatEvent({ at: 2, service: 'checkout', kind: 'fail', fraction: 0.5 })).toBe('2_checkout_fail_0.5');
    expect(formatEvent({ at: 0, service: 'a', kind: 'hang' })).toBe('0_a_hang');
  });
});

describe('numberText', () => {
  test('writes short decimals without float noise', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(160)).toBe('160');
  });
});

describe('linkNotice', () => {
  test('says nothing when every parameter was usable', () => {
    expect(linkNotice([])).toBeNull();
  });

  test('lists the first six problems and counts the rest', () => {
    const problems: LinkProblem[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((label) => ({ subject: { kind: 'field', label }, rule: 'x' }));
    const notice = linkNotice(problems);
    expect(notice).toContain('A (x); B (x)');
    expect(notice).toContain('and 2 more');
    expect(notice).not.toContain('G (x)');
  });
});
