import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, test } from 'vitest';
import { engineNeeds, enginesRange, majorFloors, type EngineNeed } from '../../../scripts/node-engines';

const need = (range: string): EngineNeed => ({ range, packages: [`p@${range}`] });

describe('enginesRange', () => {
  test('is the oldest release of each major line that every range accepts, open-ended from the line after which all are accepted', () => {
    const floors = majorFloors([need('>=22.12.0'), need('^22.22.3 || ^24.16.0 || >=26.3.0'), need('^22.18.0 || >=24.11.0')], 18, 30);
    expect(enginesRange(floors)).toBe('^22.22.3 || ^24.16.0 || >=26.3.0');
    expect(floors.find((floor) => floor.major === 22)?.reasons[0]?.need.range).toBe('^22.22.3 || ^24.16.0 || >=26.3.0');
    expect(floors.find((floor) => floor.major === 23)?.floor).toBeUndefined();
  });

  test('a single lower bound gives a single open range, and a gap in the middle is left out', () => {
    expect(enginesRange(majorFloors([need('>=20.19.0'), need('>= 18')], 18, 30))).toBe('>=20.19.0');
    expect(enginesRange(majorFloors([need('^20.19.0 || >=22.12.0'), need('20 || >=22')], 18, 30))).toBe('^20.19.0 || >=22.12.0');
  });
});

describe('the Node.js version this project states', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };

  test('package.json engines is exactly what the installed packages need', () => {
    expect(manifest.engines.node).toBe(enginesRange(majorFloors(engineNeeds(), 18, 30)));
  });

  test('the Node.js that npm scripts run on (the node devDependency) is the one in .nvmrc, and meets engines', () => {
    const pinned = manifest.devDependencies['node'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe(pinned);
    expect(semver.satisfies(pinned!, manifest.engines.node)).toBe(true);
  });

  test('the README names the same minimum', () => {
    const oldest22 = semver.minVersion(manifest.engines.node)!.version;
    expect(readFileSync('README.md', 'utf8')).toContain(`**${oldest22} or newer**`);
    expect(readFileSync('README.md', 'utf8')).toContain(`Node.js ${manifest.devDependencies['node']}`);
  });
});
