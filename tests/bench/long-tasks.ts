/**
 * Long tasks on the main thread at the calculators' and the simulator's largest sizes, in
 * Chromium, on a build: `npm run bench:long-tasks -- [--dist dist] [--runs 5] [--only text]`.
 * Give `--dist` twice (say, a build of main and one of a branch) to compare them: their runs
 * alternate, so a change in the machine's load falls on both.
 *
 * Each scenario opens a fresh page (and, for some, types or plays), and records every task over
 * 50 ms with a PerformanceObserver for 'longtask' (wall-clock time, as the browser reports it),
 * and, from a trace, the main thread's busiest task in CPU time, which other work on a shared
 * machine disturbs far less. Per scenario it prints the longest long task of each run, their
 * median and maximum, and the median of the busiest task's CPU time. Target: no long task over
 * 100 ms. A benchmark, not a test: wall-clock figures move with the machine's load.
 */
import { chromium, type Page } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const dists = args.flatMap((arg, index) => (arg === '--dist' ? [args[index + 1] ?? 'dist'] : []));
if (dists.length === 0) dists.push('dist');
const runs = Number(option('runs', '5'));
/** Only the scenarios whose name contains this text. */
const only = option('only', '');

interface Scenario {
  name: string;
  path: string;
  /** What a person does once the page has hydrated. */
  act?: (page: Page) => Promise<void>;
}

const typeInto = async (page: Page, label: string, text: string) => {
  const box = page.getByLabel(label, { exact: true });
  await box.fill('');
  await box.pressSequentially(text, { delay: 30 });
};

const SCENARIOS: Scenario[] = [
  { name: 'blast radius, n = k = 100 (link)', path: '/tools/blast-radius/?nodes=100&k=100' },
  {
    name: 'blast radius, typing n = 1,000,000 and k = 100',
    path: '/tools/blast-radius/',
    act: async (page) => {
      await typeInto(page, 'Nodes (n)', '1000000');
      await typeInto(page, 'Shard size (k)', '100');
    },
  },
  { name: 'simulator, a link with a million partitions, playing', path: '/simulator/?rate=160&mean=100&slots=25&queue=0&partitions=1000000&speed=50', act: (page) => play(page) },
  { name: 'sizing, 10,000,000 req/s with a 10,000-place queue (link)', path: '/tools/sizing/?rate=10000000&mean=9.9&queue=fixed&qsize=10000' },
  {
    name: 'sizing, typing 10,000,000 req/s with a 10,000-place queue',
    path: '/tools/sizing/?mean=9.9&queue=fixed&qsize=10000',
    act: (page) => typeInto(page, 'Arrival rate (req/s)', '10000000'),
  },
  { name: 'price of isolation, 100,000 Erlangs in 1,000 partitions (link)', path: '/tools/isolation-price/?rate=10000000&mean=10&parts=1000' },
];

async function play(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(3000);
}

const firstPort = Number(process.env['BENCH_PORT'] ?? 4342);
const servers = await Promise.all(dists.map((dist, index) => serveStatic(dist, firstPort + index)));
const browser = await chromium.launch({
  executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

interface Run {
  /** Long tasks' wall-clock durations, ms. */
  long: number[];
  /** CPU time of the main thread's busiest task, ms. */
  busiestCpu: number;
  /** CPU time the page's own script (and React's rendering) took in one task, at most, ms. */
  busiestScript: number;
  /** The main thread's longest task in wall-clock time, and the CPU time it used, ms: a long wait is the machine's doing, long work the page's. */
  longest: { wall: number; cpu: number };
}

async function measure(scenario: Scenario, url: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const store = window as unknown as { __longTasks: number[] };
    store.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) store.__longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(`${url}${scenario.path}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0, null, { timeout: 60_000 });
  if (scenario.path.startsWith('/simulator/')) {
    await page.waitForFunction(() => document.querySelector('[data-pool-simulator]')?.getAttribute('data-status') === 'ready', null, { timeout: 60_000 });
  }
  if (scenario.act) await scenario.act(page);
  // Let the last result arrive and be drawn.
  await page.waitForFunction(() => !document.querySelector('[data-pending]'), null, { timeout: 60_000 });
  await page.waitForTimeout(1000);
  const long = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: { name: string; ph?: string; ts: number; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string; data?: { url?: string } } }[];
  };
  await context.close();
  const events = trace.traceEvents;
  const tasksOf = (pid: number, tid: number) => events.filter((event) => event.pid === pid && event.tid === tid && event.name === 'RunTask');
  // The page's main thread: the renderer main thread that ran the most.
  const mains = events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const busiest = (pid: number, tid: number) => tasksOf(pid, tid).reduce((sum, task) => sum + (task.dur ?? 0), 0);
  const main = mains.sort((a, b) => busiest(b.pid, b.tid) - busiest(a.pid, a.tid))[0];
  const tasks = main ? tasksOf(main.pid, main.tid) : [];
  const cpu = Math.max(0, ...tasks.map((task) => (task.tdur ?? 0) / 1000));
  const longestTask = tasks.reduce<(typeof tasks)[number] | null>((best, task) => (best === null || (task.dur ?? 0) > (best.dur ?? 0) ? task : best), null);
  // Script inside each task: the outermost script events only, so nested calls are not counted
  // twice, and not the scripts Playwright runs in the page to type and to wait (they have no URL
  // of the site), which cost tens of milliseconds the first time.
  const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'EventDispatch']);
  const ours = (event: (typeof events)[number]) =>
    event.name !== 'FunctionCall' && event.name !== 'EvaluateScript' ? true : (event.args?.data?.url ?? '').startsWith(url);
  const scripts = main ? events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && SCRIPT.has(event.name) && ours(event)).sort((a, b) => a.ts - b.ts) : [];
  let busiestScript = 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    let total = 0;
    let coveredUntil = -Infinity;
    for (const event of scripts) {
      if (event.ts < task.ts || event.ts + (event.dur ?? 0) > end || event.ts < coveredUntil) continue;
      total += event.tdur ?? 0;
      coveredUntil = event.ts + (event.dur ?? 0);
    }
    busiestScript = Math.max(busiestScript, total / 1000);
  }
  return { long, busiestCpu: Math.round(cpu), busiestScript: Math.round(busiestScript), longest: { wall: Math.round((longestTask?.dur ?? 0) / 1000), cpu: Math.round((longestTask?.tdur ?? 0) / 1000) } };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

try {
  console.log(`Long tasks (> 50 ms) on the main thread, ${runs} runs each, builds: ${dists.join(', ')}`);
  for (const scenario of SCENARIOS.filter((candidate) => candidate.name.includes(only))) {
    const results: Run[][] = dists.map(() => []);
    for (let run = 0; run < runs; run++) {
      for (const [index, served] of servers.entries()) results[index]?.push(await measure(scenario, served.url));
    }
    console.log(scenario.name);
    for (const [index, dist] of dists.entries()) {
      const own = results[index] ?? [];
      const longest = own.map((result) => Math.max(0, ...result.long));
      console.log(
        `  ${dist}: longest long task per run ${longest.map((ms) => `${ms}`).join(', ')} ms; median ${median(longest)} ms, max ${Math.max(...longest)} ms; ` +
          `busiest task's CPU, median ${median(own.map((result) => result.busiestCpu))} ms; most script in one task (CPU), median ${median(own.map((result) => result.busiestScript))} ms, max ${Math.max(...own.map((result) => result.busiestScript))} ms; longest task wall/CPU per run ${own.map((result) => `${result.longest.wall}/${result.longest.cpu}`).join(', ')} ms`,
      );
    }
  }
} finally {
  await browser.close();
  for (const served of servers) served.server.close();
}
