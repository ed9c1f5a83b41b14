import { useEffect, useRef, useState } from 'react';
import type { Frame } from '../protocol';
import { buildSummary, shouldAnnounce, successRates, type Announcement, type SummarySetup } from '../summary';

/**
 * The text summary, replaced only when {@link shouldAnnounce} says so, so a screen reader hears a
 * new sentence on a meaningful change or every few simulated seconds, not on every frame. A
 * change of `forceKey` (pause, restart, fault) replaces it at once.
 */
export function useAnnouncedSummary(setup: SummarySetup | null, frame: Frame | null, forceKey: string): string {
  const [text, setText] = useState('The simulation is starting.');
  const last = useRef<Announcement | null>(null);
  const lastForce = useRef(forceKey);
  useEffect(() => {
    if (setup === null) return;
    const force = lastForce.current !== forceKey || frame === null || frame.done;
    lastForce.current = forceKey;
    const candidate = { simTime: frame?.time ?? 0, wallTime: performance.now(), rates: frame ? successRates(frame) : [], force };
    if (!shouldAnnounce(last.current, candidate)) return;
    const next = buildSummary(setup, frame);
    last.current = { text: next, ...candidate };
    setText(next);
  }, [setup, frame, forceKey]);
  return text;
}
