/**
 * When a page reloads itself to become cross-origin isolated. On a host that sends no headers,
 * the service worker adds COOP/COEP (src/sw/sw.ts), but only to pages it serves: the very first
 * page, loaded before the worker was installed, is not isolated. An exercise page then reloads
 * once, so the in-browser Node.js (WebContainer) can start; the worker runner needs no isolation,
 * so no other page reloads. A reload that did not help is never repeated (no loops), and a page
 * the learner has already started using (a key pressed, a pointer pressed, a field changed) is not
 * reloaded under their hands: it keeps the worker runner, which needs no isolation, and the next
 * exercise page they open is isolated from its first load.
 */

/** Pages that use cross-origin isolation: the exercises (site paths, without the base). */
export function wantsIsolation(sitePath: string): boolean {
  return sitePath.startsWith('/exercises/');
}

export interface IsolationState {
  /** The page's site path (without the base). */
  sitePath: string;
  /** `window.crossOriginIsolated`. */
  isolated: boolean;
  /** A service worker controls the page now, so a reload goes through it. */
  controlled: boolean;
  /** This tab already reloaded this page for isolation (kept in sessionStorage). */
  alreadyReloaded: boolean;
  /** The learner has pressed a key or pointer, or changed a field, on this page since it loaded. */
  touched: boolean;
}

/** True when a reload would make this page isolated and has not been tried in this tab. */
export function shouldReloadForIsolation(state: IsolationState): boolean {
  return wantsIsolation(state.sitePath) && !state.isolated && state.controlled && !state.alreadyReloaded && !state.touched;
}
