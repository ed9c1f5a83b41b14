import { useEffect, useMemo, useRef, useState } from 'react';
import type { Frame } from '../protocol';
import { buildSummary, shouldAnnounce, successRates, type Announcement, type SummarySetup } from '../summary';

/** The text summary: as it reads now, and as a screen reader last heard it. */
export interface AnnouncedSummary {
  /** The summary of the frame on screen: it keeps pace with the clock. */
  current: string;
  /**
   * The version for the polite live region, replaced only when {@link shouldAnnounce} says so, so
   * a screen reader hears a new sentence on a meaningful change or every few simulated seconds,
   * not on every frame.
   */
  announced: string;
}

const STARTING = 'The simulation is starting.';

/**
 * The summary shown under the panels, rebuilt for every frame, and the one announced to screen
 * readers, paced. A change of `forceKey` (pause, restart, fault) announces at once.
 */
export function useAnnouncedSummary(setup: SummarySetup | null, frame: Frame | null, forceKey: string): AnnouncedSummary {
  const current = useMemo(() => (setup === null ? STARTING : buildSummary(setup, frame)), [setup, frame]);
  const [announced, setAnnounced] = useState(STARTING);
  const last = useRef<Announcement | null>(null);
  const lastForce = useRef(forceKey);
  useEffect(() => {
    if (setup === null) return;
    const force = lastForce.current !== forceKey || frame === null || frame.done;
    lastForce.current = forceKey;
    const candidate = { simTime: frame?.time ?? 0, wallTime: performance.now(), rates: frame ? successRates(frame) : [], force };
    if (!shouldAnnounce(last.current, candidate)) return;
    last.current = { text: current, ...candidate };
    setAnnounced(current);
  }, [setup, frame, forceKey, current]);
  return { current, announced };
}
