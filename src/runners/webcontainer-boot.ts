/**
 * The one module that boots a WebContainer, only in the browser and at most once per page (one
 * module-level promise): the real API refuses a second instance while one is alive ("Only a single
 * WebContainer instance can be booted"). `boot()` never settles when StackBlitz's servers cannot be
 * reached, so callers never wait on it for a first result (see the workbench's runner choice); a
 * boot that finishes late is kept for the next call rather than started twice. A container given
 * up (`discardWebContainer`) is torn down, and the next call boots a fresh one.
 */
import type { ContainerApi } from './webcontainer-runner';

/** Boots a container; the default imports `@webcontainer/api` (tests pass a fake). */
export type BootContainer = () => Promise<ContainerApi>;

let booting: Promise<ContainerApi> | undefined;

/** What `webContainerUnsupportedReason` looks at; `globalThis` in a browser. */
export interface BrowserTraits {
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
  navigator?: { userAgent?: string; platform?: string; maxTouchPoints?: number };
}

/** Why WebContainers cannot run in this browser, or undefined if they might. */
export function webContainerUnsupportedReason(scope: BrowserTraits = globalThis as BrowserTraits): string | undefined {
  if (scope.crossOriginIsolated !== true) return 'this page is not cross-origin isolated (the host does not send COOP/COEP headers)';
  if (typeof scope.SharedArrayBuffer !== 'function') return 'this browser has no SharedArrayBuffer';
  // As StackBlitz's TutorialKit does: WebContainers are not reliable on iOS and iPadOS (an iPad
  // asks for the desktop site and says "MacIntel", but has a touch screen).
  const { userAgent = '', platform = '', maxTouchPoints = 0 } = scope.navigator ?? {};
  if (/iPad|iPhone|iPod/.test(userAgent) || (platform === 'MacIntel' && maxTouchPoints > 1)) return 'WebContainers do not run reliably on iOS and iPadOS';
  return undefined;
}

const bootReal: BootContainer = async () => {
  const { WebContainer } = await import('@webcontainer/api');
  // No cast: a change in the API's types shows up here as a type error.
  const container: ContainerApi = await WebContainer.boot({ coep: 'require-corp', workdirName: 'bulkhead-lab' });
  return container;
};

/** Boots the page's WebContainer once; later calls share the same promise. */
export function bootWebContainer(boot: BootContainer = bootReal, scope?: BrowserTraits): Promise<ContainerApi> {
  const unsupported = webContainerUnsupportedReason(scope);
  if (unsupported !== undefined) return Promise.reject(new Error(unsupported));
  const started = (booting ??= boot().catch((error: unknown) => {
    booting = undefined;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(/only a single/i.test(message) ? 'another WebContainer is already running in this tab' : `it failed to start (${message})`);
  }));
  return started;
}

/** Tears the page's container down (after a process it could not stop); the next boot starts afresh. */
export async function discardWebContainer(): Promise<void> {
  const current = booting;
  booting = undefined;
  const container = await current?.catch(() => undefined);
  try {
    container?.teardown?.();
  } catch {
    // Already torn down.
  }
}
