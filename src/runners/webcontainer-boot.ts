/**
 * The one module that boots a WebContainer, only in the browser and at most once per page (one
 * module-level promise). `boot()` never settles when StackBlitz's servers cannot be reached, so
 * callers race it against their own timeout (see choose.ts); a boot that finishes late is kept
 * for the next call rather than started twice.
 */
import type { ContainerApi } from './webcontainer-runner';

let booting: Promise<ContainerApi> | undefined;

/** Why WebContainers cannot run in this browser, or undefined if they might. */
export function webContainerUnsupportedReason(scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown } = globalThis): string | undefined {
  if (scope.crossOriginIsolated !== true) return 'this page is not cross-origin isolated (the host does not send COOP/COEP headers)';
  if (typeof scope.SharedArrayBuffer !== 'function') return 'this browser has no SharedArrayBuffer';
  return undefined;
}

/** Boots the page's WebContainer once; later calls share the same promise. */
export function bootWebContainer(): Promise<ContainerApi> {
  const unsupported = webContainerUnsupportedReason();
  if (unsupported !== undefined) return Promise.reject(new Error(unsupported));
  booting ??= import('@webcontainer/api').then(async ({ WebContainer }) => {
    const container = await WebContainer.boot({ coep: 'require-corp', workdirName: 'bulkhead-lab' });
    return container as unknown as ContainerApi;
  });
  booting.catch(() => {
    booting = undefined;
  });
  return booting;
}
