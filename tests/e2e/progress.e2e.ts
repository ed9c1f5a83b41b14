import { readFileSync, readdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage, replaceCode, runAndWait } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The course's size, counted from its sources, so adding a lesson or an exercise needs no edit here.
const LESSONS = readdirSync('content/lessons', { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((level) => readdirSync(`content/lessons/${level.name}`).filter((name) => name.endsWith('.mdx'))).length;
const EXERCISES = readdirSync('exercises').filter((name) => /^\d\d-/.test(name)).length;
const TOTAL = LESSONS + EXERCISES;
const LESSON = '/learn/intuition/shared-fate/';
const EXERCISE = '/exercises/semaphore-bulkhead/';
const solution = readFileSync('exercises/02-semaphore-bulkhead/solution/bulkhead.ts', 'utf8');

const meterLabel = (page: Page) => page.locator('.progress-meter').getAttribute('aria-label');
const lessonState = (page: Page) => page.locator('[data-lesson-row="01-intuition/01-shared-fate"] [data-lesson-state]').textContent();
const exerciseState = (page: Page) => page.locator('[data-exercise-row="semaphore-bulkhead"] [data-exercise-state]').textContent();

async function readDownload(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/**
 * Scrolls to the lesson's quiz and completion toggle, waits until both are live, and has the
 * progress store loaded (it loads when focus reaches the toggle), so this tab holds the document
 * as it is now.
 */
async function lessonReady(page: Page): Promise<void> {
  for (const selector of ['[data-quiz="shared-fate"]', '[data-lesson-complete]']) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    await page.locator(`${selector}[data-ready="true"]`).waitFor();
  }
  await page.locator('[data-complete-toggle]').focus();
  await page.locator('[data-lesson-complete][data-store="ready"]').waitFor({ state: 'attached' });
}

describe('the progress page', () => {
  test('a completed lesson and a passed exercise show up, survive export, clear and import, and come back everywhere', async () => {
    const context = await browser.newContext();
    try {
      // Complete a lesson with the keyboard and answer one quiz question.
      const { page, problems } = await openPage(context, LESSON);
      await lessonReady(page);
      const toggle = page.getByRole('button', { name: 'Mark lesson complete' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await toggle.focus();
      await page.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.locator('[data-complete-status]').textContent()).toMatch(/^Completed on .+\. It counts toward your progress\.$/);
      expect(await meterLabel(page)).toBe(`Your progress: 1 of ${TOTAL} done`);
      const question = page.locator('[data-quiz="shared-fate"] [data-question="0"]');
      await question.locator('input').first().check();
      await question.getByRole('button', { name: 'Check answer' }).click();

      // Pass an exercise by pasting its reference solution.
      await page.goto(new URL(EXERCISE, page.url()).href);
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      await replaceCode(page, solution);
      expect(await runAndWait(page)).toMatch(/All tests pass!$/);
      expect(await meterLabel(page)).toBe(`Your progress: 2 of ${TOTAL} done`);

      // The progress page, the header and the course map agree.
      await page.goto(new URL('/progress/', page.url()).href);
      expect(await meterLabel(page)).toBe(`Your progress: 2 of ${TOTAL} done`);
      expect(await lessonState(page)).toMatch(/^✓ Lesson complete/);
      expect(await page.locator('[data-lesson-row="01-intuition/01-shared-fate"] [data-quiz-state]').textContent()).toBe('Quiz: 1 of 3 right (1 answered)');
      expect(await exerciseState(page)).toMatch(/^✓ passed on /);
      expect(await page.locator('[data-counts]').textContent()).toBe(`1 of ${LESSONS} lessons complete and 1 of ${EXERCISES} exercises passed.`);
      // Both pages opened are finished, so there is nothing to continue: the course map is next.
      expect(await page.locator('[data-continue]').textContent()).toBe('Everything you have opened is finished. Pick what is next from the course map.');
      expect(await page.locator('[data-continue] a').getAttribute('href')).toBe('/learn/');

      // Export, then clear (with confirmation).
      const exported = await readDownload(page, () => page.getByRole('button', { name: 'Export progress' }).click());
      expect(exported.name).toMatch(/^bulkhead-lab-progress-\d{4}-\d{2}-\d{2}\.json$/);
      expect(JSON.parse(exported.text)).toMatchObject({ format: 'bulkhead-lab-progress', version: 2 });
      await page.getByRole('button', { name: 'Clear all progress…' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.locator('[data-result]').textContent()).toBe('Nothing was cleared.');
      await page.getByRole('button', { name: 'Clear all progress…' }).click();
      await page.getByRole('button', { name: 'Yes, clear everything' }).click();
      expect(await page.locator('[data-result]').textContent()).toContain('All progress in this browser was cleared.');
      expect(await page.evaluate(() => localStorage.getItem('bulkhead-lab:progress'))).toBeNull();
      await page.reload();
      expect(await meterLabel(page)).toBe(`Your progress: 0 of ${TOTAL} done`);
      expect(await lessonState(page)).toBe('Lesson not started');

      // A hostile file is refused and changes nothing.
      await page.locator('#import-file').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"bulkhead-lab-progress","version":2,"exportedAt":"x","progress":{"__proto__":{"admin":true}}}') });
      await expect.poll(() => page.locator('[data-result]').textContent()).toContain('evil.json was not imported.');
      expect(await page.locator('[data-result]').textContent()).toContain('Nothing was changed.');
      expect(await meterLabel(page)).toBe(`Your progress: 0 of ${TOTAL} done`);

      // Importing the export brings everything back and says what changed.
      await page.locator('#import-file').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
      await expect.poll(() => page.locator('[data-result]').textContent()).toContain(`Imported ${exported.name}.`);
      expect(await page.locator('[data-result]').textContent()).toContain('1 lesson marked complete, 1 exercise marked passed, 1 draft updated and 1 quiz result updated.');
      expect(await meterLabel(page)).toBe(`Your progress: 2 of ${TOTAL} done`);
      expect(await lessonState(page)).toMatch(/^✓ Lesson complete/);
      expect(await exerciseState(page)).toMatch(/^✓ passed on /);

      await page.goto(new URL('/learn/', page.url()).href);
      expect(await page.locator('.levels > li').nth(0).locator('[data-bar-text]').textContent()).toBe('1 of 4 done');
      expect(await page.locator('.levels > li').nth(1).locator('[data-bar-text]').textContent()).toBe('1 of 12 done');
      expect(await page.locator('[data-lesson-done="01-intuition/01-shared-fate"]').isVisible()).toBe(true);

      await page.goto(new URL(EXERCISE, page.url()).href);
      await page.locator('.code-editor[data-ready="true"]').waitFor();
      expect(await page.locator('[data-pass-state]').isVisible()).toBe(true);
      expect((await page.locator('.cm-content').first().innerText()).replace(/\s+/g, ' ')).toContain('BulkheadRejectedError');
      await page.goto(new URL(LESSON, page.url()).href);
      await lessonReady(page);
      expect(await page.getByRole('button', { name: 'Mark lesson complete' }).getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('[data-quiz="shared-fate"] [data-quiz-score]').textContent()).toContain('1 of 3 right so far (1 answered)');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a corrupted stored value is set aside with a notice, can be downloaded, and is never silently wiped', async () => {
    const context = await browser.newContext();
    const broken = '{"version":2,"lessons":{"01-intuition/01-shared-fate":';
    try {
      await context.addInitScript((raw) => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('bulkhead-lab:progress', raw);
      }, broken);
      const { page, problems } = await openPage(context, '/progress/');
      const notice = page.locator('[data-notice="set-aside"]');
      expect(await notice.textContent()).toContain('it is not valid JSON');
      expect(await page.locator('.progress-meter').getAttribute('data-attention')).toBe('true');
      expect(await meterLabel(page)).toContain('Some saved progress needs your attention');
      const backup = await readDownload(page, () => notice.getByRole('button', { name: 'Download the set-aside data' }).click());
      expect(backup.text).toBe(broken);

      // The notice stays on later visits until the learner deletes the set-aside copy.
      await page.reload();
      expect(await page.locator('[data-notice="set-aside"]').textContent()).toContain('was set aside on');
      await page.locator('[data-notice="set-aside"]').getByRole('button', { name: 'Delete it' }).click();
      expect(await page.locator('[data-notice]').count()).toBe(0);
      expect(await page.locator('.progress-meter').getAttribute('data-attention')).toBe('false');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('two open tabs: a change in one never overwrites a newer draft from the other', async () => {
    const context = await browser.newContext();
    try {
      // Tab B opens the lesson first, so its store holds the old, empty progress.
      const { page: lessonTab, problems } = await openPage(context, LESSON);
      await lessonReady(lessonTab);
      // Tab A writes a draft afterwards.
      const { page: exerciseTab } = await openPage(context, EXERCISE);
      await exerciseTab.locator('.code-editor[data-ready="true"]').waitFor();
      await exerciseTab.getByRole('textbox', { name: 'Code editor: bulkhead.ts' }).click();
      await exerciseTab.keyboard.press('ControlOrMeta+End');
      await exerciseTab.keyboard.insertText('\n// drafted in tab A\n');
      await exerciseTab.waitForFunction(() => (localStorage.getItem('bulkhead-lab:progress') ?? '').includes('drafted in tab A'));
      // The stale tab B now saves something else.
      await lessonTab.getByRole('button', { name: 'Mark lesson complete' }).click();
      expect(await lessonTab.getByRole('button', { name: 'Mark lesson complete' }).getAttribute('aria-pressed')).toBe('true');

      const stored = await lessonTab.evaluate(() => JSON.parse(localStorage.getItem('bulkhead-lab:progress') ?? '{}') as { lessons: Record<string, { completedAt: string | null }>; exercises: Record<string, { draft: { files: Record<string, string> } | null }> });
      expect(stored.lessons['01-intuition/01-shared-fate']?.completedAt).not.toBeNull();
      expect(stored.exercises['semaphore-bulkhead']?.draft?.files['bulkhead.ts']).toContain('// drafted in tab A');
      // Tab A heard about tab B's change without a reload.
      await exerciseTab.waitForFunction((total) => new RegExp(`Your progress: 1 of ${total} done`).test(document.querySelector('.progress-meter')?.getAttribute('aria-label') ?? ''), TOTAL);
      await exerciseTab.reload();
      await exerciseTab.locator('.code-editor[data-ready="true"]').waitFor();
      expect(await exerciseTab.locator('.cm-content').first().innerText()).toContain('// drafted in tab A');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('fits a 375 px screen without horizontal scrolling, with the header bar still named', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const { page } = await openPage(context, '/progress/');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      expect(await page.locator('.progress-meter .meter-track').isVisible()).toBe(true);
      expect(await page.locator('.progress-meter .meter-text').isVisible()).toBe(false);
      expect(await page.getByRole('link', { name: new RegExp(`^Your progress: 0 of ${TOTAL} done$`) }).count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
