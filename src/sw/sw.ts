/**
 * The service worker. The build (src/lib/pwa/integration.ts) bundles it to dist/sw.js and writes
 * the precache list into it with workbox-build.
 *
 * 1. Offline: on install it stores the whole course (every page, script, style, the search index,
 *    the exercise worker's scripts; see precache.ts) and answers from that copy afterwards, so
 *    lessons never opened work offline too. A page that is not stored (a mistyped address) gets
 *    the course's 404 page when the network is out.
 * 2. Updates never break an open page: a new version installs beside the old one and waits.
 *    It takes over only when the learner presses "Reload" on the page (SKIP_WAITING), or when
 *    every tab of the course has closed.
 * 3. Headers on hosts that send none (GitHub Pages), as coi-serviceworker does: every same-origin
 *    response it serves gets the headers public/_headers asks for and the host did not send:
 *    COOP/COEP (exercise pages become cross-origin isolated) and, for /runner/*, the policy that
 *    closes the network to learner code. A header the host sent is left as it is.
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { headersForPath, missingHeaders, type HeaderRule } from './headers';

interface ServiceWorkerScope {
  registration: { scope: string };
  location: { origin: string };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  __WB_MANIFEST: Array<PrecacheEntry | string>;
}
declare const self: ServiceWorkerScope;
/** The rules of public/_headers, written in by the build. */
declare const __SITE_HEADER_RULES__: HeaderRule[];

/** The base the site lives under (`/` or `/bulkhead-lab/`): the path of this worker's scope. */
const base = new URL(self.registration.scope).pathname;

/** The site path of a URL under the base, as public/_headers names paths (`/runner/x.js`). */
function sitePath(url: URL): string {
  return url.pathname.startsWith(base) ? `/${url.pathname.slice(base.length)}` : url.pathname;
}

/** The response with each header public/_headers gives its path and the host left out. */
function withSiteHeaders(url: URL, response: Response): Response {
  // Opaque and redirect responses cannot be copied; they pass as they are.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const additions = missingHeaders(response.headers, headersForPath(__SITE_HEADER_RULES__, sitePath(url)));
  if (additions.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of additions) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const siteHeaders = {
  handlerWillRespond: async ({ request, response }: { request: Request; response: Response }) => withSiteHeaders(new URL(request.url), response),
};

addPlugins([siteHeaders]);
// Query strings never change a static file (`?assignment=…` on exercise pages, Pagefind's `?ts=`).
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/], directoryIndex: 'index.html', cleanURLs: false });
cleanupOutdatedCaches();

// Everything else of the site's own (nothing is left but files kept out of the offline copy)
// comes from the network, with the same headers added. Other origins' requests are not touched.
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname.startsWith(base), new NetworkOnly({ plugins: [siteHeaders] }));

setCatchHandler(async ({ request }) => {
  if (request.mode !== 'navigate') return Response.error();
  const notFound = await matchPrecache(`${base}404.html`);
  return notFound ? withSiteHeaders(new URL(`${base}404.html`, self.location.origin), new Response(notFound.body, { status: 404, headers: notFound.headers })) : Response.error();
});

// The first install takes the open pages at once (there is no older version to disturb); a later
// version waits for the learner's consent, sent by the page's "Reload" button.
clientsClaim();
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
