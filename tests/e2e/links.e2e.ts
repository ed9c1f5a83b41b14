import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtPages } from './browser';

const DIST = 'dist';

function fileFor(path: string): string | undefined {
  const clean = decodeURIComponent(path.split('?')[0] ?? '');
  const candidates = clean.endsWith('/') ? [join(DIST, clean, 'index.html')] : [join(DIST, clean), join(DIST, clean, 'index.html')];
  return candidates.find((candidate) => existsSync(candidate));
}

function idsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] ?? ''));
}

const htmlByPage = new Map(builtPages(DIST).map((page) => [page, readFileSync(fileFor(page) ?? '', 'utf8')]));

describe('links in the built site', () => {
  test('every internal link and anchor resolves to a built file and an existing id', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const [page, html] of htmlByPage) {
      for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const raw = (match[1] ?? '').replaceAll('&amp;', '&');
        if (/^(https?:|mailto:|data:|javascript:)/.test(raw) || raw === '') continue;
        const url = new URL(raw, `http://site${page}`);
        const [path, hash] = [url.pathname, decodeURIComponent(url.hash.slice(1))];
        if (path === '/search/' && url.search) continue;
        checked += 1;
        const target = fileFor(path);
        if (!target) {
          broken.push(`${page}: ${raw} (no file)`);
          continue;
        }
        if (hash && target.endsWith('.html') && !idsIn(readFileSync(target, 'utf8')).has(hash)) {
          broken.push(`${page}: ${raw} (no id "${hash}")`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  test('no page has two elements with the same id', () => {
    const duplicates: string[] = [];
    for (const [page, html] of htmlByPage) {
      const seen = new Set<string>();
      for (const match of html.matchAll(/\sid="([^"]+)"/g)) {
        const id = match[1] ?? '';
        if (seen.has(id)) duplicates.push(`${page}: #${id}`);
        seen.add(id);
      }
    }
    expect(duplicates).toEqual([]);
  });
});
