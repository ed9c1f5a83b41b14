import { useEffect, useRef, useState } from 'react';
import { formatClock, formatSpeed } from './format';
import { FIELD_LABELS } from './link-problems';
import type { ServiceSetup } from './protocol';
import { FAIL_FRACTION, MAX_SEED, SLOW_FACTOR, SPEEDS, type EventKind } from './simulator-state';
import { STEP_SECONDS, type Hold } from './hooks/useSimulation';

export interface SimulatorControlsProps {
  uid: string;
  ready: boolean;
  playing: boolean;
  done: boolean;
  hold: Hold;
  time: number;
  duration: number;
  speed: number;
  seed: number;
  services: readonly ServiceSetup[];
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onSpeed: (speed: number) => void;
  onSeed: (seed: number) => void;
  onFault: (service: string, kind: EventKind) => void;
}

const FAULTS: readonly { kind: EventKind; text: string }[] = [
  { kind: 'slow', text: `${SLOW_FACTOR}× slower` },
  { kind: 'hang', text: 'Hang (never answers)' },
  { kind: 'fail', text: `Fail ${Math.round(FAIL_FRACTION * 100)}% of calls` },
  { kind: 'recover', text: 'Recover (end its faults)' },
];

/** Picks a fresh seed from the browser's random source. */
function randomSeed(): number {
  const values = new Uint32Array(1);
  crypto.getRandomValues(values);
  return values[0] ?? 0;
}

/** Play, pause, step, reset, speed, seed, and the "Break search" fault injector. */
export default function SimulatorControls(props: SimulatorControlsProps) {
  const { uid, ready, playing, done, hold, time, duration, speed, seed, services, onPlay, onPause, onStep, onReset, onSpeed, onSeed, onFault } = props;
  const [seedText, setSeedText] = useState(String(seed));
  const [seedError, setSeedError] = useState<string | null>(null);
  const seedInput = useRef<HTMLInputElement | null>(null);
  /** The seed box holds text the person typed and has not used yet: a new seed from elsewhere leaves it alone. */
  const typing = useRef(false);
  useEffect(() => {
    // Text typed before hydration is in the box but not in the state this render started from.
    const typed = seedInput.current?.value;
    if (typed !== undefined && typed !== String(seed)) {
      typing.current = true;
      setSeedText(typed);
    }
    // Only on mount: afterwards React keeps the box and the state in step.
  }, []);
  useEffect(() => {
    if (typing.current) return;
    setSeedText(String(seed));
    setSeedError(null);
  }, [seed]);
  const defaultService = services.find((s) => s.id === 'search')?.id ?? services[0]?.id ?? '';
  const [service, setService] = useState(defaultService);
  const [kind, setKind] = useState<EventKind>('slow');
  const chosen = services.find((s) => s.id === service) ?? services.find((s) => s.id === defaultService);
  useEffect(() => {
    if (!services.some((s) => s.id === service)) setService(defaultService);
  }, [services, service, defaultService]);

  const applySeed = () => {
    const text = seedText.trim();
    const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
    if (!(Number.isInteger(value) && value >= 0 && value <= MAX_SEED)) {
      setSeedError(`A seed is a whole number from 0 to ${MAX_SEED.toLocaleString('en-US')}.`);
      return;
    }
    setSeedError(null);
    typing.current = false;
    setSeedText(String(value));
    onSeed(value);
  };
  const faultLabel = chosen ? `${kind === 'recover' ? 'Recover' : 'Break'} ${chosen.label.toLowerCase()}` : 'Break';

  return (
    <div className="psim-controls">
      <div className="psim-transport" role="group" aria-label="Playback">
        <button
          type="button"
          className="button primary psim-play"
          onClick={playing ? onPause : onPlay}
          disabled={!ready || (done && !playing)}
          aria-describedby={`${uid}-clock`}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="button" onClick={onStep} disabled={!ready || done}>
          Step {STEP_SECONDS} s
        </button>
        <button type="button" className="button" onClick={onReset} disabled={!ready}>
          Reset
        </button>
        <div className="psim-field psim-speed">
          <label htmlFor={`${uid}-speed`}>{FIELD_LABELS.speed}</label>
          <select id={`${uid}-speed`} value={speed} onChange={(event) => onSpeed(Number(event.currentTarget.value))}>
            {SPEEDS.map((option) => (
              <option key={option} value={option}>
                {formatSpeed(option)}
              </option>
            ))}
          </select>
        </div>
        <p className="psim-clock" id={`${uid}-clock`}>
          <span className="psim-clock-text">
            {formatClock(time)} of {formatClock(duration)}
          </span>
          <progress className="psim-progress" max={duration || 1} value={Math.min(time, duration || 1)} aria-label="Simulated time" />
          {hold === 'offscreen' ? <span className="psim-hold">Paused while out of view</span> : null}
          {hold === 'hidden' ? <span className="psim-hold">Paused while the tab is hidden</span> : null}
          {done ? <span className="psim-hold">Run complete: Reset to run it again</span> : null}
        </p>
      </div>
      <div className="psim-inject" role="group" aria-label="Inject a fault">
        <div className="psim-field">
          <label htmlFor={`${uid}-fault-service`}>{FIELD_LABELS.dependency}</label>
          <select id={`${uid}-fault-service`} value={chosen?.id ?? ''} onChange={(event) => setService(event.currentTarget.value)} disabled={!ready}>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="psim-field">
          <label htmlFor={`${uid}-fault-kind`}>{FIELD_LABELS.fault}</label>
          <select id={`${uid}-fault-kind`} value={kind} onChange={(event) => setKind(event.currentTarget.value as EventKind)} disabled={!ready}>
            {FAULTS.map((fault) => (
              <option key={fault.kind} value={fault.kind}>
                {fault.text}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button psim-break" disabled={!ready || done || !chosen} onClick={() => chosen && onFault(chosen.id, kind)}>
          {faultLabel}
        </button>
      </div>
      <form
        className="psim-seed"
        onSubmit={(event) => {
          event.preventDefault();
          applySeed();
        }}
      >
        <div className="psim-field">
          <label htmlFor={`${uid}-seed`}>{FIELD_LABELS.seed}</label>
          <input
            ref={seedInput}
            id={`${uid}-seed`}
            type="text"
            inputMode="numeric"
            value={seedText}
            onChange={(event) => {
              typing.current = true;
              setSeedText(event.currentTarget.value);
            }}
            aria-invalid={seedError !== null}
            aria-describedby={seedError ? `${uid}-seed-error` : undefined}
          />
        </div>
        <button type="submit" className="button">
          Use seed
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            typing.current = false;
            onSeed(randomSeed());
          }}
        >
          New seed
        </button>
        {seedError ? (
          <p className="psim-error" id={`${uid}-seed-error`}>
            {seedError}
          </p>
        ) : null}
      </form>
    </div>
  );
}
