import { useCallback, useEffect, useState } from 'react';

/** Where copying stands: nothing yet, copied, or failed (with the link to copy by hand). */
export type CopyStatus = { kind: 'idle' } | { kind: 'copied' } | { kind: 'failed'; url: string };

/** How long "Link copied" stays on screen. */
const CONFIRM_MS = 4000;

/**
 * Copies a link to the clipboard. When the clipboard is unavailable or refused (an insecure page,
 * a denied permission), the status carries the link so the page can show it for copying by hand.
 */
export function useCopyLink(getUrl: () => string): { status: CopyStatus; copy: () => void } {
  const [status, setStatus] = useState<CopyStatus>({ kind: 'idle' });
  useEffect(() => {
    if (status.kind !== 'copied') return undefined;
    const timer = window.setTimeout(() => setStatus({ kind: 'idle' }), CONFIRM_MS);
    return () => window.clearTimeout(timer);
  }, [status]);
  const copy = useCallback(() => {
    const url = getUrl();
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard || typeof clipboard.writeText !== 'function') {
      setStatus({ kind: 'failed', url });
      return;
    }
    clipboard.writeText(url).then(
      () => setStatus({ kind: 'copied' }),
      () => setStatus({ kind: 'failed', url }),
    );
  }, [getUrl]);
  return { status, copy };
}
