/**
 * `npm run bench:dev [-- --warm] [-- --port N] [-- --log]`: how long a newcomer waits after `npm run dev`.
 * Starts `astro dev` (cold by default: Vite's dependency cache, node_modules/.vite, and Astro's
 * content cache, node_modules/.astro, are removed first), then measures from the spawn:
 *   ready     the server prints its address
 *   /         the first 200 on the home page (server-rendered HTML)
 *   lesson    the first 200 on a lesson page
 *   browser   Chromium's load event on that lesson, every module and stylesheet fetched
 * and prints, per step, wall-clock seconds and the CPU seconds astro dev has used (on a shared
 * machine the wall clock swings with load; CPU time does not). `--log` also prints astro dev's
 * output with times. Target: the lesson's first 200 within 10 s.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const warm = args.includes('--warm');
const portIndex = args.indexOf('--port');
const port = Number(portIndex >= 0 ? args[portIndex + 1] : (process.env['BENCH_PORT'] ?? 4349));
const LESSON = '/learn/intuition/shared-fate/';
const TARGET_S = 10;

if (!warm) {
  rmSync('node_modules/.vite', { recursive: true, force: true });
  rmSync('node_modules/.astro', { recursive: true, force: true });
}

const start = performance.now();
const seconds = () => (performance.now() - start) / 1000;
let output = '';
let readyAt: number | undefined;
const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port), '--host', '127.0.0.1'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
});
const onData = (chunk: Buffer) => {
  const text = chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
  output += text.split('\n').filter((line) => line.trim() !== '').map((line) => `[${seconds().toFixed(1).padStart(5)} s] ${line}\n`).join('');
  if (readyAt === undefined && output.includes(`127.0.0.1:${port}`)) readyAt = seconds();
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);

/**
 * CPU seconds (user + system, all threads) that astro dev and its child processes have used so far,
 * from /proc (Linux). On a shared machine wall-clock times swing with load; this does not.
 */
function cpuSeconds(): number {
  const ticks = (pid: string) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return { parent: fields[1], used: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return undefined;
    }
  };
  const root = String(child.pid);
  let total = ticks(root)?.used ?? 0;
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const stat = ticks(pid);
      if (stat?.parent === root) total += stat.used;
    }
  } catch {
    return Number.NaN;
  }
  return total / 100;
}

const base = `http://127.0.0.1:${port}`;
async function firstOk(path: string, deadlineS = 180): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`astro dev exited early:\n${output}`);
    try {
      const response = await fetch(`${base}${path}`);
      await response.arrayBuffer();
      if (response.ok) return seconds();
    } catch {
      // not listening yet
    }
    if (seconds() > deadlineS) throw new Error(`no 200 on ${path} within ${deadlineS} s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rows: Array<[string, number, number]> = [];
try {
  const home = await firstOk('/');
  rows.push(['ready (address printed)', readyAt ?? Number.NaN, Number.NaN], ['first 200 on /', home, cpuSeconds()]);
  rows.push([`first 200 on ${LESSON}`, await firstOk(LESSON), cpuSeconds()]);
  const browser = await chromium.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}${LESSON}`, { waitUntil: 'load', timeout: 180_000 });
    rows.push([`browser load event on ${LESSON}`, seconds(), cpuSeconds()]);
  } finally {
    await browser.close();
  }
} finally {
  child.kill('SIGTERM');
}

if (args.includes('--log')) console.log(output);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`astro dev, ${warm ? 'warm caches' : 'cold (node_modules/.vite and node_modules/.astro removed)'}; load average ${load}`);
console.log('  wall s   CPU s  (from spawn; CPU = astro dev and its children, user + system)');
for (const [label, wall, cpu] of rows) console.log(`${wall.toFixed(1).padStart(8)} ${Number.isNaN(cpu) ? '       ' : cpu.toFixed(1).padStart(7)}  ${label}`);
const lesson = rows.find(([label]) => label.startsWith('first 200 on /learn'))?.[1] ?? Infinity;
console.log(lesson <= TARGET_S ? `within the ${TARGET_S} s target` : `over the ${TARGET_S} s target`);
