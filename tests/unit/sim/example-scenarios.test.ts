/** Every example in scenarios/ is a valid scenario that runs under each of its policies. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../../src/sim/index';

const folder = join(__dirname, '../../../scenarios');
const files = readdirSync(folder).filter((name) => name.endsWith('.json'));

describe('example scenarios', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s parses and runs', (name) => {
    const json: unknown = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    const parsed = parseScenario(json);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (!parsed.ok) return;
    for (const policy of Object.keys(parsed.value.policies)) {
      const run = runScenario({ scenario: json, policy, seed: 1, duration: Math.min(parsed.value.duration, parsed.value.warmup + 120) }, { seriesLimit: 0 });
      expect(run.services.every((s) => s.counts.offered > 0)).toBe(true);
      expect(JSON.stringify(run)).not.toMatch(/NaN|Infinity/);
    }
  });
});
