import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

// The nginx and Caddy snippets in the README's Deploying section send what public/_headers sends
// on Netlify and Cloudflare Pages: the same isolation headers, the same page policy (with
// frame-ancestors * for /embed/ only) and the same worker policy on /runner/.
const readme = readFileSync('README.md', 'utf8');
const headers = readFileSync('public/_headers', 'utf8');

/** The value of `name` in the `_headers` rule for `path`. */
function ruleValue(path: string, name: string): string {
  const rule = headers.split(/\n(?=\S)/).find((block) => block.split('\n')[0]?.trim() === path) ?? '';
  const line = rule.split('\n').find((candidate) => candidate.trim().startsWith(`${name}:`));
  if (!line) throw new Error(`public/_headers has no ${name} for ${path}`);
  return line.slice(line.indexOf(':') + 1).trim();
}

const blocks = (language: string) => [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '').join('\n');

describe('the README’s nginx and Caddy snippets', () => {
  const pagePolicy = ruleValue('/*', 'Content-Security-Policy');
  const workerPolicy = ruleValue('/runner/*', 'Content-Security-Policy');
  const embedPolicy = pagePolicy.replace("frame-ancestors 'self'", 'frame-ancestors *');

  test.each(['nginx', 'caddy'])('%s sends the page, embed and worker policies of public/_headers', (language) => {
    const text = blocks(language);
    expect(pagePolicy).toMatch(/^frame-ancestors 'self'; /);
    for (const policy of [pagePolicy, embedPolicy, workerPolicy]) expect(text).toContain(`Content-Security-Policy "${policy}"`);
    for (const name of ['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy', 'X-Content-Type-Options', 'Referrer-Policy']) {
      expect(text).toContain(`${name} "${ruleValue('/*', name)}"`);
    }
  });
});
