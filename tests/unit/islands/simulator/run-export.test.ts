import { describe, expect, test } from 'vitest';
import { csvCell, csvText } from '../../../../src/lib/csv';
import { buildRun } from '../../../../src/islands/simulator/scenario-builder';
import { SimSession } from '../../../../src/islands/simulator/sim-session';
import { presetState } from '../../../../src/islands/simulator/simulator-state';
import { exportFileName, runJson, seriesCsv, type RunRecord } from '../../../../src/islands/simulator/run-export';

describe('csv', () => {
  test('quotes only cells that need it and writes missing or non-finite numbers as empty', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect([csvCell(null), csvCell(undefined), csvCell(Number.NaN), csvCell(Number.POSITIVE_INFINITY), csvCell(0.25)]).toEqual(['', '', '', '', '0.25']);
    expect(csvText(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,\r\n');
    // Text a spreadsheet would run as a formula is defused; negative numbers stay numbers.
    expect([csvCell('=SUM(A1)'), csvCell('@x'), csvCell('-1'), csvCell(-1)]).toEqual(["'=SUM(A1)", "'@x", "'-1", '-1']);
  });

  test('defuses a formula behind leading spaces or quotes, and one a ;-splitting spreadsheet would start after a separator', () => {
    // A scenario's service labels come from whoever made the share link, so they reach the export as they are.
    expect(csvCell('  =HYPERLINK("x")')).toBe(`"'  =HYPERLINK(""x"")"`);
    expect(csvCell('"@SUM(A1)')).toBe(`"'""@SUM(A1)"`);
    expect(csvCell('checkout;=cmd()')).toBe("checkout;'=cmd()");
    expect(csvCell('a, +1')).toBe(`"a,' +1"`);
    expect(csvCell('safe; text')).toBe('safe; text');
  });
});

/** A real run of a preset, 20 simulated seconds in. */
function record(preset = 'slow-search', to = 20): RunRecord {
  const built = buildRun(presetState(preset));
  const session = new SimSession(built.scenario, built.setup.panels.map((p) => p.policy), 1, []);
  session.advance(to);
  const frame = session.frame(true);
  return { setup: built.setup, snapshots: frame.snapshots, series: frame.series, time: frame.time, done: frame.done };
}

describe('seriesCsv', () => {
  test('one header row with units, then one row per sample time', () => {
    const run = record();
    const lines = seriesCsv(run).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const [header = '', ...rows] = lines.slice(0, -1);
    const columns = header.split(',');
    expect(columns[0]).toBe('time (s)');
    expect(columns).toContain('shared: search success rate (share 0-1)');
    expect(columns).toContain('partitioned: checkout mean latency (s)');
    // Two panels × three services × (success, latency); no service has a cap in this preset.
    expect(columns).toHaveLength(1 + 2 * 3 * 2);
    const times = run.series?.[0]?.time ?? [];
    expect(times.length).toBeGreaterThanOrEqual(19);
    expect(rows).toHaveLength(times.length);
    rows.forEach((row, i) => {
      const cells = row.split(',');
      expect(cells).toHaveLength(columns.length);
      expect(Number(cells[0])).toBe(times[i]);
    });
    // The cells are the series' own figures.
    const successAt = columns.indexOf('shared: search success rate (share 0-1)');
    const search = run.series?.[0]?.services.find((s) => s.id === 'search');
    const last = rows.length - 1;
    expect(rows[last]?.split(',')[successAt]).toBe(String(search?.successRate[last] ?? ''));
  });

  test('adds a limit column where a service has a cap, and is only a header before any sample', () => {
    const adaptive = record('adaptive-recovery', 5);
    expect(seriesCsv(adaptive).split('\r\n')[0]).toMatch(/limit \(calls\)/);
    const empty = { ...adaptive, series: null, snapshots: null };
    expect(seriesCsv(empty).split('\r\n').filter((line) => line !== '')).toHaveLength(1);
  });
});

describe('runJson', () => {
  test('holds the scenario, the settings, each panel’s results and the series, with no NaN or Infinity', () => {
    const run = record();
    const text = runJson(run);
    expect(text).not.toMatch(/NaN|Infinity/);
    const document = JSON.parse(text) as Record<string, unknown> & { results: { policy: string; services: { id: string; successRate: number | null }[] }[]; series: { time: number[] }[] };
    expect(document['scenario']).toEqual(JSON.parse(JSON.stringify(run.setup.scenario)));
    expect(document['seed']).toBe(1);
    expect(document['panels']).toEqual(['shared', 'partitioned']);
    expect(document['timeReached']).toBe(20);
    expect(document['complete']).toBe(false);
    expect(document.results.map((r) => r.policy)).toEqual(['shared', 'partitioned']);
    expect(document.results[0]?.services.map((s) => s.id)).toEqual(['search', 'checkout', 'analytics']);
    expect(document.results[0]?.services[0]?.successRate).toBe(run.snapshots?.[0]?.services[0]?.successRate);
    expect(document.series[0]?.time).toEqual(run.series?.[0]?.time);
  });
});

describe('exportFileName', () => {
  test('names the file after the scenario', () => {
    expect(exportFileName('Slow search', 'csv')).toBe('slow-search-run.csv');
    expect(exportFileName('  ¿¿ ', 'json', 'scenario')).toBe('scenario-scenario.json');
  });
});
