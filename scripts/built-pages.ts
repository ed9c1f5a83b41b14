import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every page the build wrote, as a URL path (`/learn/intuition/`), 404 included. */
export function builtPagesList(dist = 'dist'): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '_astro' && entry.name !== 'pagefind') walk(full);
      } else if (entry.name.endsWith('.html')) {
        const path = `/${relative(dist, full).split(sep).join('/')}`;
        pages.push(path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path);
      }
    }
  };
  walk(dist);
  return pages.sort();
}
