/**
 * Which Node.js the installed dependencies need, from the `engines.node` field of every
 * package.json under node_modules (nested ones included).
 *
 * `npm run engines:node` prints, for each major Node.js line, the oldest release that every
 * package accepts, the packages that set that floor, and the `engines` range that follows. The
 * test in tests/unit/node-engines.test.ts keeps package.json, .nvmrc and the README in step with it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

export interface EngineNeed {
  range: string;
  packages: string[];
}

/** Every distinct `engines.node` range under `nodeModules`, with the packages (name@version) that declare it. */
export function engineNeeds(nodeModules = 'node_modules'): EngineNeed[] {
  const byRange = new Map<string, Set<string>>();
  const visit = (folder: string) => {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      try {
        const data = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; engines?: { node?: unknown } };
        const range = data.engines?.node;
        if (typeof range === 'string' && data.name && semver.validRange(range)) {
          const set = byRange.get(range) ?? new Set<string>();
          set.add(`${data.name}@${data.version ?? '?'}`);
          byRange.set(range, set);
        }
      } catch {
        // A package.json that is not JSON (some test fixtures ship one) says nothing about engines.
      }
    }
    walk(join(folder, 'node_modules'));
  };
  const walk = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const full = join(folder, entry.name);
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(full, { withFileTypes: true })) if (scoped.isDirectory()) visit(join(full, scoped.name));
      } else visit(full);
    }
  };
  walk(nodeModules);
  return [...byRange].map(([range, packages]) => ({ range, packages: [...packages].sort() })).sort((a, b) => a.range.localeCompare(b.range));
}

/** The oldest release of Node.js `major` that `range` accepts, or undefined if it accepts none. */
function oldestInMajor(range: string, major: number): string | undefined {
  const within = `>=${major}.0.0 <${major + 1}.0.0-0`;
  let oldest: string | undefined;
  for (const comparators of new semver.Range(range).set) {
    const candidate = semver.minVersion(`${comparators.map((comparator) => comparator.value || '*').join(' ')} ${within}`.trim());
    if (candidate && semver.satisfies(candidate, range) && semver.satisfies(candidate, within) && (!oldest || semver.lt(candidate, oldest))) oldest = candidate.version;
  }
  return oldest;
}

export interface MajorFloor {
  major: number;
  /** The oldest release of this major line every package accepts; undefined when some package rejects the whole line. */
  floor: string | undefined;
  /** With a floor: the ranges that ask for more than the line's first release, newest need first. Without: the ranges that reject the line. */
  reasons: Array<{ oldest: string | undefined; need: EngineNeed }>;
}

/** For each major line from `from` to `to`, the oldest release every package accepts. */
export function majorFloors(needs: EngineNeed[], from = 18, to = 30): MajorFloor[] {
  const floors: MajorFloor[] = [];
  for (let major = from; major <= to; major++) {
    const perRange = needs.map((need) => ({ need, oldest: oldestInMajor(need.range, major) }));
    const rejecting = perRange.filter((entry) => entry.oldest === undefined);
    let floor: string | undefined = `${major}.0.0`;
    for (const entry of perRange) if (entry.oldest && semver.gt(entry.oldest, floor)) floor = entry.oldest;
    if (rejecting.length > 0 || !needs.every((need) => semver.satisfies(floor!, need.range))) floor = undefined;
    const reasons = floor === undefined ? rejecting : perRange.filter((entry) => entry.oldest !== `${major}.0.0`).sort((a, b) => semver.rcompare(a.oldest!, b.oldest!));
    floors.push({ major, floor, reasons });
  }
  return floors;
}

/**
 * The `engines.node` range that accepts exactly the releases every package accepts, as
 * `^22.22.3 || ^24.16.0 || >=26.3.0`: one `^floor` per supported major line, and `>=floor` from
 * the line after which every later line is accepted from its first release.
 */
export function enginesRange(floors: MajorFloor[]): string {
  const supported = floors.filter((entry) => entry.floor !== undefined);
  let open = floors.length;
  while (open > 0 && floors[open - 1]!.floor !== undefined && (open === floors.length || floors[open]!.floor === `${floors[open]!.major}.0.0`)) open--;
  const openFrom = floors[open];
  if (!openFrom?.floor) throw new Error('No Node.js line is accepted by every package from some release on.');
  const closed = supported.filter((entry) => entry.major < openFrom.major).map((entry) => `^${entry.floor}`);
  return [...closed, `>=${openFrom.floor}`].join(' || ');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const needs = engineNeeds();
  const floors = majorFloors(needs, 18, 28);
  console.log(`engines.node of ${needs.reduce((sum, need) => sum + need.packages.length, 0)} installed packages (${needs.length} distinct ranges)\n`);
  const names = (need: EngineNeed) => `${need.packages.slice(0, 3).join(', ')}${need.packages.length > 3 ? ` and ${need.packages.length - 3} more` : ''}`;
  for (const { major, floor, reasons } of floors) {
    if (floor) {
      console.log(`Node ${major}: ${floor} or newer`);
      for (const { oldest, need } of reasons) console.log(`    needs ${oldest?.padEnd(8)} ${need.range.padEnd(34)} ${names(need)}`);
    } else {
      console.log(`Node ${major}: not accepted by ${reasons.length} range${reasons.length === 1 ? '' : 's'}, e.g. ${reasons.slice(0, 2).map(({ need }) => `${need.range} (${names(need)})`).join('; ')}`);
    }
  }
  console.log(`\nengines.node that follows: "${enginesRange(floors)}"`);
}
