// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import { unified } from '@astrojs/markdown-remark';
import { remarkDiagrams } from './src/lib/markdown/remark-diagrams.ts';
import { rehypeTableScroll } from './src/lib/markdown/rehype-table-scroll.ts';
import { codeTitleTransformer } from './src/lib/markdown/shiki-code-title.ts';

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

export default defineConfig({
  site: 'https://bulkhead-lab.example',
  output: 'static',
  trailingSlash: 'always',
  server: { port: 4321, headers: isolationHeaders },
  devToolbar: { enabled: false },
  integrations: [mdx(), react(), runnerWorkerPolicy],
  markdown: {
    // The remark pipeline, for the diagram plugin (Sätteri, Astro 7's default, runs no remark plugins).
    processor: unified({ remarkPlugins: [remarkDiagrams], rehypePlugins: [rehypeTableScroll] }),
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
      transformers: [codeTitleTransformer],
    },
  },
  vite: {
    // The graded-exercise runtime is large; keep it out of the dependency pre-bundle.
    optimizeDeps: { exclude: ['@webcontainer/api'] },
    // Worker bundles get their own folder so static hosts can give them their own headers.
    worker: {
      format: 'es',
      rolldownOptions: { output: { entryFileNames: 'runner/[name]-[hash].js', chunkFileNames: 'runner/[name]-[hash].js' } },
    },
  },
});
