// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import { unified } from '@astrojs/markdown-remark';
import { remarkDiagrams } from './src/lib/markdown/remark-diagrams.ts';
import { codeTitleTransformer } from './src/lib/markdown/shiki-code-title.ts';

// Exercise pages run learner code in a WebContainer or a worker, which needs
// crossOriginIsolated === true: these two headers, in dev, preview and (via public/_headers) production.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  site: 'https://bulkhead-lab.example',
  output: 'static',
  trailingSlash: 'always',
  server: { port: 4321, headers: isolationHeaders },
  devToolbar: { enabled: false },
  integrations: [mdx(), react()],
  markdown: {
    // The remark pipeline, for the diagram plugin (Sätteri, Astro 7's default, runs no remark plugins).
    processor: unified({ remarkPlugins: [remarkDiagrams] }),
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
      transformers: [codeTitleTransformer],
    },
  },
  vite: {
    // The graded-exercise runtime is large; keep it out of the dependency pre-bundle.
    optimizeDeps: { exclude: ['@webcontainer/api'] },
  },
});
