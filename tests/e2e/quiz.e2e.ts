import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseUrl, launchBrowser, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const LESSON = '/learn/intuition/shared-fate/';
const QUIZ = '[data-quiz="shared-fate"]';

/** Scrolls to the quiz and waits until its code runs (it shows saved answers then, without the store). */
async function quizReady(page: Page): Promise<void> {
  await page.locator(QUIZ).scrollIntoViewIfNeeded();
  await page.locator(`${QUIZ}[data-ready="true"]`).waitFor();
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim());

describe('knowledge check', () => {
  test('is answered with the keyboard alone, explains the answer chosen, and is remembered after a reload', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context, LESSON);
      await quizReady(page);
      const quiz = page.locator(QUIZ);
      const first = quiz.locator('[data-question="0"]');
      // Focus the first option of question 1 and choose it with the keyboard.
      await first.locator('input').first().focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('Check answer');
      await page.keyboard.press('Enter');
      expect(await first.locator('[data-feedback]').textContent()).toContain('Correct');
      expect(await first.locator('.quiz-explanation:visible').count()).toBe(1);
      expect(await focused(page)).toBe('Try again');
      expect(await quiz.locator('[data-quiz-score]').textContent()).toContain('1 of 3 right');

      // A wrong multiple-answer try explains the option chosen and does not give the others away.
      const second = quiz.locator('[data-question="1"]');
      await second.locator('input').nth(2).check();
      await second.getByRole('button', { name: 'Check answer' }).click();
      expect(await second.locator('[data-feedback]').textContent()).toContain('Not quite');
      expect(await second.locator('[data-option]').evaluateAll((options) => options.map((option) => (option as HTMLElement).dataset['state']))).toEqual(['', '', 'wrong', '']);

      await page.reload();
      await quizReady(page);
      const again = page.locator(QUIZ);
      expect(await again.locator('[data-quiz-score]').textContent()).toContain('1 of 3 right so far (2 answered)');
      expect(await again.locator('[data-question="0"] input').first().isChecked()).toBe(true);
      // The saved wrong answer comes back as a first try: it can be tried again at once.
      expect(await again.locator('[data-question="1"] [data-state="wrong"]').count()).toBe(1);
      expect(await again.locator('[data-question="1"] input').nth(2).isEnabled()).toBe(true);
      await again.locator('[data-question="0"]').getByRole('button', { name: 'Try again' }).click();
      expect(await again.locator('[data-quiz-score]').textContent()).toContain('0 of 3 right so far (1 answered)');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a wrong answer explains only that option; the right answer shows after a second wrong try or on "Show answer"', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await openPage(context, LESSON);
      await quizReady(page);
      const question = page.locator(`${QUIZ} [data-question="0"]`);
      const options = question.locator('[data-option]');
      const right = options.nth(0);

      await options.nth(1).locator('input').check();
      await question.getByRole('button', { name: 'Check answer' }).click();
      expect(await question.locator('.quiz-explanation:visible').count()).toBe(1);
      expect(await options.nth(1).locator('.quiz-explanation').textContent()).toContain('Searches never call the payment provider');
      expect(await right.locator('.quiz-explanation').isVisible()).toBe(false);
      // The feedback (a polite live region) also reads out why, for screen reader users.
      expect(await question.locator('[role="status"]').textContent()).toContain('Searches never call the payment provider');
      expect(await focused(page)).toBe('Check answer');

      await options.nth(2).locator('input').check();
      await question.getByRole('button', { name: 'Check answer' }).click();
      expect(await question.locator('[data-feedback]').textContent()).toContain('The right answer is now marked');
      expect(await right.getAttribute('data-state')).toBe('missed');
      expect(await right.locator('.quiz-explanation').textContent()).toContain('forty times longer');
      expect(await question.locator('.quiz-explanation:visible').count()).toBe(3);
      expect(await question.locator('input:disabled').count()).toBe(3);
      expect(await focused(page)).toBe('Try again');

      // "Show answer" without any try.
      const third = page.locator(`${QUIZ} [data-question="2"]`);
      await third.getByRole('button', { name: 'Show answer' }).click();
      expect(await third.locator('[data-option]').evaluateAll((all) => all.map((option) => (option as HTMLElement).dataset['state']))).toEqual(['missed', '', '']);
      expect(await focused(page)).toBe('Try again');
      // Seeing the answer is not answering: the score counts only checked answers.
      expect(await page.locator(`${QUIZ} [data-quiz-score]`).textContent()).toContain('0 of 3 right so far (1 answered)');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('"Check answer" is never disabled: a press before the quiz code has loaded counts', async () => {
    const context = await browser.newContext();
    try {
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const page = await context.newPage();
      // Hold back the quiz's script, as a slow network would.
      await page.route('**/_astro/Quiz.astro_*', async (route) => {
        await held;
        await route.continue();
      });
      // Module scripts hold back DOMContentLoaded, so wait only for the quiz to be parsed.
      await page.goto(`${baseUrl()}${LESSON}`, { waitUntil: 'commit' });
      const question = page.locator(`${QUIZ} [data-question="0"]`);
      await question.getByRole('button', { name: 'Check answer' }).waitFor();
      expect(await page.locator(QUIZ).getAttribute('data-ready')).toBeNull();
      await question.locator('input').nth(1).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('Check answer');
      await page.keyboard.press('Enter');
      release();
      await expect.poll(() => question.locator('[data-feedback]').textContent()).toContain('Not quite');
      expect(await question.locator('.quiz-explanation:visible').count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  test('answers without the reader scrolling near it; the progress store loads only once needed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const { page, problems } = await openPage(context, LESSON);
      await page.waitForLoadState('networkidle');
      expect(await page.locator(QUIZ).getAttribute('data-ready')).toBe('true');
      expect(await page.locator(QUIZ).getAttribute('data-store')).toBeNull();
      // From the top of the page (no scrolling, no focus), as an assistive tool's click would.
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await page.evaluate(() => {
        const question = document.querySelector('[data-quiz="shared-fate"] [data-question="2"]');
        const input = question?.querySelector<HTMLInputElement>('input');
        if (input) input.checked = true;
        question?.querySelector<HTMLButtonElement>('[data-check]')?.click();
      });
      expect(await page.locator(`${QUIZ} [data-question="2"] [data-feedback]`).textContent()).toContain('Correct');
      // The answer is saved once the store has loaded.
      await page.locator(`${QUIZ}[data-store="ready"]`).waitFor({ state: 'attached' });
      await expect.poll(() => page.evaluate(() => localStorage.getItem('bulkhead-lab:progress') ?? '')).toContain('"shared-fate"');
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
      const question = page.locator(`${QUIZ} [data-question="2"]`);
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
      expect(await page.locator(`${QUIZ} [data-quiz-score]`).textContent()).toBe('3 questions.');
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('has no WCAG 2 A/AA violations after a wrong answer and with the answer shown, light and dark', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    try {
      const { page } = await openPage(context, LESSON);
      await quizReady(page);
      const first = page.locator(`${QUIZ} [data-question="0"]`);
      await first.locator('input').nth(1).check();
      await first.getByRole('button', { name: 'Check answer' }).click();
      const second = page.locator(`${QUIZ} [data-question="1"]`);
      await second.getByRole('button', { name: 'Show answer' }).click();
      for (const scheme of ['light', 'dark'] as const) {
        if (scheme === 'dark') await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-theme-toggle]')?.click());
        expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(scheme);
        const results = await new AxeBuilder({ page }).include(QUIZ).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        expect(results.violations.map((violation) => `${scheme}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
