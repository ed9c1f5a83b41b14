// @ts-check
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import { unified } from '@astrojs/markdown-remark';
import { remarkDiagrams } from './src/lib/markdown/remark-diagrams.ts';
import { remarkEmbedImports } from './src/lib/markdown/remark-embed-imports.ts';
import { rehypeTableScroll } from './src/lib/markdown/rehype-table-scroll.ts';
import { rehypeBaseLinks } from './src/lib/markdown/rehype-base-links.ts';
import { normaliseBase } from './src/lib/base-path.ts';
import { codeTitleTransformer } from './src/lib/markdown/shiki-code-title.ts';
import { sitemap } from './src/lib/sitemap.ts';
import { headersForPath, parseHeadersFile } from './scripts/static-server.ts';
import { offlineCourse } from './src/lib/pwa/integration.ts';

// Exercise pages run learner code in a WebContainer or a worker, which needs
// crossOriginIsolated === true: these two headers, in dev, preview and (via public/_headers) production.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The exercise worker runs learner code: its script is served with a policy that closes the
// network (fetch, XHR, WebSocket and import() from other origins). public/_headers does this on
// static hosts for /runner/*; this middleware does it for the dev server's worker URLs.
const RUNNER_WORKER_POLICY = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'";

// The pages' Content-Security-Policy. Astro writes it into every page as
// <meta http-equiv="Content-Security-Policy">, so it holds on any host, headers or not, with
// script-src and style-src filled in from the build (hashes of its own inline scripts).
// - connect-src 'self': the assignment page fetches /assignment/start/*.json; nothing off the site.
// - worker-src 'self': the simulator's and the exercise runner's workers (same-origin scripts;
//   each worker's own policy comes from its response headers, see RUNNER_WORKER_POLICY).
// - frame-src https://stackblitz.com: WebContainer.boot() adds a hidden iframe to
//   https://stackblitz.com/headless (@webcontainer/api 1.6.4, internal/iframe-url.js) and accepts
//   messages only from that origin; what that frame loads is under StackBlitz's own policy.
// - No data: images, no 'wasm-unsafe-eval': measured in Chromium, nothing on the site needs them
//   (Pagefind compiles its WebAssembly in its own worker, pagefind-worker.js, not in the page).
const PAGE_DIRECTIVES = /** @type {const} */ ([
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "frame-src https://stackblitz.com",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
]);
// Scripts: the site's own files and the hashes Astro adds for its inline scripts. No 'unsafe-inline',
// no 'unsafe-eval'.
const SCRIPT_SOURCES = ["'self'"];
// 'unsafe-inline' for styles only: each diagram (drawn at build time by `npm run diagrams`) is an
// inline SVG with its own <style> element and style attributes, and Shiki colours code with style
// attributes; CSP cannot allow style attributes by hash. (Astro then leaves out its style hashes,
// which would turn 'unsafe-inline' off.)
const STYLE_SOURCES = ["'self'", "'unsafe-inline'"];

/**
 * The CSP hash of every `<script is:inline>` in an .astro file: Astro hashes only the scripts it bundles.
 * @param {string} file
 */
function inlineScriptHashes(file) {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  return [...source.matchAll(/<script is:inline>([\s\S]*?)<\/script>/g)].map((match) => /** @type {`sha256-${string}`} */ (`sha256-${createHash('sha256').update(match[1] ?? '').digest('base64')}`));
}

/**
 * The header policy public/_headers sends with every page on hosts that read it: frame-ancestors
 * (which a <meta> policy cannot carry) and the page directives that need no build hashes. A page
 * gets both this and its <meta> policy, and a browser enforces both; script-src, style-src and
 * default-src stay in the <meta> only, because a host joins this header with the /runner/* one
 * for the worker script, which needs 'unsafe-eval'.
 */
const HEADER_POLICY = ["frame-ancestors 'self'", ...PAGE_DIRECTIVES.filter((directive) => !directive.startsWith('default-src'))].join('; ');
/** The same for the pages under /embed/ (not /embed/ itself), which any site may frame. */
const EMBED_HEADER_POLICY = HEADER_POLICY.replace("frame-ancestors 'self'", 'frame-ancestors *');
/** The same for /embed/, which frames the site's own embeds as previews. */
const EMBED_INDEX_HEADER_POLICY = HEADER_POLICY.replace('frame-src https://stackblitz.com', "frame-src https://stackblitz.com 'self'");

/**
 * After a build: every page carries the <meta> policy, every inline script on it is allowed by a
 * hash in that policy, and public/_headers sends {@link HEADER_POLICY}. Any miss fails the build.
 * @type {import('astro').AstroIntegration}
 */
const pagePolicyCheck = {
  name: 'bulkhead-lab:page-policy-check',
  hooks: {
    'astro:build:done': ({ dir, logger }) => {
      const root = fileURLToPath(dir);
      /** @type {string[]} */
      const problems = [];
      /** @type {string[]} */
      const pages = [];
      /** @param {string} folder */
      const walk = (folder) => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
          if (entry.isDirectory()) walk(join(folder, entry.name));
          else if (entry.name.endsWith('.html')) pages.push(join(folder, entry.name));
        }
      };
      walk(root);
      for (const page of pages) {
        const html = readFileSync(page, 'utf8');
        const name = page.slice(root.length - 1);
        const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
        if (!meta?.[1]) {
          problems.push(`${name} has no <meta> Content-Security-Policy`);
          continue;
        }
        const scriptSrc = meta[1].split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src ')) ?? '';
        for (const [, attributes = '', code = ''] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
          if (/\bsrc=/.test(attributes) || /type="application\/(?:ld\+)?json"/.test(attributes)) continue;
          const hash = `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
          if (!scriptSrc.includes(hash)) problems.push(`${name} has an inline script the policy does not allow: ${code.slice(0, 60)}…`);
        }
      }
      const headers = readFileSync(join(root, '_headers'), 'utf8');
      if (!headers.includes(`Content-Security-Policy: ${HEADER_POLICY}\n`)) problems.push(`public/_headers does not send "Content-Security-Policy: ${HEADER_POLICY}" for every page`);
      // Each page gets exactly one header policy, as both hosts that read _headers combine its rules.
      const rules = parseHeadersFile(headers);
      for (const page of pages) {
        const path = page.slice(root.length - 1).replace(/index\.html$/, '');
        const expected = path === '/embed/' ? EMBED_INDEX_HEADER_POLICY : path.startsWith('/embed/') ? EMBED_HEADER_POLICY : HEADER_POLICY;
        for (const host of /** @type {const} */ (['cloudflare', 'netlify'])) {
          const sent = headersForPath(rules, path, host).get('content-security-policy');
          if (sent !== expected) problems.push(`public/_headers gives ${path} on ${host} "Content-Security-Policy: ${sent}", not "${expected}"`);
        }
      }
      if (problems.length > 0) throw new Error(`Content-Security-Policy check failed:\n${problems.join('\n')}`);
      logger.info(`${pages.length} pages carry the Content-Security-Policy <meta>; every inline script is hashed.`);
    },
  },
};

/** @type {import('astro').AstroIntegration} */
const runnerWorkerPolicy = {
  name: 'bulkhead-lab:runner-worker-policy',
  hooks: {
    'astro:server:setup': ({ server }) => {
      server.middlewares.use((request, response, next) => {
        if (request.url?.includes('worker-bootstrap')) response.setHeader('Content-Security-Policy', RUNNER_WORKER_POLICY);
        next();
      });
    },
  },
};

// Where the course is served from: `SITE_URL=https://you.github.io BASE_PATH=/bulkhead-lab/ npm run build`
// builds a site that lives under that path (a GitHub Pages project site). Every URL the site
// writes goes through withBase (src/lib/base-path.ts); lesson links get it from rehypeBaseLinks.
const BASE = normaliseBase(process.env.BASE_PATH ?? '/');
const SITE = process.env.SITE_URL || 'https://bulkhead-lab.example';

export default defineConfig({
  site: SITE,
  base: BASE,
  output: 'static',
  trailingSlash: 'always',
  server: { port: 4321, headers: isolationHeaders },
  devToolbar: { enabled: false },
  integrations: [mdx(), react(), runnerWorkerPolicy, pagePolicyCheck, sitemap(), offlineCourse()],
  security: {
    csp: {
      directives: [...PAGE_DIRECTIVES],
      scriptDirective: { resources: SCRIPT_SOURCES, hashes: ['./src/components/ThemeInit.astro', './src/components/ResumeLink.astro', './src/components/Quiz.astro', './src/components/assignment/AssignmentBannerSlot.astro'].flatMap(inlineScriptHashes) },
      styleDirective: { resources: STYLE_SOURCES },
    },
  },
  markdown: {
    // The remark pipeline, for the diagram plugin (Sätteri, Astro 7's default, runs no remark plugins).
    processor: unified({ remarkPlugins: [remarkDiagrams, remarkEmbedImports], rehypePlugins: [rehypeTableScroll, [rehypeBaseLinks, { base: BASE }]] }),
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
      transformers: [codeTitleTransformer],
    },
  },
  vite: {
    // The graded-exercise runtime is large; keep it out of the dependency pre-bundle. (Diagrams are
    // drawn at build time, so no page code imports mermaid and it needs no pre-bundle rules.)
    optimizeDeps: { exclude: ['@webcontainer/api'] },
    // Worker bundles get their own folder so static hosts can give them their own headers.
    worker: {
      format: 'es',
      rolldownOptions: { output: { entryFileNames: 'runner/[name]-[hash].js', chunkFileNames: 'runner/[name]-[hash].js' } },
    },
  },
});
