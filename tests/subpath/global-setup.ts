import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/static-server';

/**
 * Serves the sub-path build for tests/subpath/*.e2e.ts on a plain static server (no COOP/COEP,
 * no CSP, 404 outside the base) and hands the files its address. With SUBPATH_URL set
 * (`http://host:port/bulkhead-lab/`), the tests use that server instead and none is started.
 */
export default async function setup(project: TestProject) {
  const dir = process.env['SUBPATH_DIR'] ?? 'dist-subpath';
  const base = process.env['SUBPATH_BASE'] ?? '/bulkhead-lab/';
  project.provide('subpathDir', dir);
  project.provide('subpathBase', base);
  if (!existsSync(`${dir}/index.html`) || !existsSync(`${dir}/pagefind/pagefind.js`)) {
    throw new Error(`No sub-path build in ${dir}/. Build one first: BASE_PATH=${base} npx astro build --outDir ${dir} (npm test does this for you; the build writes the search index and service worker too).`);
  }
  const given = process.env['SUBPATH_URL'];
  if (given) {
    project.provide('subpathUrl', given.endsWith('/') ? given : `${given}/`);
    return () => {};
  }
  const { server, url } = await serveStatic(dir, Number(process.env['SUBPATH_PORT'] ?? 4333), { plain: true, base });
  project.provide('subpathUrl', `${url}/`);
  return () => server.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The sub-path site's address, ending in its base and a slash: `http://127.0.0.1:4333/bulkhead-lab/`. */
    subpathUrl: string;
    /** The base it was built for: `/bulkhead-lab/`. */
    subpathBase: string;
    /** The folder the sub-path build is in. */
    subpathDir: string;
  }
}
