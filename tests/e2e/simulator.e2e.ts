import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mmck } from '../../src/queueing/index';
import { launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withContext<T>(options: Parameters<Browser['newContext']>[0], run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

/** Simulated seconds shown by a simulator's clock. */
async function clock(sim: Locator): Promise<number> {
  const text = (await sim.locator('.psim-clock-text').textContent()) ?? '';
  return Number(/^([\d,.]+) s/.exec(text)?.[1]?.replaceAll(',', '') ?? Number.NaN);
}

async function ready(sim: Locator): Promise<void> {
  await sim.scrollIntoViewIfNeeded();
  await expect.poll(() => sim.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
}

async function runToEnd(sim: Locator): Promise<string> {
  await sim.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => sim.locator('.psim-clock').textContent(), { timeout: 60_000, interval: 250 }).toContain('Run complete');
  return (await sim.locator('[data-summary]').textContent()) ?? '';
}

/** The success rate a summary gives a service under a policy panel, in percent. */
function successIn(summary: string, panel: string, service: string): number {
  const sentence = summary.split('. ').find((part) => part.startsWith(`${panel}:`)) ?? '';
  return Number(new RegExp(`${service} (\\d+(?:\\.\\d)?)%`).exec(sentence)?.[1] ?? Number.NaN);
}

describe('the simulator page', () => {
  test('slow search: the shared pool starves checkout while its own partition keeps it whole', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=slow-search&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const summary = await runToEnd(sim);
      const shared = successIn(summary, 'Shared pool', 'Checkout');
      const partitioned = successIn(summary, 'Partitioned pools', 'Checkout');
      expect(shared, summary).toBeLessThan(70);
      expect(partitioned, summary).toBeGreaterThanOrEqual(98);
      expect(partitioned - shared, summary).toBeGreaterThan(30);
      expect(await sim.locator('.psim-panel').count()).toBe(2);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('"Break search" hangs search at the current time, and the link replays the fault', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=healthy&speed=10');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      await sim.getByLabel('Fault', { exact: true }).selectOption('hang');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 30_000, interval: 100 }).toBeGreaterThan(8);
      await sim.getByRole('button', { name: 'Break search' }).click();
      await sim.getByLabel('Speed', { exact: true }).selectOption('50');
      await expect.poll(() => sim.locator('.psim-clock').textContent(), { timeout: 60_000, interval: 250 }).toContain('Run complete');
      const summary = (await sim.locator('[data-summary]').textContent()) ?? '';
      expect(successIn(summary, 'Partitioned pools', 'Checkout') - successIn(summary, 'Shared pool', 'Checkout'), summary).toBeGreaterThan(30);

      await expect.poll(() => page.url()).toMatch(/event=\d+(\.\d)?_search_hang/);
      const at = Number(/event=(\d+(?:\.\d)?)_search_hang/.exec(page.url())?.[1]);
      expect(at).toBeGreaterThan(8);
      const replay = await context.newPage();
      await replay.goto(page.url());
      const again = replay.locator('[data-pool-simulator]');
      await ready(again);
      await expect.poll(() => again.locator('.psim-faults').textContent()).toContain(`Search not answering from ${at} s`);
      expect(await runToEnd(again)).toBe(summary);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a malformed link falls back to defaults with a visible notice, without errors or injected markup', async () => {
    await withContext({ viewport: { width: 375, height: 800 } }, async (context) => {
      const query = 'preset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&seed=abc&speed=7&rate.%3Cscript%3E=1&event=later_search_hang&slots.shared.shared=-4';
      const { page, problems } = await openPage(context, `/simulator/?${query}`);
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const notice = sim.locator('[data-link-notice]');
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      // Each problem names the control as the page labels it, never the link's parameter.
      for (const name of ['Scenario (', 'Seed (', 'Speed (', 'Fault (', 'Shared pool: slots (']) expect(text).toContain(name);
      expect(text).not.toMatch(/preset|slots\.shared|\bevent\b/);
      expect(text).not.toMatch(/[<>]/);
      expect(await page.locator('img[src="x"], [data-pool-simulator] script').count()).toBe(0);
      expect(await sim.getByLabel('Seed', { exact: true }).inputValue()).toBe('1');
      await expect.poll(() => new URL(page.url()).search).toBe('?preset=slow-search&seed=1');
      await sim.getByRole('button', { name: 'Dismiss' }).click();
      expect(await notice.count()).toBe(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('plays and pauses from the keyboard alone', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=healthy&speed=5');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const play = sim.locator('.psim-play');
      let focused = false;
      for (let presses = 0; presses < 60 && !focused; presses++) {
        await page.keyboard.press('Tab');
        focused = await play.evaluate((button) => button === document.activeElement);
      }
      expect(focused).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => play.textContent()).toBe('Pause');
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(1);
      await page.keyboard.press('Space');
      await expect.poll(() => play.textContent()).toBe('Play');
      // A frame asked for just before the pause may still arrive and be shown; after that the clock stops.
      await expect
        .poll(async () => {
          const before = await clock(sim);
          await page.waitForTimeout(250);
          return (await clock(sim)) === before;
        }, { timeout: 5000 })
        .toBe(true);
      const stopped = await clock(sim);
      await page.waitForTimeout(600);
      expect(await clock(sim)).toBe(stopped);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a calculator link opens an M/M/c/K pool whose measured blocking agrees with theory', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?rate=160&mean=100&slots=18&queue=10&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      expect(await sim.locator('.psim-notes').textContent()).toContain('M/M/c/K');
      await runToEnd(sim);
      const row = sim.locator('.psim-theory-table tr', { hasText: 'Calls turned away' });
      const cells = await row.locator('td').allTextContents();
      const [theory, measured] = cells.map((cell) => Number(cell.replace('%', '')));
      expect(theory).toBeGreaterThan(0);
      expect(Math.abs((measured ?? 0) - (theory ?? 0)), cells.join(' vs ')).toBeLessThan(1);

      // Time in the queue: the share of admitted calls that had to wait, against M/M/c/K's.
      const waits = sim.locator('details', { hasText: 'Time in the queue' }).first();
      await waits.locator('summary').click();
      const waitCells = await waits.locator('tbody tr').first().locator('td').allTextContents();
      const expected = mmck({ arrivalRate: 160, serviceRate: 10, servers: 18, capacity: 28 });
      const waited = Number(waitCells[1]?.replace('%', ''));
      expect(Math.abs(waited - 100 * expected.probabilityOfWait), `${waitCells.join(' | ')} vs ${expected.probabilityOfWait}`).toBeLessThan(8);
      expect(waitCells.slice(2).every((cell) => /^\d[\d.,]* (ms|s)$/.test(cell)), waitCells.join(' | ')).toBe(true);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('with reduced motion the clock and figures still advance', async () => {
    await withContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' }, async (context) => {
      const { page } = await openPage(context, '/simulator/?preset=healthy&speed=20');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      expect(await sim.getAttribute('class')).toContain('psim-still');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(10);
      await expect.poll(() => sim.locator('[data-summary]').textContent(), { timeout: 20_000 }).toMatch(/Shared pool: Search \d/);
    });
  });
});

describe('the simulator in a lesson', () => {
  test('loads when scrolled into view, pauses out of view, and links to the same run', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/learn/intuition/first-simulation/');
      const sims = page.locator('[data-pool-simulator]');
      expect(await sims.count()).toBe(3);
      const sim = sims.nth(1);
      expect(await sim.getAttribute('data-pool-simulator')).toBe('slow-search');
      await ready(sim);
      expect(await sim.getByRole('link', { name: 'Open in the simulator' }).getAttribute('href')).toBe('/simulator/?preset=slow-search&seed=1');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(0.5);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect.poll(() => sim.locator('.psim-hold').first().textContent(), { timeout: 10_000 }).toBe('Paused while out of view');
      const parked = await clock(sim);
      await page.waitForTimeout(800);
      expect(await clock(sim)).toBe(parked);
      expect(new URL(page.url()).search).toBe('');
      expect(problems.consoleErrors).toEqual([]);
    });
  });
});

/** How far each per-service table, its p99 column and its caption reach past their boxes, in px (0 or less: they fit). */
async function figureOverflow(sim: Locator): Promise<{ scroll: number; p99: number; caption: number }[]> {
  return sim.evaluate((root) =>
    [...root.querySelectorAll('table.psim-figures')].map((table) => {
      const box = table.closest('.psim-table-scroll') ?? table;
      const panel = table.closest('.psim-panel')?.getBoundingClientRect() ?? box.getBoundingClientRect();
      const p99 = [...table.querySelectorAll('thead th')].at(-1)?.getBoundingClientRect();
      const caption = table.querySelector('caption');
      return {
        scroll: box.scrollWidth - box.clientWidth,
        p99: Math.ceil((p99?.right ?? Infinity) - box.getBoundingClientRect().right),
        caption: caption ? Math.ceil(Math.max(caption.scrollWidth - caption.clientWidth, caption.getBoundingClientRect().right - panel.right)) : Infinity,
      };
    }),
  );
}

/** Every table caption of a simulator, in or beside its table, inside its panel: how far the widest reaches past it, in px. */
async function captionOverflow(sim: Locator): Promise<number> {
  return sim.evaluate((root) =>
    Math.max(
      ...[...root.querySelectorAll('.psim-panel')].flatMap((panel) => {
        const right = panel.getBoundingClientRect().right;
        return [...panel.querySelectorAll('caption, .psim-table-caption')].map((caption) => Math.ceil(caption.getBoundingClientRect().right - right));
      }),
    ),
  );
}

describe('issue 17: the simulator as a whole experience', () => {
  test('the per-service table shows p99 without sideways scrolling at 375 px and in a lesson, its captions whole', async () => {
    for (const [path, width, index] of [
      ['/simulator/?preset=noisy-tenant&speed=50', 375, 0],
      ['/learn/foundation/queue-or-reject/', 1280, 0],
    ] as const) {
      await withContext({ viewport: { width, height: 900 } }, async (context) => {
        const { page, problems } = await openPage(context, path);
        const sim = page.locator('[data-pool-simulator]').nth(index);
        await ready(sim);
        if (path.startsWith('/learn/')) await sim.getByLabel('Speed', { exact: true }).selectOption('50');
        // Figures of a finished run are the widest: every cell has a latency in it.
        await runToEnd(sim);
        await sim.locator('.psim-counts summary').first().click();
        const tables = await figureOverflow(sim);
        expect(tables.length, path).toBeGreaterThanOrEqual(2);
        for (const table of tables) {
          expect(table.scroll, `${path} at ${width} px: the table scrolls sideways`).toBeLessThanOrEqual(0);
          expect(table.p99, `${path} at ${width} px: p99 is cut off`).toBeLessThanOrEqual(0);
          expect(table.caption, `${path} at ${width} px: a caption is cut off`).toBeLessThanOrEqual(0);
        }
        expect(await captionOverflow(sim), path).toBeLessThanOrEqual(0);
        expect(problems.consoleErrors).toEqual([]);
      });
    }
  });

  test('the text summary keeps pace with the clock while the run plays', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page } = await openPage(context, '/simulator/?preset=slow-search&speed=10');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      await sim.getByRole('button', { name: 'Play' }).click();
      const samples: { clock: number; summary: number; text: string }[] = [];
      for (let sample = 0; sample < 8; sample++) {
        await page.waitForTimeout(600);
        // Read both in one go, so they come from the same drawn frame.
        samples.push(
          await sim.evaluate((root) => {
            const clock = root.querySelector('.psim-clock-text')?.textContent ?? '';
            const text = root.querySelector('[data-summary]')?.textContent ?? '';
            const number = (value: string, pattern: RegExp) => Number(pattern.exec(value)?.[1]?.replaceAll(',', '') ?? Number.NaN);
            return { clock: number(clock, /^([\d,.]+) s/), summary: number(text, /^At ([\d,.]+) s/), text };
          }),
        );
      }
      for (const { clock, summary, text } of samples) expect(summary, `clock ${clock} s, summary: ${text}`).toBe(clock);
      expect(samples.some((sample) => sample.clock > 6 && /Shared pool: Search \d/.test(sample.text)), JSON.stringify(samples)).toBe(true);
      // The live region still announces at its own pace, and says the same kind of thing.
      expect(await sim.locator('[data-summary-announced]').getAttribute('aria-live')).toBe('polite');
    });
  });

  test('link values whose derived rates are not finite get the usual notice, and the run starts', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?rate=160&mean=1e-308&slots=25&queue=0&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const notice = (await sim.locator('[data-link-notice]').textContent()) ?? '';
      expect(notice).toMatch(/^Part of this link could not be used/);
      expect(notice).toContain('Mean service time (');
      expect(await sim.locator('.psim-notes').textContent()).toContain('a mean of 100 ms');
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 20_000 }).toBeGreaterThan(20);
      expect(await sim.locator('.psim-error').count()).toBe(0);
      expect(await sim.textContent()).not.toMatch(/Infinity|NaN/);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a link with a million partitions opens sixteen, says so, and keeps their theory folded until asked', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?rate=160&mean=100&slots=25&queue=0&partitions=1000000');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      expect(await sim.locator('[data-link-notice]').textContent()).toContain('Partitions (the simulator shows at most 16, so it splits the same slots 16 ways instead of 1,000,000)');
      const partitioned = sim.locator('.psim-panel[data-policy="partitioned"]');
      // Sixteen theory tables redrawn with every frame would be most of a frame's work: they wait behind a toggle.
      const fold = partitioned.locator('[data-theory-fold]');
      expect(await fold.locator('table').count()).toBe(0);
      await fold.locator('summary').click();
      await expect.poll(() => fold.locator('table').count()).toBe(16);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a scenario and a speed picked before hydration are the ones that run', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      // Hold the island's script back until the picks are made, so they certainly come first.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await context.route(/\/_astro\/PoolSimulator\.[\w-]+\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      const { page, problems } = await openPage(context, '/simulator/');
      const sim = page.locator('[data-pool-simulator]');
      expect(await page.locator('astro-island[ssr]').count()).toBe(1);
      await sim.getByLabel('Scenario', { exact: true }).selectOption('healthy');
      await sim.getByLabel('Speed', { exact: true }).selectOption('50');
      release();
      await ready(sim);
      await expect.poll(() => sim.getAttribute('data-pool-simulator')).toBe('healthy');
      expect(await sim.getByLabel('Speed', { exact: true }).inputValue()).toBe('50');
      await expect.poll(() => new URL(page.url()).search).toBe('?preset=healthy&seed=1&speed=50');
      expect(problems.consoleErrors).toEqual([]);
    });
  });
  test('draws the shared dependency in every panel, live and in words, with its utilisation over time; axe passes in both themes', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=shared-downstream&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      await sim.getByRole('button', { name: 'Play' }).click();
      await expect.poll(() => clock(sim), { timeout: 30_000, interval: 100 }).toBeGreaterThan(20);
      await sim.getByRole('button', { name: 'Pause' }).click();
      const panels = sim.locator('.psim-panel');
      const count = await panels.count();
      expect(count).toBeGreaterThan(1);
      for (let i = 0; i < count; i++) {
        const panel = panels.nth(i);
        const picture = panel.locator('[data-dependency="database"] [role="img"]');
        expect(await picture.getAttribute('aria-label')).toMatch(/^Dependency database, called by Search and Checkout: \d+ of the \d+ calls it serves at once in progress; /);
        const head = (await panel.locator('[data-dependency="database"] .psim-pool-count').textContent()) ?? '';
        const [busy, capacity] = (/^(\d+)\/(\d+) busy/.exec(head) ?? []).slice(1).map(Number);
        expect(await picture.locator('.psim-cell').count()).toBe(capacity);
        expect(await picture.locator('.psim-dep-busy').count()).toBe(busy);
        const chart = panel.locator('figure', { hasText: 'Utilisation of dependency database' });
        expect(await chart.locator('.psim-chart-summary').textContent()).toMatch(/Latest: database \d+(\.\d)?%\. Highest: database \d+(\.\d)?% at /);
      }
      for (const theme of ['light', 'dark']) {
        await page.evaluate((name) => document.documentElement.setAttribute('data-theme', name), theme);
        const results = await new AxeBuilder({ page }).include('.psim-panels').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), theme).toEqual([]);
      }
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('twelve replica pools against a refusing database: one theory note for the twelve, and the refusals counted on the drawing', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=connection-budget&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      await runToEnd(sim);
      const theory = sim.locator('.psim-panel').first().locator('.psim-theory');
      expect(await theory.locator('.psim-theory-off').count()).toBe(1);
      expect(await theory.textContent()).toContain('The same holds, each for its own service, for the other 11 pools: Replica 2 pool,');
      const database = sim.locator('.psim-panel').first().locator('[data-dependency="database"]');
      expect(await database.locator('.psim-pool-count').textContent()).toMatch(/· [\d,]+ refused$/);
      expect(await database.locator('[role="img"]').getAttribute('aria-label')).toMatch(/It lets no call wait and refuses the rest: [\d,]+ calls refused since the warm-up\./);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a pool resized on a schedule: its size is charted beside its busy slots, and said in words and in the data table', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const packed = deflateRawSync(readFileSync('scenarios/scheduled-resize.json')).toString('base64url');
      const { page, problems } = await openPage(context, `/simulator/?scenario=${packed}&speed=50`);
      const sim = page.locator('[data-pool-simulator]');
      await expect.poll(() => sim.getAttribute('data-pool-simulator'), { timeout: 30_000 }).toBe('custom');
      await ready(sim);
      await sim.getByRole('button', { name: 'Play' }).click();
      const chart = sim.locator('.psim-panel[data-policy="shared"] figure', { hasText: 'Busy slots and pool size' });
      await expect.poll(() => chart.locator('.psim-chart-summary').textContent(), { timeout: 30_000, interval: 100 }).toContain('Shared pool size went from 12 to 24');
      await sim.getByRole('button', { name: 'Pause' }).click();
      expect(await chart.locator('.psim-chart-key li').allTextContents()).toEqual(['Shared pool busy slots', 'Shared pool size']);
      await chart.locator('summary').click();
      // The data table is built when its disclosure opens (a render later): wait for it.
      await expect.poll(() => chart.locator('thead th').allTextContents()).toEqual(['Time', 'Shared pool busy slots', 'Shared pool size']);
      const sizes = await chart.locator('tbody tr td:nth-child(3)').allTextContents();
      expect(sizes[0]).toBe('12');
      expect(sizes.at(-1)).toBe('24');
      expect(problems.consoleErrors).toEqual([]);
    });
  });
});
