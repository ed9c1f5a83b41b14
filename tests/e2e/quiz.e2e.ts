import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const LESSON = '/learn/intuition/shared-fate/';

/** Scrolls to the quiz, whose code loads as the reader nears it, and waits until it is ready. */
async function quizReady(page: Page): Promise<void> {
  await page.locator('[data-quiz="shared-fate"]').scrollIntoViewIfNeeded();
  await page.locator('[data-quiz="shared-fate"][data-ready="true"]').waitFor();
}

describe('knowledge check', () => {
  test('is answered with the keyboard alone, explains every option, and is remembered after a reload', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context, LESSON);
      await quizReady(page);
      const quiz = page.locator('[data-quiz="shared-fate"]');
      const first = quiz.locator('[data-question="0"]');
      // Focus the first option of question 1 and choose it with the keyboard.
      await first.locator('input').first().focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Check answer');
      await page.keyboard.press('Enter');
      expect(await first.locator('[data-feedback]').textContent()).toContain('Correct');
      expect(await first.locator('.quiz-explanation:visible').count()).toBe(3);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Try again');
      expect(await quiz.locator('[data-quiz-score]').textContent()).toContain('1 of 3 right');

      // A wrong multiple-answer attempt marks what was missed.
      const second = quiz.locator('[data-question="1"]');
      await second.locator('input').nth(2).check();
      await second.getByRole('button', { name: 'Check answer' }).click();
      expect(await second.locator('[data-feedback]').textContent()).toContain('Not quite');
      expect(await second.locator('[data-state="missed"]').count()).toBe(3);

      await page.reload();
      await quizReady(page);
      const again = page.locator('[data-quiz="shared-fate"]');
      expect(await again.locator('[data-quiz-score]').textContent()).toContain('1 of 3 right so far (2 answered)');
      expect(await again.locator('[data-question="0"] input').first().isChecked()).toBe(true);
      await again.locator('[data-question="1"]').getByRole('button', { name: 'Try again' }).click();
      expect(await again.locator('[data-quiz-score]').textContent()).toContain('1 of 3 right so far (1 answered)');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('asks for an answer before checking', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, LESSON);
      await quizReady(page);
      const question = page.locator('[data-quiz="shared-fate"] [data-question="2"]');
      await question.getByRole('button', { name: 'Check answer' }).click();
      expect(await question.locator('[data-feedback]').textContent()).toBe('Choose an answer first.');
    } finally {
      await context.close();
    }
  });

  test('ignores a corrupted stored result instead of failing', async () => {
    const context = await browser.newContext();
    try {
      await context.addInitScript(() => localStorage.setItem('bulkhead-lab:quiz:shared-fate', '{"version":1,"answers":"oops"'));
      const { page, problems } = await openPage(context, LESSON);
      await quizReady(page);
      expect(await page.locator('[data-quiz="shared-fate"] [data-quiz-score]').textContent()).toBe('3 questions.');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
