/**
 * Draws mermaid diagrams to SVG with mermaid itself, in headless Chromium (Debian's /usr/bin/chromium
 * or CHROME_PATH, driven by playwright-core; no browser is downloaded). Each diagram is drawn in
 * the light and the dark palette and merged into one SVG (src/lib/diagram-themes.ts), tidied for
 * placing inline in a page: role="img" named by its <title> and <desc>, only the CSS rules and
 * definitions it uses, no ids nothing refers to. Used by scripts/diagrams.ts only.
 *
 * Why mermaid in Chromium (measured on the course's 22 diagrams, December 2026): it draws them as
 * the browser did before, with label wrapping and accTitle/accDescr as <title>/<desc>, at about
 * 1 s to start plus 50–250 ms a diagram. beautiful-mermaid (1.1.3, no DOM) is faster (~20 ms a
 * diagram) but drew accTitle and accDescr as two extra boxes in all 22, emits no <title>/<desc>,
 * and does not wrap labels (9 of 22 came out over 30% wider, so their text shrinks on a phone).
 * mermaid-isomorphic / rehype-mermaid would bring mermaid 11 and the full `playwright` package;
 * loading the project's own mermaid bundle into a page is a few lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT, diagramId } from '../src/lib/diagram-cache';
import { DISPLAY_FONT, LAYOUT_FONT, MERMAID_VERSION, mermaidConfig } from '../src/lib/diagram-settings';
import { mergeThemes } from '../src/lib/diagram-themes';

interface DrawInput {
  code: string;
  id: string;
  config: Record<string, unknown>;
}

/**
 * Runs inside Chromium (serialised with toString, so it uses nothing from this module): draws one
 * diagram with the page's mermaid and returns the tidied SVG markup.
 */
async function drawInPage(input: DrawInput): Promise<string> {
  const mermaid = (window as unknown as { mermaid: { initialize(config: unknown): void; render(id: string, code: string): Promise<{ svg: string }> } }).mermaid;
  mermaid.initialize(input.config);
  const { svg } = await mermaid.render(input.id, input.code);
  const host = document.createElement('div');
  document.body.append(host);
  try {
    host.innerHTML = svg;
    const root = host.querySelector('svg');
    const style = root?.querySelector('style');
    if (!root || !style) throw new Error('mermaid returned no <svg> with a <style>');

    // Gradient stops and shadow colours take CSS variables only as style properties; no style rule targets them.
    for (const element of root.querySelectorAll('stop, feDropShadow, feFlood')) {
      for (const name of ['stop-color', 'stop-opacity', 'flood-color', 'flood-opacity']) {
        const value = element.getAttribute(name);
        if (value === null) continue;
        element.removeAttribute(name);
        element.setAttribute('style', `${element.getAttribute('style') ?? ''}${name}:${value};`);
      }
    }

    // Keep only the CSS rules that match something in this drawing (mermaid ships one sheet for every feature).
    const matches = (selector: string): boolean => {
      const plain = selector.replace(/::?[a-zA-Z-]+(\([^()]*\))?/g, '').trim();
      if (plain === '' || /[>+~]$/.test(plain)) return true;
      try {
        return root.matches(plain) || root.querySelector(plain) !== null;
      } catch {
        return true;
      }
    };
    const css = style.textContent ?? '';
    const blocks: { prelude: string; body: string }[] = [];
    for (let index = 0, start = 0, depth = 0, open = 0; index < css.length; index += 1) {
      if (css[index] === '{') {
        if (depth === 0) open = index;
        depth += 1;
      } else if (css[index] === '}') {
        depth -= 1;
        if (depth === 0) {
          blocks.push({ prelude: css.slice(start, open).trim(), body: css.slice(open + 1, index) });
          start = index + 1;
        }
      }
    }
    const kept: string[] = [];
    const keyframes: { name: string; text: string }[] = [];
    for (const { prelude, body } of blocks) {
      if (prelude.startsWith('@keyframes')) keyframes.push({ name: prelude.slice('@keyframes'.length).trim(), text: `${prelude}{${body}}` });
      else if (prelude.startsWith('@')) kept.push(`${prelude}{${body}}`);
      else {
        const selectors = prelude.split(',').map((part) => part.trim()).filter(matches);
        if (selectors.length > 0) kept.push(`${selectors.join(',')}{${body}}`);
      }
    }
    const rules = kept.join('');
    style.textContent = rules + keyframes.filter((frames) => new RegExp(`animation(-name)?:[^;}]*\\b${frames.name}\\b`).test(rules)).map((frames) => frames.text).join('');

    // data-* attributes only matter where a kept rule selects on them.
    const usedData = new Set([...rules.matchAll(/\[(data-[\w-]+)/g)].map((match) => match[1]));
    for (const element of root.querySelectorAll('*')) {
      for (const name of element.getAttributeNames()) if (name.startsWith('data-') && !usedData.has(name)) element.removeAttribute(name);
    }

    // Ids: keep those something refers to (CSS, url(#…), href, aria-*); drop unused definitions.
    const referenced = (): Set<string> => {
      const text = root.outerHTML;
      const ids = new Set<string>();
      for (const match of text.matchAll(/url\(["']?#([^)"']+)["']?\)|href="#([^"]+)"|#([A-Za-z][\w-]*)/g)) ids.add(match[1] ?? match[2] ?? match[3] ?? '');
      for (const element of root.querySelectorAll('[aria-labelledby], [aria-describedby]')) {
        for (const name of ['aria-labelledby', 'aria-describedby']) for (const id of (element.getAttribute(name) ?? '').split(/\s+/)) ids.add(id);
      }
      for (const id of (root.getAttribute('aria-labelledby') ?? '').split(/\s+/)) ids.add(id);
      for (const id of (root.getAttribute('aria-describedby') ?? '').split(/\s+/)) ids.add(id);
      return ids;
    };
    for (let pass = 0; pass < 2; pass += 1) {
      const ids = referenced();
      for (const element of root.querySelectorAll('marker[id], filter[id], linearGradient[id], radialGradient[id], pattern[id], clipPath[id], mask[id], symbol[id]')) {
        if (!ids.has(element.id)) element.remove();
      }
    }
    const ids = referenced();
    for (const element of root.querySelectorAll('[id]')) if (!ids.has(element.id)) element.removeAttribute('id');
    for (const defs of root.querySelectorAll('defs')) if (defs.children.length === 0) defs.remove();

    root.setAttribute('role', 'img');
    root.removeAttribute('aria-roledescription');
    return root.outerHTML;
  } finally {
    host.remove();
  }
}

function chromePath(): string {
  const path = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Drawing diagrams needs Chromium, and there is none at ${path}. Install it (apt-get install -y chromium) or set CHROME_PATH to a Chromium or Chrome binary.`);
  }
  return path;
}

/** Fails unless the installed mermaid is the one the drawing settings name. */
function checkMermaidVersion(): string {
  const manifest = join(PROJECT_ROOT, 'node_modules', 'mermaid', 'package.json');
  const installed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : undefined;
  if (installed !== MERMAID_VERSION) {
    throw new Error(
      `The installed mermaid is ${installed ?? 'missing'}, but src/lib/diagram-settings.ts says MERMAID_VERSION = '${MERMAID_VERSION}'. Run npm ci, or, after upgrading mermaid on purpose, set MERMAID_VERSION to match and redraw.`,
    );
  }
  return join(PROJECT_ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
}

/** LAYOUT_FONT as mermaid and the serialiser write it: spaces after commas optional, quotes maybe as &quot;. */
const LAYOUT_FONT_AS_WRITTEN = new RegExp(
  LAYOUT_FONT.split(',').map((name) => name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '(?:"|&quot;)')).join(',\\s*'),
  'g',
);

export interface DrawingBoard {
  /** The finished SVG for the diagram with this source and cache key. */
  draw(code: string, key: string): Promise<string>;
  /** What the labels were measured in, for the log. */
  layoutFont: string;
  close(): Promise<void>;
}

async function fontInUse(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const context = document.createElement('canvas').getContext('2d');
    const width = (font) => { context.font = '16px ' + font; return context.measureText('Bulkhead compartments 0123').width; };
    if (width('"DejaVu Sans", monospace') !== width('monospace')) return 'DejaVu Sans';
    if (width('Verdana, monospace') !== width('monospace')) return 'Verdana';
    return 'the default sans-serif (neither DejaVu Sans nor Verdana is installed)';
  })()`);
}

/** Starts Chromium with mermaid loaded; close() when done. */
export async function openDrawingBoard(): Promise<DrawingBoard> {
  const bundle = checkMermaidVersion();
  const browser: Browser = await chromium.launch({
    executablePath: chromePath(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body></body></html>');
    // tsx compiles drawInPage with esbuild's keepNames, which calls a __name helper the page lacks.
    await page.evaluate('window.__name = (fn) => fn');
    await page.addScriptTag({ path: bundle });
    const layoutFont = await fontInUse(page);
    const drawOne = (code: string, id: string, theme: 'light' | 'dark'): Promise<string> =>
      page.evaluate(`(${drawInPage.toString()})(${JSON.stringify({ code, id, config: mermaidConfig(theme) } satisfies DrawInput)})`);
    return {
      layoutFont,
      async draw(code, key) {
        const id = diagramId(key);
        const merged = mergeThemes(await drawOne(code, id, 'light'), await drawOne(code, id, 'dark'), id);
        const svg = merged.replace(LAYOUT_FONT_AS_WRITTEN, DISPLAY_FONT);
        if (/DejaVu|Verdana/.test(svg)) throw new Error(`The drawing of diagram ${key} still names the layout font somewhere: extend LAYOUT_FONT_AS_WRITTEN.`);
        if (!svg.includes('role="img"') || !/<title[^>]*>[^<]+<\/title>/.test(svg) || !/<desc[^>]*>[^<]+<\/desc>/.test(svg)) {
          throw new Error(`The drawing of diagram ${key} lacks role="img", a <title> or a <desc>: check its accTitle and accDescr.`);
        }
        return svg;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
