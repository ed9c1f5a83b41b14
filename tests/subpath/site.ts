import type { BrowserContext, Request } from 'playwright-core';
import { inject } from 'vitest';

/** The sub-path site's address, ending in its base: `http://127.0.0.1:4333/bulkhead-lab/`. */
export const siteUrl = (): string => inject('subpathUrl');
/** The base the site was built for: `/bulkhead-lab/`. */
export const sitePathBase = (): string => inject('subpathBase');
/** The folder the build is in. */
export const siteDir = (): string => inject('subpathDir');
/** A site path (`/learn/`) as its address on the sub-path server. */
export const pageUrl = (path: string): string => new URL(path.replace(/^\//, ''), siteUrl()).href;

export interface RequestLog {
  /** Every same-origin request the pages made, as `METHOD path`. */
  all: string[];
  /** Same-origin requests outside the base, which a sub-path host cannot answer. */
  escaped: string[];
  /** Same-origin requests that failed or answered 400 or more. */
  failed: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/** The page that made a request, or "a worker" (Playwright has no frame for a worker's requests). */
function requester(request: Request): string {
  try {
    return new URL(request.frame().url()).pathname;
  } catch {
    return 'a worker';
  }
}

/**
 * Records what every page and worker in `context` requests from the site's origin. A request
 * abandoned because its page navigated away (net::ERR_ABORTED) is not counted as failed.
 */
export function recordRequests(context: BrowserContext): RequestLog {
  const log: RequestLog = { all: [], escaped: [], failed: [], errors: [] };
  const origin = new URL(siteUrl()).origin;
  const base = sitePathBase();
  const ours = (url: string) => url.startsWith(`${origin}/`);
  context.on('request', (request) => {
    if (!ours(request.url())) return;
    const path = new URL(request.url()).pathname;
    log.all.push(`${request.method()} ${path}`);
    if (!path.startsWith(base)) log.escaped.push(`${path} (from ${requester(request)})`);
  });
  context.on('response', (response) => {
    if (ours(response.url()) && response.status() >= 400) log.failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  context.on('requestfailed', (request) => {
    if (ours(request.url()) && request.failure()?.errorText !== 'net::ERR_ABORTED') log.failed.push(`failed ${new URL(request.url()).pathname} (${request.failure()?.errorText ?? 'no reason'})`);
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') log.errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => log.errors.push(`${page.url()}: uncaught ${error.message}`));
  });
  return log;
}
