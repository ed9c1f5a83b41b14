import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

const poll = <T>(read: () => Promise<T> | T, timeout = 30_000) => expect.poll(read, { timeout, interval: 100 });

async function ready(sim: Locator): Promise<void> {
  await poll(() => sim.getAttribute('data-status')).toBe('ready');
}

async function openEditor(page: Page): Promise<Locator> {
  const editor = page.locator('[data-scenario-editor]');
  if (!(await editor.isVisible())) await page.locator('[data-pool-simulator] summary', { hasText: 'Edit this scenario' }).click();
  await editor.waitFor();
  return editor;
}

const jsonBox = (page: Page) => page.getByLabel(/^Scenario JSON/);

async function axeViolations(page: Page, scope = 'main'): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(scope).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('the scenario editor', () => {
  test('builds a scenario with the form, runs it, and a share link reopens the same scenario', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=healthy&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const editor = await openEditor(page);
      await poll(async () => JSON.parse(await jsonBox(page).inputValue()).name).toBe('Healthy');

      await editor.getByRole('button', { name: 'Add a service' }).click();
      await poll(() => editor.locator('[data-json-errors]').textContent()).toContain('policies.partitioned.pools: must place service "service" in a pool');
      // The focus moves to the new service's first field.
      const newId = editor.getByRole('group', { name: 'Service 4: Service' }).getByLabel('Id', { exact: true });
      await poll(() => newId.evaluate((element) => element === document.activeElement)).toBe(true);
      await editor.getByRole('button', { name: 'Add a pool to partitioned' }).click();
      await editor.getByRole('button', { name: 'Add a fault to Service' }).click();
      await editor.getByRole('group', { name: 'Service 4: Service' }).getByLabel('Arrival rate (calls/s)').fill('25');
      await editor.getByRole('group', { name: 'Fault 1 of Service' }).getByLabel('What goes wrong').selectOption('hang');
      await poll(() => editor.locator('[data-json-errors]').textContent()).toBe('A valid scenario.');
      const built = JSON.parse(await jsonBox(page).inputValue());
      expect(built.services[3]).toMatchObject({ id: 'service', arrival: { rate: 25 }, degradations: [{ kind: 'hang', at: 12 }] });
      expect(built.policies.partitioned.pools[3]).toEqual({ id: 'service-pool', services: ['service'], slots: 5, queue: 5 });

      await editor.getByRole('button', { name: 'Run this scenario' }).click();
      await poll(() => sim.getAttribute('data-pool-simulator')).toBe('custom');
      await poll(() => sim.locator('.psim-clock').textContent(), 60_000).toContain('Run complete');
      const summary = (await sim.locator('[data-summary]').textContent()) ?? '';
      expect(summary).toMatch(/Service \d+(\.\d)?%/);
      await poll(() => new URL(page.url()).searchParams.has('scenario')).toBe(true);

      await editor.getByRole('button', { name: 'Copy a share link' }).click();
      await poll(() => editor.locator('[data-share-link]').inputValue()).toMatch(/\/simulator\/\?scenario=[A-Za-z0-9_-]+&seed=1$/);
      const link = await editor.locator('[data-share-link]').inputValue();
      expect(problems.consoleErrors).toEqual([]);

      const reopened = await context.newPage();
      await reopened.goto(link);
      const sim2 = reopened.locator('[data-pool-simulator]');
      await poll(() => sim2.getAttribute('data-pool-simulator')).toBe('custom');
      await ready(sim2);
      await reopened.locator('[data-scenario-editor]').waitFor();
      expect(JSON.parse(await jsonBox(reopened).inputValue())).toEqual(built);
      const form = reopened.locator('[data-scenario-editor]');
      expect(await form.getByRole('group', { name: 'Service 4: Service' }).getByLabel('Arrival rate (calls/s)').inputValue()).toBe('25');
      expect(await form.getByRole('group', { name: 'Fault 1 of Service' }).getByLabel('What goes wrong').inputValue()).toBe('hang');
      expect(await reopened.locator('[data-link-notice]').count()).toBe(0);
      await reopened.getByLabel('Speed', { exact: true }).selectOption('50');
      await sim2.getByRole('button', { name: 'Play' }).click();
      await poll(() => sim2.locator('.psim-clock').textContent(), 60_000).toContain('Run complete');
      expect(await sim2.locator('[data-summary]').textContent()).toBe(summary);
    });
  });

  test('adds a policy from the keyboard, renames it, removes another, and runs the result', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?preset=healthy&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      const editor = await openEditor(page);
      await poll(async () => JSON.parse(await jsonBox(page).inputValue()).name).toBe('Healthy');
      const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

      // Keyboard only: pick the kind, Tab to the button, press Enter; the focus lands on the new policy's name.
      const kind = editor.getByLabel('Kind of policy to add');
      await kind.focus();
      await kind.selectOption('semaphore');
      await page.keyboard.press('Tab');
      expect(await focused(editor.getByRole('button', { name: 'Add a policy' }))).toBe(true);
      await page.keyboard.press('Enter');
      const addedName = editor.getByRole('group', { name: /^Policy 3, “semaphore”/ }).getByLabel('Name', { exact: true });
      await poll(() => focused(addedName)).toBe(true);
      // The group's name follows the policy's, so hold on to the field by its id.
      const name = page.locator(`[id="${(await addedName.getAttribute('id')) ?? ''}"]`);
      const json = async () => JSON.parse(await jsonBox(page).inputValue()) as { policies: Record<string, { kind: string; pools?: { services: string[]; permits: number }[] }> };
      expect((await json()).policies['semaphore']?.pools?.map((pool) => pool.services)).toEqual([['search'], ['checkout'], ['analytics']]);

      // A name that is not an id stays in the field with its problem; the policy keeps its name.
      await name.fill('Fail fast');
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      const error = page.locator(`[id="${(await name.getAttribute('aria-describedby')) ?? ''}"]`);
      expect(await error.textContent()).toContain('must be an id of lower-case letters, digits and dashes');
      expect(Object.keys((await json()).policies)).toEqual(['shared', 'partitioned', 'semaphore']);
      await name.fill('fail-fast');
      await poll(async () => Object.keys((await json()).policies)).toEqual(['shared', 'partitioned', 'fail-fast']);
      expect(await focused(name)).toBe(true);
      expect(await axeViolations(page, '.psim-ed-disclosure')).toEqual([]);

      await editor.getByRole('button', { name: 'Remove policy shared' }).click();
      await poll(async () => Object.keys((await json()).policies)).toEqual(['partitioned', 'fail-fast']);
      expect(await focused(editor.getByRole('button', { name: 'Add a policy' }))).toBe(true);
      await poll(() => editor.locator('[data-json-errors]').textContent()).toBe('A valid scenario.');

      await editor.getByRole('button', { name: 'Run this scenario' }).click();
      await poll(() => sim.locator('.psim-panel').evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-policy')))).toEqual(['partitioned', 'fail-fast']);
      await poll(() => sim.locator('.psim-clock').textContent(), 60_000).toContain('Run complete');
      expect(await sim.locator('[data-summary]').textContent()).toMatch(/Search \d+(\.\d)?%/);
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('a wrong edit is named inline, the text is kept, and a damaged link falls back to the default scenario', async () => {
    await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
      const { page, problems } = await openPage(context, '/simulator/?scenario=bm90LWRlZmxhdGU&seed=5');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      expect(await sim.getAttribute('data-pool-simulator')).toBe('slow-search');
      expect(await page.locator('[data-link-notice]').textContent()).toContain('The link (the scenario in it is damaged: it could not be unpacked, perhaps because the link was cut short, so the default scenario opened)');
      expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('5');

      const editor = await openEditor(page);
      await poll(async () => JSON.parse(await jsonBox(page).inputValue()).name).toBe('Slow search');
      const valid = JSON.parse(await jsonBox(page).inputValue());
      valid.policies.partitioned.pools[1].slots = 0;
      const wrong = JSON.stringify(valid, null, 2);
      await jsonBox(page).fill(wrong);
      await poll(() => editor.locator('[data-json-errors]').textContent()).toContain('policies.partitioned.pools[1].slots: must be a whole number of at least 1');
      expect(await jsonBox(page).getAttribute('aria-invalid')).toBe('true');
      const slots = editor.getByRole('group', { name: 'Pool 2: checkout-pool' }).getByLabel('Slots (calls at once)');
      expect(await slots.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await slots.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toBe('must be a whole number of at least 1');

      // A file opened from disk gets the same checks, and its text is shown as it is.
      await editor.getByLabel('Open a scenario file (JSON)').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(wrong.replace('"duration": 60', '"duration": "sixty"')) });
      await poll(() => editor.locator('[data-editor-status]').textContent()).toBe('Opened mine.json; it needs fixing before it can run (see under the JSON).');
      expect(await editor.locator('[data-json-errors] li').allTextContents()).toEqual(['duration: must be a positive number', 'policies.partitioned.pools[1].slots: must be a whole number of at least 1']);
      expect(await jsonBox(page).inputValue()).toContain('"duration": "sixty"');

      const broken = `${wrong.slice(0, -3)},,}`;
      await jsonBox(page).fill(broken);
      await poll(() => editor.locator('[data-json-errors]').textContent()).toMatch(/^Line \d+, column \d+: not valid JSON/);
      expect(await jsonBox(page).inputValue()).toBe(broken);
      await editor.getByRole('button', { name: 'Run this scenario' }).click();
      expect(await editor.locator('[data-editor-status]').textContent()).toMatch(/^Fix the JSON first: line \d+/);
      expect(await sim.getAttribute('data-pool-simulator')).toBe('slow-search');
      expect(problems.consoleErrors).toEqual([]);
    });
  });

  test('downloads the run as CSV, a header with units and a row per sample', async () => {
    await withContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }, async (context) => {
      const { page } = await openPage(context, '/simulator/?preset=healthy&speed=50');
      const sim = page.locator('[data-pool-simulator]');
      await ready(sim);
      await sim.getByRole('button', { name: 'Play' }).click();
      await poll(() => sim.locator('.psim-clock').textContent(), 60_000).toContain('Run complete');
      const [download] = await Promise.all([page.waitForEvent('download'), sim.getByRole('button', { name: 'Download the run (CSV)' }).click()]);
      expect(download.suggestedFilename()).toBe('healthy-run.csv');
      const lines = readFileSync((await download.path()) ?? '', 'utf8').split('\r\n').filter((line) => line !== '');
      expect(lines[0]).toMatch(/^time \(s\),shared: search success rate \(share 0-1\),shared: search mean latency \(s\),/);
      expect(lines).toHaveLength(1 + 60);
      expect(lines[60]?.startsWith('60,')).toBe(true);
    });
  });

  test('fits 375 px and passes axe with the editor open, in the light and the dark theme', async () => {
    // The whole page in the light theme; in the dark one the editor only (the rest has its own checks), to keep this short.
    for (const [colorScheme, scope] of [
      ['light', 'main'],
      ['dark', '.psim-ed-disclosure'],
    ] as const) {
      await withContext({ viewport: { width: 375, height: 800 }, colorScheme }, async (context) => {
        const { page } = await openPage(context, '/simulator/?preset=healthy');
        await ready(page.locator('[data-pool-simulator]'));
        const editor = await openEditor(page);
        await editor.getByRole('button', { name: 'Add a service' }).click();
        await poll(() => editor.locator('[data-json-errors] li').count()).toBe(1);
        expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(colorScheme);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        expect(await axeViolations(page, scope), colorScheme).toEqual([]);
      });
    }
  });
});
