/**
 * The offline course, built after Astro has written the site (hook `astro:build:done`):
 * 1. the Pagefind search index, in <outDir>/pagefind/ (here rather than as a separate command
 *    after the build, so the service worker can store the index's files too);
 * 2. the service worker, <outDir>/sw.js: src/sw/sw.ts bundled with esbuild (installed with
 *    Astro), the rules of public/_headers written in, and the precache list injected by
 *    workbox-build (`injectManifest`), every URL under the site's `base`.
 * It logs what the offline copy holds: files and bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { createIndex, close as closePagefind } from 'pagefind';
import { injectManifest } from 'workbox-build';
import { parseHeaderRules } from '../../sw/headers';
import { precacheEntries } from '../../sw/precache';

const SW_SOURCE = fileURLToPath(new URL('../../sw/sw.ts', import.meta.url));

async function buildSearchIndex(outDir: string): Promise<number> {
  const { index, errors } = await createIndex();
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length > 0) throw new Error(`Pagefind could not index ${outDir}: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
  if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
  await closePagefind();
  return added.page_count;
}

async function buildServiceWorker(outDir: string, base: string): Promise<{ count: number; size: number }> {
  const scratch = mkdtempSync(join(tmpdir(), 'bulkhead-sw-'));
  try {
    const bundled = join(scratch, 'sw.js');
    const rules = parseHeaderRules(readFileSync(join(outDir, '_headers'), 'utf8'));
    await build({
      entryPoints: [SW_SOURCE],
      outfile: bundled,
      bundle: true,
      format: 'iife',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      define: { __SITE_HEADER_RULES__: JSON.stringify(rules), 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
    });
    const result = await injectManifest({
      swSrc: bundled,
      swDest: join(outDir, 'sw.js'),
      globDirectory: outDir,
      globPatterns: ['**/*'],
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      manifestTransforms: [(files) => ({ manifest: precacheEntries(files, base) })],
    });
    if (result.warnings.length > 0) throw new Error(`workbox-build: ${result.warnings.join('; ')}`);
    return { count: result.count, size: result.size };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The search index and the service worker, after each build. */
export function offlineCourse(): AstroIntegration {
  let base = '/';
  return {
    name: 'bulkhead-lab:offline-course',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const pages = await buildSearchIndex(outDir);
        logger.info(`Pagefind indexed ${pages} pages into pagefind/.`);
        const { count, size } = await buildServiceWorker(outDir, base);
        logger.info(`sw.js stores ${count} files, ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes), for offline use under ${base}.`);
      },
    },
  };
}
