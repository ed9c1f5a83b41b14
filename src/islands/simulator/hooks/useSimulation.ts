import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { SERIES_LIMIT, type ChartSeries, type Frame, type FromWorker, type RunSetup, type ToWorker } from '../protocol';
import { appendSeries } from '../view-model';
import { eventTime, runKey, type SimulatorState, type TimedEvent } from '../simulator-state';
import { startInline, startWorker, type SimChannel } from '../worker-client';

/** Simulated seconds one press of "Step" advances. */
export const STEP_SECONDS = 0.1;
/** Longest wall-clock gap one frame may cover, ms (after a stall the run resumes, it does not leap). */
const MAX_FRAME_GAP_MS = 250;
/** The view updates at most this often, ms (about 30 frames a second is smooth enough for slots). */
const FRAME_INTERVAL_MS = 32;
/** Charts are redrawn at most this often while playing, ms (they change slowly; slots do not). */
const CHART_INTERVAL_MS = 250;
/** With reduced motion, the view updates at most this often, ms. */
const REDUCED_MOTION_INTERVAL_MS = 500;

/** Why a playing run is not advancing right now. */
export type Hold = 'offscreen' | 'hidden' | null;

/** The simulation as the island sees it. */
export interface Simulation {
  status: 'starting' | 'ready' | 'failed';
  error: string | null;
  setup: RunSetup | null;
  frame: Frame | null;
  /** Latest time series, one per panel. */
  series: readonly ChartSeries[] | null;
  /** The learner pressed play (and the run has not ended). */
  playing: boolean;
  hold: Hold;
  /** Counts restarts, so views can tell a new run from a new frame. */
  generation: number;
  play: () => void;
  pause: () => void;
  step: () => void;
  /** Starts the run again from 0 s with the current state, paused. */
  restart: () => void;
  /** Injects a fault at the current time (rounded up to 0.1 s); returns it as scheduled, or null when the run is over. */
  inject: (fault: Omit<TimedEvent, 'at'>) => TimedEvent | null;
}

export interface SimulationOptions {
  state: SimulatorState;
  /** The element whose visibility pauses the run. */
  root: React.RefObject<HTMLElement | null>;
  reducedMotion: boolean;
  /** Called with each run description as it arrives. */
  onReady?: (setup: RunSetup) => void;
  /** False until the state is known (the page reads it from the address bar first). */
  enabled?: boolean;
}

/**
 * Drives the simulation worker: starts a run whenever the run-deciding part of the state
 * changes, and while playing asks for the next simulated time once per animation frame (speed ×
 * wall time elapsed), one request in flight at a time. The engine steps in the worker; this hook
 * only paces. Play pauses while the island is scrolled out of view or the tab is hidden.
 *
 * Drawing a run (two panels of sixteen pools, their tables and charts) is the page's biggest
 * job, so new descriptions and frames are drawn as transitions, which React renders in slices
 * that leave the page free to respond; and the next frame is asked for only once the last one is
 * on screen, so a slow device gets fewer, larger steps rather than a backlog.
 */
export function useSimulation({ state, root, reducedMotion, onReady, enabled = true }: SimulationOptions): Simulation {
  const [status, setStatus] = useState<Simulation['status']>('starting');
  const [error, setError] = useState<string | null>(null);
  const [setup, setSetup] = useState<RunSetup | null>(null);
  const [frame, setFrame] = useState<Frame | null>(null);
  const [series, setSeries] = useState<readonly ChartSeries[] | null>(null);
  const [playing, setPlaying] = useState(false);
  const [inView, setInView] = useState(true);
  const [pageVisible, setPageVisible] = useState(true);
  const [generation, setGeneration] = useState(0);
  const [nonce, setNonce] = useState(0);

  const channel = useRef<SimChannel | null>(null);
  /** The latest series, ahead of what the charts show until the next chart update. */
  const latestSeries = useRef<readonly ChartSeries[] | null>(null);
  const seriesShownAt = useRef(0);
  const pendingStart = useRef<ToWorker | null>(null);
  const runId = useRef(0);
  const inFlight = useRef(false);
  /** Whether the run is playing (charts are throttled only then; a step or a pause shows them at once). */
  const advancingRef = useRef(false);
  const simTime = useRef(0);
  /** The time the worker has been asked to reach; a fault injected now is dated no earlier. */
  const requested = useRef(0);
  const duration = useRef(0);
  const done = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const speedRef = useRef(state.speed);
  speedRef.current = state.speed;
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;

  const receive = useCallback((message: FromWorker) => {
    if (message.runId !== runId.current) return;
    if (message.type === 'ready') {
      duration.current = message.setup.duration;
      startTransition(() => {
        setSetup(message.setup);
        setStatus('ready');
        setError(null);
      });
      onReadyRef.current?.(message.setup);
    } else if (message.type === 'frame') {
      simTime.current = message.frame.time;
      done.current = message.frame.done;
      startTransition(() => setFrame(message.frame));
      const fresh = message.frame.series;
      if (fresh) {
        const previous = latestSeries.current;
        latestSeries.current =
          message.frame.seriesAppend && previous && previous.length === fresh.length ? previous.map((base, index) => appendSeries(base, fresh[index] ?? base, SERIES_LIMIT)) : fresh;
      }
      const now = performance.now();
      if (latestSeries.current !== null && (!message.frame.seriesAppend || message.frame.done || !advancingRef.current || now - seriesShownAt.current >= CHART_INTERVAL_MS)) {
        seriesShownAt.current = now;
        const shown = latestSeries.current;
        startTransition(() => setSeries(shown));
      }
      if (message.frame.done) setPlaying(false);
    } else {
      inFlight.current = false;
      setStatus('failed');
      setError(message.message);
      setPlaying(false);
    }
  }, []);

  const send = useCallback((message: ToWorker) => {
    if (message.type === 'start') pendingStart.current = message;
    if (message.type === 'advance') requested.current = message.to;
    channel.current?.send(message);
  }, []);

  // The next frame may be asked for once this one is drawn (a transition may take several slices).
  useEffect(() => {
    inFlight.current = false;
  }, [frame]);

  // One worker per island, for as long as it is mounted.
  useEffect(() => {
    let closed = false;
    const fallBack = () => {
      channel.current?.close();
      channel.current = null;
      startInline(receive)
        .then((inline) => {
          if (closed) return inline.close();
          channel.current = inline;
          if (pendingStart.current) inline.send(pendingStart.current);
        })
        .catch(() => {
          setStatus('failed');
          setError('This browser could not start the simulation.');
        });
    };
    try {
      channel.current = startWorker(receive, fallBack);
      if (pendingStart.current) channel.current.send(pendingStart.current);
    } catch {
      fallBack();
    }
    return () => {
      closed = true;
      channel.current?.close();
      channel.current = null;
    };
  }, [receive]);

  // A fresh run whenever what decides it changes (not for speed, and not for a fault injected live).
  const key = runKey(state);
  useEffect(() => {
    if (!enabled) return;
    runId.current += 1;
    inFlight.current = false;
    simTime.current = 0;
    requested.current = 0;
    done.current = false;
    setFrame(null);
    setSeries(null);
    latestSeries.current = null;
    setStatus('starting');
    setGeneration((g) => g + 1);
    send({ type: 'start', runId: runId.current, state: stateRef.current });
  }, [key, nonce, send, enabled]);

  useEffect(() => {
    const element = root.current;
    if (!element || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) setInView(entry.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [root]);

  useEffect(() => {
    const update = () => setPageVisible(document.visibilityState !== 'hidden');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);

  const advancing = playing && inView && pageVisible && status === 'ready';
  advancingRef.current = advancing;
  useEffect(() => {
    // Charts held back while playing catch up as soon as the run stops.
    if (!advancing && latestSeries.current) setSeries(latestSeries.current);
  }, [advancing]);
  useEffect(() => {
    if (!advancing) return undefined;
    let handle = 0;
    let last = performance.now();
    const tick = (now: number) => {
      handle = requestAnimationFrame(tick);
      if (inFlight.current || done.current) return;
      const elapsed = now - last;
      if (elapsed < (reducedMotion ? REDUCED_MOTION_INTERVAL_MS : FRAME_INTERVAL_MS)) return;
      last = now;
      const to = Math.min(duration.current, simTime.current + (Math.min(elapsed, MAX_FRAME_GAP_MS) / 1000) * speedRef.current);
      if (!(to > simTime.current)) return;
      inFlight.current = true;
      send({ type: 'advance', runId: runId.current, to });
    };
    handle = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(handle);
  }, [advancing, reducedMotion, send]);

  const play = useCallback(() => {
    if (!done.current) setPlaying(true);
  }, []);
  const pause = useCallback(() => setPlaying(false), []);
  const step = useCallback(() => {
    setPlaying(false);
    if (inFlight.current || done.current) return;
    const to = Math.min(duration.current, simTime.current + STEP_SECONDS);
    if (!(to > simTime.current)) return;
    inFlight.current = true;
    send({ type: 'advance', runId: runId.current, to });
  }, [send]);
  const restart = useCallback(() => {
    setPlaying(false);
    setNonce((n) => n + 1);
  }, []);
  const inject = useCallback(
    (fault: Omit<TimedEvent, 'at'>): TimedEvent | null => {
      if (done.current || duration.current === 0) return null;
      // The worker handles messages in order, so it will be at `requested` when this arrives.
      const event = { ...fault, at: Math.min(eventTime(Math.max(simTime.current, requested.current)), duration.current) } as TimedEvent;
      send({ type: 'event', runId: runId.current, event });
      return event;
    },
    [send],
  );

  const hold: Hold = playing && !pageVisible ? 'hidden' : playing && !inView ? 'offscreen' : null;
  return { status, error, setup, frame, series, playing, hold, generation, play, pause, step, restart, inject };
}
