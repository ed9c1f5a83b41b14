import { describe, expect, it } from 'vitest';
import { main, parseArguments, type SimulateIo } from '../../../src/cli/simulate';

interface Captured {
  io: SimulateIo;
  out: () => string;
  err: () => string;
}

function capture(files: Record<string, string> = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      readFile: async (path) => {
        const content = files[path];
        if (content === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
        return content;
      },
    },
    out: () => out,
    err: () => err,
  };
}

const scenario = {
  name: 'CLI test',
  duration: 20,
  services: [
    { id: 'alpha', arrival: { rate: 20 }, serviceTime: { kind: 'exponential', mean: 0.05 } },
    { id: 'beta', arrival: { rate: 5 }, serviceTime: { kind: 'deterministic', mean: 0.1 } },
  ],
  policies: {
    shared: { kind: 'shared', slots: 4, queue: 2 },
    partitioned: {
      kind: 'partitioned',
      pools: [
        { id: 'pa', services: ['alpha'], slots: 2, queue: 1 },
        { id: 'pb', services: ['beta'], slots: 2, queue: 1 },
      ],
    },
  },
};

describe('parseArguments', () => {
  it('reads a file, options in both spellings, and defaults', () => {
    expect(parseArguments(['s.json'])).toEqual({ file: 's.json', preset: null, seed: 1, policy: null, duration: null, json: false });
    expect(parseArguments(['--seed', '7', 's.json', '--policy=shared', '--duration', '12.5', '--json'])).toEqual({
      file: 's.json',
      preset: null,
      seed: 7,
      policy: 'shared',
      duration: 12.5,
      json: true,
    });
    expect(parseArguments(['--preset', 'healthy'])).toMatchObject({ file: null, preset: 'healthy' });
    expect(parseArguments(['s.json', '--help'])).toBe('help');
  });

  it('rejects bad values with a message naming the option', () => {
    expect(() => parseArguments(['s.json', '--seed', '-1'])).toThrow('--seed must be a whole number from 0 to 4294967295 (got "-1")');
    expect(() => parseArguments(['s.json', '--seed', '1e3'])).toThrow('--seed must be a whole number');
    expect(() => parseArguments(['s.json', '--duration', '0'])).toThrow('--duration must be a positive number of seconds');
    expect(() => parseArguments(['s.json', '--duration'])).toThrow('--duration needs a value');
    expect(() => parseArguments(['s.json', '--preset', 'nope'])).toThrow('--preset must be one of healthy');
    expect(() => parseArguments(['s.json', '--fast'])).toThrow('unknown option --fast');
    expect(() => parseArguments([])).toThrow('give a scenario file or --preset NAME');
    expect(() => parseArguments(['a.json', 'b.json'])).toThrow('only one scenario file');
  });
});

describe('main', () => {
  it('prints usage for --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Usage: npm run simulate -- <scenario.json>');
  });

  it('prints one aligned table per policy and a comparison', async () => {
    const c = capture({ 's.json': JSON.stringify(scenario) });
    expect(await main(['s.json', '--seed', '3'], c.io)).toBe(0);
    const out = c.out();
    expect(out).toContain('CLI test · policy shared (shared) · seed 3 · 20 s');
    expect(out).toContain('CLI test · policy partitioned (partitioned) · seed 3 · 20 s');
    expect(out).toMatch(/^success rate\s+shared\s+partitioned$/m);
    const header = out.split('\n').find((line) => line.startsWith('service'));
    const alpha = out.split('\n').find((line) => line.startsWith('alpha'));
    // Right-aligned columns end at the same place as their headings.
    expect(alpha?.length).toBe(header?.length);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect(c.err()).toBe('');
  });

  it('prints JSON snapshots with --json', async () => {
    const c = capture({ 's.json': JSON.stringify(scenario) });
    expect(await main(['s.json', '--json', '--policy', 'partitioned', '--duration', '10'], c.io)).toBe(0);
    const parsed = JSON.parse(c.out()) as { seed: number; runs: Record<string, { time: number; services: { id: string; counts: { offered: number } }[] }> };
    expect(Object.keys(parsed.runs)).toEqual(['partitioned']);
    expect(parsed.runs['partitioned']?.time).toBe(10);
    expect(parsed.runs['partitioned']?.services.map((s) => s.id)).toEqual(['alpha', 'beta']);
    expect(parsed.runs['partitioned']?.services[0]?.counts.offered).toBeGreaterThan(0);
  });

  it('gives the same numbers for the same seed', async () => {
    const first = capture({ 's.json': JSON.stringify(scenario) });
    const second = capture({ 's.json': JSON.stringify(scenario) });
    await main(['s.json', '--json', '--seed', '9'], first.io);
    await main(['s.json', '--json', '--seed', '9'], second.io);
    expect(second.out()).toBe(first.out());
  });

  it('runs a preset', async () => {
    const c = capture();
    expect(await main(['--preset', 'hung-search', '--duration', '20', '--policy', 'partitioned'], c.io)).toBe(0);
    expect(c.out()).toContain('Hung search · policy partitioned');
  });

  it('says how many attempts a pool shed, only where it shed some', async () => {
    const c = capture();
    expect(await main(['--preset', 'queue-delay-shedding', '--duration', '30'], c.io)).toBe(0);
    const lines = c.out().split('\n').filter((line) => line.includes('shed for waiting'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^api: [\d,]+ admitted attempts shed for waiting in the queue past its limit \(shedOnQueueDelay\)$/);
  });

  it('exits 2 naming the field when the scenario is invalid', async () => {
    const bad = structuredClone(scenario) as { services: { arrival: { rate: unknown } }[] };
    (bad.services[1] as { arrival: { rate: unknown } }).arrival.rate = -2;
    const c = capture({ 'bad.json': JSON.stringify(bad) });
    expect(await main(['bad.json'], c.io)).toBe(2);
    expect(c.err()).toBe('simulate: bad.json is not a valid scenario:\n  services[1].arrival.rate must be a positive number\n');
    expect(c.out()).toBe('');
  });

  it('exits 2 for a missing file, invalid JSON, an unknown policy or a duration within the warmup', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['missing.json'], {}, 'simulate: cannot read missing.json: no such file'],
      [['broken.json'], { 'broken.json': '{ "name": ' }, 'simulate: broken.json is not valid JSON:'],
      [['s.json', '--policy', 'cells'], { 's.json': JSON.stringify(scenario) }, 'simulate: --policy "cells" is not defined; the scenario defines "shared", "partitioned" (or use both, all)'],
      [['--preset', 'healthy', '--duration', '3'], {}, "simulate: --duration must be longer than the scenario's warmup (5 s)"],
    ];
    for (const [argv, files, message] of cases) {
      const c = capture(files);
      expect(await main(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err()).toContain(message);
      expect(c.err()).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 with the usage for an unknown option', async () => {
    const c = capture();
    expect(await main(['--verbose'], c.io)).toBe(2);
    expect(c.err()).toContain('simulate: unknown option --verbose');
    expect(c.err()).toContain('Usage:');
  });
});
