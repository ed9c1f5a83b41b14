/**
 * The page's side of the offline course (see src/sw/sw.ts): registers the service worker,
 * says when the browser is offline, offers a new version without ever forcing it, and reloads an
 * exercise page once when that makes it cross-origin isolated. The notices are in
 * src/components/SiteNotices.astro.
 */
import { Workbox } from 'workbox-window';
import { withBase, withoutBase } from '../base-path';
import { shouldReloadForIsolation, wantsIsolation } from './isolation';

const ISOLATION_RELOAD_KEY = 'bulkhead-lab:isolation-reload';

function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSession(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Without storage the reload guard cannot be kept, so the page does not reload at all.
  }
}

/** Shows the offline notice while the browser is offline; its words depend on the stored copy. */
function watchConnection(notice: HTMLElement, text: HTMLElement): void {
  const update = () => {
    const offline = navigator.onLine === false;
    if (offline) {
      const stored = navigator.serviceWorker?.controller != null;
      text.textContent = stored
        ? 'You are offline. The whole course is saved in this browser and keeps working.'
        : 'You are offline. Pages you have not opened yet will not load until you reconnect.';
    }
    notice.hidden = !offline;
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
}

/** The "new version" notice: Reload hands control to the waiting version, then reloads. */
function updateOffer(notice: HTMLElement, workbox: Workbox): () => void {
  const reload = notice.querySelector<HTMLButtonElement>('[data-update-reload]');
  const later = notice.querySelector<HTMLButtonElement>('[data-update-later]');
  let pressed = false;
  reload?.addEventListener('click', () => {
    pressed = true;
    reload.disabled = true;
    reload.textContent = 'Reloading…';
    // The waiting version takes over; the page reloads once it controls the page ('controlling').
    // When no version is waiting (another tab already switched), a plain reload is enough.
    void navigator.serviceWorker.getRegistration(withBase('/')).then((registration) => {
      if (registration?.waiting) workbox.messageSkipWaiting();
      else window.location.reload();
    });
  });
  later?.addEventListener('click', () => {
    notice.hidden = true;
  });
  workbox.addEventListener('controlling', (event) => {
    if (pressed) window.location.reload();
    // Another tab switched to the new version: this page keeps working, and offers the reload.
    else if (event.isUpdate) notice.hidden = false;
  });
  return () => {
    notice.hidden = false;
  };
}

/** Whether the learner has used this page yet (see isolation.ts): noted from the page's first script on. */
let touched = false;
const TOUCH_EVENTS = ['keydown', 'pointerdown', 'input', 'paste', 'drop'] as const;
function watchFirstTouch(): void {
  const note = () => {
    touched = true;
    for (const type of TOUCH_EVENTS) document.removeEventListener(type, note, true);
  };
  for (const type of TOUCH_EVENTS) document.addEventListener(type, note, { capture: true, passive: true });
}

/** Reloads an exercise page once when the service worker now controls it but it is not isolated. */
function isolateOnce(): void {
  const sitePath = withoutBase(window.location.pathname);
  const state = {
    sitePath,
    isolated: window.crossOriginIsolated === true,
    controlled: navigator.serviceWorker?.controller != null,
    alreadyReloaded: readSession(ISOLATION_RELOAD_KEY) === sitePath,
    touched,
  };
  if (!shouldReloadForIsolation(state)) return;
  writeSession(ISOLATION_RELOAD_KEY, sitePath);
  if (readSession(ISOLATION_RELOAD_KEY) === sitePath) window.location.reload();
}

/** Starts everything; `root` holds the notices. */
export function startOfflineSupport(root: HTMLElement): void {
  const offline = root.querySelector<HTMLElement>('[data-offline-notice]');
  const offlineText = root.querySelector<HTMLElement>('[data-offline-text]');
  if (offline && offlineText) watchConnection(offline, offlineText);
  const update = root.querySelector<HTMLElement>('[data-update-notice]');
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !update) return;
  // Only a page that may reload for isolation needs to know whether it has been used yet.
  if (wantsIsolation(withoutBase(window.location.pathname))) watchFirstTouch();
  const workbox = new Workbox(withBase('/sw.js'), { scope: withBase('/') });
  const offerUpdate = updateOffer(update, workbox);
  workbox.addEventListener('waiting', offerUpdate);
  workbox.addEventListener('controlling', (event) => {
    if (!event.isUpdate) isolateOnce();
  });
  // A browser that refuses service workers (private windows in some browsers, storage blocked)
  // simply keeps the course online-only.
  workbox.register().then(
    () => isolateOnce(),
    () => undefined,
  );
}
