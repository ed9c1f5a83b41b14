import type { Browser } from 'playwright-core';
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

describe('search', () => {
  test('finds the first lesson by a word that appears only in its body', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/');
      // "Titanic" is in the lesson's text, not its title or description, and in no other lesson.
      await page.getByRole('combobox', { name: 'Search the course' }).fill('Titanic');
      const result = page.locator('[data-search-results] a', { hasText: 'Why shared resources sink whole systems' });
      await result.waitFor({ timeout: 15_000 });
      expect(await result.getAttribute('href')).toContain('/learn/intuition/shared-fate/');
      await expect.poll(() => page.locator('[data-search-status]').first().textContent()).toMatch(/result/);
    } finally {
      await context.close();
    }
  });

  test('the search page answers a query from its URL', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/search/?q=compartment');
      await page.locator('[data-search-page] [data-search-results] a').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('[data-search-page] [data-search-results] li').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  test('a query with no match says so instead of showing nothing', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/search/?q=zzqxjv');
      await expect.poll(() => page.locator('[data-search-page] [data-search-status]').textContent(), { timeout: 15_000 }).toContain('No lessons match');
    } finally {
      await context.close();
    }
  });
});

describe('theme toggle', () => {
  test('the button says what pressing it does in each theme, switches, and keeps the choice across a reload', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    try {
      const { page } = await openPage(context, LESSON);
      const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
      const toggle = page.locator('[data-theme-toggle]');
      // The accessible name, and the words a sighted learner sees, say the same thing.
      const says = async () => ({ name: (await toggle.ariaSnapshot()).match(/button "([^"]*)"/)?.[1], visible: (await toggle.innerText()).replace(/\s+/g, ' ').trim() });
      // The words of the label that take up room on screen (not display:none, not clipped to a pixel).
      const seen = () =>
        toggle.evaluate((button) =>
          [...button.querySelectorAll<HTMLElement>('.theme-word, .theme-extra')]
            .filter((word) => word.getBoundingClientRect().width > 1)
            .map((word) => word.innerText)
            .join(' '),
        );
      expect(await theme()).toBe('light');
      expect(await says()).toEqual({ name: 'Switch to dark theme', visible: 'Switch to dark theme' });
      await page.getByRole('button', { name: 'Switch to dark theme', exact: true }).click();
      expect(await theme()).toBe('dark');
      expect(await says()).toEqual({ name: 'Switch to light theme', visible: 'Switch to light theme' });
      await page.reload();
      expect(await theme()).toBe('dark');
      expect(await says()).toEqual({ name: 'Switch to light theme', visible: 'Switch to light theme' });
      // On a phone the words "Switch to" and "theme" are hidden from sight, not from the name.
      await page.setViewportSize({ width: 375, height: 700 });
      expect(await seen()).toBe('Light');
      expect(await says()).toMatchObject({ name: 'Switch to light theme' });
      await page.getByRole('button', { name: 'Switch to light theme', exact: true }).click();
      await page.reload();
      expect(await theme()).toBe('light');
      expect(await seen()).toBe('Dark');
      expect(await says()).toMatchObject({ name: 'Switch to dark theme' });
    } finally {
      await context.close();
    }
  });

  test('with no choice saved, the label follows the system theme as it changes', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    try {
      const { page } = await openPage(context, LESSON);
      const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
      expect(await theme()).toBe('dark');
      expect(await page.getByRole('button', { name: 'Switch to light theme', exact: true }).isVisible()).toBe(true);
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(theme).toBe('light');
      expect(await page.getByRole('button', { name: 'Switch to dark theme', exact: true }).isVisible()).toBe(true);
      expect((await page.locator('[data-theme-toggle]').innerText()).replace(/\s+/g, ' ').trim()).toBe('Switch to dark theme');
    } finally {
      await context.close();
    }
  });

  test('sets the saved theme before first paint, so there is no flash', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    try {
      await context.addInitScript(() => localStorage.setItem('bulkhead-lab:theme', 'dark'));
      const page = await context.newPage();
      await page.route('**/learn/intuition/shared-fate/', async (route) => {
        const response = await route.fetch();
        // The probe is an inline script the page's Content-Security-Policy would refuse: this test is
        // about the theme, so it takes the policy out of its copy of the page.
        const body = (await response.text())
          .replace(/<meta http-equiv="content-security-policy"[^>]*>/i, '')
          .replace('</head>', '<script>window.__themeAtHeadEnd = document.documentElement.dataset.theme;</script></head>');
        await route.fulfill({ response, body });
      });
      await page.goto(`${baseUrl()}${LESSON}`);
      const themeAtFirstParse = await page.evaluate(() => (window as unknown as { __themeAtHeadEnd: string }).__themeAtHeadEnd);
      expect(themeAtFirstParse).toBe('dark');
    } finally {
      await context.close();
    }
  });
});

describe('diagrams', () => {
  test('are SVG images in the page, named by their title, whose labels take the page text colour in either theme', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    try {
      const { page, problems } = await openPage(context, LESSON);
      const diagram = page.getByRole('img', { name: 'Three features sharing one pool' });
      expect(await diagram.evaluate((svg) => svg.tagName)).toBe('svg');
      const colours = () =>
        diagram.evaluate((svg) => ({ label: getComputedStyle(svg.querySelector('.nodeLabel') ?? svg).color, page: getComputedStyle(document.body).color }));
      const light = await colours();
      expect(light.label).toBe(light.page);
      await page.getByRole('button', { name: 'Switch to dark theme', exact: true }).click();
      await expect.poll(async () => (await colours()).label).not.toBe(light.label);
      const dark = await colours();
      expect(dark.label).toBe(dark.page);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the reader gets the diagram and its text description', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page } = await openPage(context, LESSON);
      await expect.poll(() => page.getByRole('img', { name: 'Three features sharing one pool' }).isVisible()).toBe(true);
      const description = await page.locator('[data-diagram] .diagram-text p').first().textContent();
      expect(description).toContain('Search, checkout and analytics requests all draw connections');
    } finally {
      await context.close();
    }
  });

  test('pages without a diagram never load mermaid', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/learn/');
      const scripts: string[] = [];
      page.on('request', (request) => scripts.push(request.url()));
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
      expect([...loaded, ...scripts].filter((url) => /mermaid|Diagram/i.test(url))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('code blocks', () => {
  test('show the file name and a copy button that copies the code', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const { page } = await openPage(context, LESSON);
      const figure = page.locator('.code-figure').first();
      expect(await figure.locator('.code-title').textContent()).toBe('compartments.ts');
      await figure.getByRole('button', { name: 'Copy compartments.ts' }).click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('export async function withCompartment');
    } finally {
      await context.close();
    }
  });
});

describe('cross-origin isolation', () => {
  test('the exercises page is crossOriginIsolated, so exercise runners can use it', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, '/exercises/');
      expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
      await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-state')).toBe('full');
    } finally {
      await context.close();
    }
  });
});

describe('keyboard', () => {
  test('the first Tab reaches the skip link, which moves focus to the main content', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, LESSON);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    } finally {
      await context.close();
    }
  });
});
