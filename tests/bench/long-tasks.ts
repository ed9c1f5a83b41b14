/**
 * Long tasks on the main thread at the calculators' and the simulator's largest sizes, in
 * Chromium, on a build: `npx tsx tests/bench/long-tasks.ts [--dist dist] [--runs 5]`.
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
const dist = option('dist', 'dist');
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

const { server, url } = await serveStatic(dist, Number(process.env['BENCH_PORT'] ?? 4342));
const browser = await chromium.launch({
  executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

interface Run {
  /** Long tasks' wall-clock durations, ms. */
  long: number[];
  /** CPU time of the main thread's busiest task, ms. */
  busiestCpu: number;
}

async function measure(scenario: Scenario): Promise<Run> {
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
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[] };
  await context.close();
  const events = trace.traceEvents;
  const tasksOf = (pid: number, tid: number) => events.filter((event) => event.pid === pid && event.tid === tid && event.name === 'RunTask');
  // The page's main thread: the renderer main thread that ran the most.
  const mains = events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const busiest = (pid: number, tid: number) => tasksOf(pid, tid).reduce((sum, task) => sum + (task.dur ?? 0), 0);
  const main = mains.sort((a, b) => busiest(b.pid, b.tid) - busiest(a.pid, a.tid))[0];
  const cpu = main ? Math.max(0, ...tasksOf(main.pid, main.tid).map((task) => (task.tdur ?? 0) / 1000)) : Number.NaN;
  return { long, busiestCpu: Math.round(cpu) };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

try {
  console.log(`Long tasks (> 50 ms) on the main thread, ${runs} runs each, build: ${dist}`);
  for (const scenario of SCENARIOS.filter((candidate) => candidate.name.includes(only))) {
    const results: Run[] = [];
    for (let run = 0; run < runs; run++) results.push(await measure(scenario));
    const longest = results.map((result) => Math.max(0, ...result.long));
    console.log(
      `${scenario.name}\n  longest long task per run: ${longest.map((ms) => `${ms} ms`).join(', ')}; median ${median(longest)} ms, max ${Math.max(...longest)} ms; busiest task's CPU, median ${median(results.map((result) => result.busiestCpu))} ms`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
