import { lazy, memo, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { downloadText } from '../../lib/download';
import { SCENARIO_PARAM, linkFits, packScenario, unpackScenario } from '../../lib/share-link';
import { useAnnouncedSummary } from './hooks/useAnnouncedSummary';
import { usePrefersReducedMotion } from './hooks/usePrefersReducedMotion';
import { useSimulation } from './hooks/useSimulation';
import PolicyPanel from './PolicyPanel';
import ScenarioPickers from './ScenarioPickers';
import type { RunSetup, ServiceSetup } from './protocol';
import SimulatorControls from './SimulatorControls';
import SimulatorSettings from './SimulatorSettings';
import {
  FAIL_FRACTION,
  SLOW_FACTOR,
  DEFAULT_SPEED,
  SPEEDS,
  presetState,
  sortEvents,
  type EventKind,
  type Override,
  type QueueingSource,
  type SimulatorState,
  type TimedEvent,
} from './simulator-state';
import { mergeMarkers } from './labels';
import { describeEvent } from './summary';
import { DASHES, type ChartMarker } from './TimeChart';
import { linkNotice, runNames, type LinkProblem } from './link-problems';
import { readLink, simulatorHref, splitScenarioLink, writeLink } from './url-state';
import { exportFileName, runJson, seriesCsv } from './run-export';
import './simulator.css';

/** A preset as the page lists it. */
export interface PresetInfo {
  name: string;
  title: string;
  description: string;
}

export interface PoolSimulatorProps {
  /** `page`: the /simulator/ page, whose state lives in the address bar; `embed`: inside a lesson. */
  mode: 'page' | 'embed';
  /** The preset to open (on the page, when the link names none). */
  preset: string;
  /** Lesson caption shown under an embedded simulator. */
  caption?: string | undefined;
  /** The presets, for the page's picker and for validating links. */
  presets: readonly PresetInfo[];
  /** Offer the scenario editor (on the /simulator/ page only: embeds stay simple). */
  editor?: boolean;
}

/** The scenario editor, loaded when it is first opened (it brings the schema with it). */
const ScenarioEditor = lazy(() => import('./editor/ScenarioEditor'));

/** How long the address bar waits for settings to settle before it is rewritten, ms. */
const URL_WRITE_DELAY_MS = 250;

function markerLabel(kind: EventKind | 'slow' | 'hang' | 'fail', mark: string, factor: number | null): string {
  if (kind === 'slow') return `${mark} ×${factor ?? ''}`;
  if (kind === 'hang') return `${mark} hang`;
  if (kind === 'fail') return `${mark} fail`;
  return `${mark} ok`;
}

/**
 * The scenario and speed the person picked in the server-rendered controls before the island
 * hydrated, where they differ from what was rendered (`preset`, the default speed); null where not.
 */
function pickedBeforeHydration(root: HTMLElement | null, uid: string, preset: string, presetNames: readonly string[]): { preset: string | null; speed: number | null } {
  const select = (suffix: string) => root?.querySelector<HTMLSelectElement>(`select[id="${uid}-${suffix}"]`) ?? null;
  const pickedPreset = select('preset')?.value ?? null;
  const pickedSpeed = Number(select('speed')?.value ?? DEFAULT_SPEED);
  return {
    preset: pickedPreset !== null && pickedPreset !== preset && presetNames.includes(pickedPreset) ? pickedPreset : null,
    speed: pickedSpeed !== DEFAULT_SPEED && (SPEEDS as readonly number[]).includes(pickedSpeed) ? pickedSpeed : null,
  };
}

const Legend = memo(function Legend({ services }: { services: readonly ServiceSetup[] }) {
  return (
    <ul className="psim-legend" aria-label="Legend">
      {services.map((service) => (
        <li key={service.id}>
          <span className={`psim-key psim-bg-${service.colour}`} aria-hidden="true">
            {service.mark}
          </span>
          <svg className="psim-key-line" viewBox="0 0 28 8" aria-hidden="true" focusable="false">
            <line x1="1" x2="27" y1="4" y2="4" className={`psim-line psim-stroke-${service.colour}`} strokeDasharray={DASHES[service.colour % DASHES.length] || undefined} />
          </svg>
          {service.label}
        </li>
      ))}
      <li>
        <span className="psim-key psim-free" aria-hidden="true" /> free slot
      </li>
      <li>
        <span className="psim-key psim-bg-0 psim-hung" aria-hidden="true">
          {services[0]?.mark ?? 'S'}
        </span>{' '}
        hung call (only its timeout frees the slot)
      </li>
    </ul>
  );
});

/**
 * The pool simulator: the same traffic through each policy of a scenario, side by side, stepped
 * in a worker and paced here. On the /simulator/ page the whole state lives in the address bar;
 * inside a lesson it offers a link to open the same run there.
 */
export default function PoolSimulator({ mode, preset, caption, presets, editor = false }: PoolSimulatorProps) {
  const uid = useId();
  const runAnchor = `psim-run-${uid.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const root = useRef<HTMLElement | null>(null);
  const reducedMotion = usePrefersReducedMotion();
  const presetNames = useMemo(() => presets.map((p) => p.name), [presets]);
  const [state, setState] = useState<SimulatorState>(() => presetState(preset));
  const [loaded, setLoaded] = useState(mode === 'embed');
  const [linkProblems, setLinkProblems] = useState<readonly LinkProblem[]>([]);
  const [setupProblems, setSetupProblems] = useState<readonly LinkProblem[]>([]);
  const [noticeDismissed, setNoticeDismissed] = useState(false);
  const [queueingBase, setQueueingBase] = useState<QueueingSource | null>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const [editorOpen, setEditorOpen] = useState(false);
  const [editorLoad, setEditorLoad] = useState<{ id: number; value: unknown; compact: boolean } | null>(null);
  const editorDirty = useRef(false);
  /** Whether the address bar could not hold the edited scenario (the link would be too long). */
  const [linkTooLong, setLinkTooLong] = useState(false);
  const playWhenReady = useRef(false);
  const loadIntoEditor = useCallback((value: unknown, compact = false) => setEditorLoad((previous) => ({ id: (previous?.id ?? 0) + 1, value, compact })), []);

  useEffect(() => {
    // A scenario or speed picked before hydration is in the DOM but not in the state this render
    // started from: it is what the person chose last, so it wins over the link.
    const picked = pickedBeforeHydration(root.current, uid, preset, presetNames);
    if (mode !== 'page') {
      if (picked.speed !== null) setState((previous) => ({ ...previous, speed: picked.speed ?? previous.speed }));
      return;
    }
    const link = splitScenarioLink(new URLSearchParams(window.location.search), SCENARIO_PARAM);
    const parsed = readLink(link.rest, presetNames, preset);
    const finish = (next: SimulatorState, problems: readonly LinkProblem[]) => {
      if (picked.preset !== null) next = presetState(picked.preset, next.seed, next.speed);
      if (picked.speed !== null) next = { ...next, speed: picked.speed };
      setState(next);
      setLinkProblems([...link.problems, ...parsed.problems, ...problems]);
      if (next.source.kind === 'queueing') setQueueingBase(next.source);
      setLoaded(true);
    };
    if (link.packed === null) {
      finish(parsed.state, []);
      return undefined;
    }
    // A shared scenario: unpack it, then open it in the editor and the simulator. One that cannot
    // be read leaves the default scenario and says why; the rest of the link still applies.
    let cancelled = false;
    void unpackScenario(link.packed).then((unpacked) => {
      if (cancelled) return;
      if (!unpacked.ok) {
        finish(parsed.state, [{ subject: { kind: 'link' }, rule: `the scenario in it is ${unpacked.problem}, so the default scenario opened` }]);
        return;
      }
      finish({ ...parsed.state, source: { kind: 'custom', scenario: unpacked.value } }, []);
      // Held until the editor has checked it: an invalid one must not be replaced by the fallback.
      editorDirty.current = true;
      loadIntoEditor(unpacked.value);
      setEditorOpen(true);
    });
    return () => {
      cancelled = true;
    };
  }, [mode, preset, presetNames, uid, loadIntoEditor]);

  useEffect(() => {
    if (mode !== 'page' || !loaded) return undefined;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      const write = (packed: string | null) => {
        if (cancelled) return;
        const url = new URL(window.location.href);
        const params = writeLink(state);
        let search = params;
        if (packed !== null) {
          search = new URLSearchParams([[SCENARIO_PARAM, packed], ...params.entries()]);
          url.search = search.toString();
          // Too long to share: the address keeps the rest, and the page says to download the JSON.
          const fits = linkFits(url.toString());
          setLinkTooLong(!fits);
          if (!fits) search = params;
        } else {
          setLinkTooLong(false);
        }
        url.search = search.toString();
        window.history.replaceState(window.history.state, '', url);
      };
      if (state.source.kind === 'custom') packScenario(state.source.scenario).then(write, () => write(null));
      else write(null);
    }, URL_WRITE_DELAY_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [mode, loaded, state]);

  const playRef = useRef<() => void>(() => undefined);
  const onReady = useCallback((setup: RunSetup) => {
    if (playWhenReady.current) {
      playWhenReady.current = false;
      if (setup.state.source.kind === 'custom') playRef.current();
    }
    if (setup.problems.length === 0) return;
    setSetupProblems((previous) => [...previous, ...setup.problems]);
    setState((previous) => ({ ...setup.state, speed: previous.speed }));
  }, []);

  const sim = useSimulation({ state, root, reducedMotion, onReady, enabled: loaded });
  playRef.current = sim.play;
  const { setup, frame, series } = sim;

  // While the editor holds no edits of its own, it follows the scenario that runs (a preset picked,
  // a slider moved); an edited scenario it already holds.
  const running = setup?.state.source.kind === 'custom' ? null : (setup?.scenario ?? null);
  useEffect(() => {
    if (editorOpen && !editorDirty.current && running !== null) loadIntoEditor(running, true);
  }, [editorOpen, running, loadIntoEditor]);
  const onEditorDirty = useCallback((dirty: boolean) => {
    editorDirty.current = dirty;
  }, []);
  const runEdited = useCallback(
    (scenario: unknown) => {
      playWhenReady.current = true;
      setNoticeDismissed(false);
      setSetupProblems([]);
      setState((previous) => ({ ...previous, source: { kind: 'custom', scenario }, policies: null, overrides: [], events: [] }));
      sim.restart();
    },
    [sim.restart],
  );
  const download = (kind: 'csv' | 'json') => {
    if (!setup) return;
    const record = { setup, snapshots: frame?.snapshots ?? null, series: series ?? null, time: frame?.time ?? 0, done: frame?.done ?? false };
    if (kind === 'csv') downloadText(exportFileName(setup.title, 'csv'), seriesCsv(record), 'text/csv');
    else downloadText(exportFileName(setup.title, 'json'), runJson(record), 'application/json');
  };
  const services = setup?.services ?? [];
  const labelOf = useCallback((id: string) => services.find((s) => s.id === id)?.label ?? id, [services]);

  const forceKey = `${sim.generation}:${sim.playing}:${state.events.length}`;
  const summary = useAnnouncedSummary(setup, frame, forceKey);

  const markers = useMemo<ChartMarker[]>(() => {
    const markOf = (id: string) => services.find((s) => s.id === id)?.mark ?? '?';
    const scripted = services.flatMap((service) =>
      service.faults.flatMap((fault) => [
        { at: fault.at, label: markerLabel(fault.kind, service.mark, fault.factor) },
        ...(fault.until !== null ? [{ at: fault.until, label: markerLabel('recover', service.mark, null) }] : []),
      ]),
    );
    const injected = state.events.map((event) => ({ at: event.at, label: markerLabel(event.kind, markOf(event.service), event.factor ?? null) }));
    return mergeMarkers([...scripted, ...injected]);
  }, [services, state.events]);

  const problems = [...linkProblems, ...setupProblems];
  // Problems name services and pools by their labels, which come with the run description.
  const notice = noticeDismissed || (setup === null && sim.status !== 'failed') ? null : linkNotice(problems, runNames(setup));

  const update = (change: Partial<SimulatorState>) => setState((previous) => ({ ...previous, ...change }));
  const onOverrides = useCallback((overrides: readonly Override[]) => setState((previous) => ({ ...previous, overrides })), []);
  const onQueueing = useCallback((source: QueueingSource) => setState((previous) => ({ ...previous, source })), []);
  const onFault = (service: string, kind: EventKind) => {
    const fault: Omit<TimedEvent, 'at'> =
      kind === 'slow' ? { service, kind, factor: SLOW_FACTOR } : kind === 'fail' ? { service, kind, fraction: FAIL_FRACTION } : { service, kind };
    const scheduled = sim.inject(fault);
    if (scheduled) setState((previous) => ({ ...previous, events: sortEvents([...previous.events, scheduled]) }));
  };
  const removeEvent = (index: number) => {
    setState((previous) => ({ ...previous, events: previous.events.filter((_, i) => i !== index) }));
    sim.restart();
  };
  const copyLink = async () => {
    if (linkTooLong) {
      setCopyStatus('Your scenario is too large for a link that works everywhere, so the address bar leaves it out: open the editor and download the scenario as JSON to share it.');
      return;
    }
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopyStatus('Link copied.');
    } catch {
      setCopyStatus('This browser did not let the page copy; copy the address bar instead.');
    }
  };

  const time = frame?.time ?? 0;
  const duration = setup?.duration ?? 0;
  const headingLevel = mode === 'page' ? 2 : 3;
  const title = setup?.title ?? presets.find((p) => p.name === preset)?.title ?? 'Pool simulator';
  const description = setup ? setup.description : (presets.find((p) => p.name === preset)?.description ?? null);
  const Wrapper = mode === 'embed' ? 'figure' : 'section';
  const scripted = services.flatMap((service) =>
    service.faults.map(
      (fault) =>
        describeEvent({ at: fault.at, service: service.id, kind: fault.kind, ...(fault.factor !== null ? { factor: fault.factor } : {}), ...(fault.fraction !== null ? { fraction: fault.fraction } : {}) }, labelOf) +
        (fault.until !== null ? ` until ${fault.until} s` : ''),
    ),
  );

  return (
    <Wrapper
      ref={(element: HTMLElement | null) => {
        root.current = element;
      }}
      className={`psim psim-${mode}${reducedMotion ? ' psim-still' : ''}`}
      aria-label={mode === 'page' ? 'Pool simulator' : undefined}
      data-pool-simulator={state.source.kind === 'preset' ? state.source.preset : state.source.kind === 'custom' ? 'custom' : 'calculator'}
      data-status={sim.status}
    >
      <div className="psim-head">
        <p className="psim-title">
          <span className="psim-kicker">Simulation</span> {title}
        </p>
        {description ? <p className="psim-description">{description}</p> : null}
      </div>
      <div role="status" className="psim-notice-region">
        {notice ? (
          <div className="psim-notice" data-link-notice>
            <p>{notice}</p>
            <button type="button" className="button" onClick={() => setNoticeDismissed(true)}>
              Dismiss
            </button>
          </div>
        ) : null}
      </div>
      {setup && setup.notes.length > 0 ? (
        <div className="psim-notes">
          {setup.notes.map((note) => (
            <p key={note}>{note}</p>
          ))}
        </div>
      ) : null}
      {mode === 'page' ? (
        <ScenarioPickers
          uid={uid}
          presets={presets}
          source={state.source}
          setup={setup}
          onPreset={(name) => {
            if (presetNames.includes(name)) setState((previous) => presetState(name, previous.seed, previous.speed));
          }}
          onPolicies={(policies) => update({ policies })}
        />
      ) : null}
      {mode === 'page' && editor ? (
        <details className="psim-ed-disclosure" open={editorOpen} onToggle={(event) => setEditorOpen(event.currentTarget.open)}>
          <summary>Edit this scenario: services, pools and faults, as a form and as JSON</summary>
          {editorOpen || editorLoad !== null ? (
            <Suspense fallback={<p className="psim-loading">Loading the editor…</p>}>
              <ScenarioEditor
                load={editorLoad}
                seed={state.seed}
                runHref={`#${runAnchor}`}
                onRun={runEdited}
                onDirty={onEditorDirty}
                onLoadRunning={() => {
                  if (setup) loadIntoEditor(setup.scenario, true);
                }}
              />
            </Suspense>
          ) : null}
        </details>
      ) : null}
      <div id={runAnchor} className="psim-run-anchor" tabIndex={-1}>
        <SimulatorControls
          uid={uid}
          ready={sim.status === 'ready'}
          playing={sim.playing}
          done={frame?.done ?? false}
          hold={sim.hold}
          time={time}
          duration={duration}
          speed={state.speed}
          seed={state.seed}
          services={services}
          onPlay={sim.play}
          onPause={sim.pause}
          onStep={sim.step}
          onReset={sim.restart}
          onSpeed={(speed) => update({ speed })}
          onSeed={(seed) => update({ seed })}
          onFault={onFault}
        />
      </div>
      {scripted.length > 0 || state.events.length > 0 ? (
        <div className="psim-faults">
          <p className="psim-faults-title">Faults in this run</p>
          <ul>
            {scripted.map((text) => (
              <li key={text}>{text} (part of the scenario)</li>
            ))}
            {state.events.map((event, index) => (
              <li key={`${event.at}-${event.service}-${event.kind}-${index}`}>
                {describeEvent(event, labelOf)}{' '}
                <button type="button" className="button psim-small" onClick={() => removeEvent(index)}>
                  Remove<span className="visually-hidden"> {describeEvent(event, labelOf)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {sim.status === 'failed' ? <p className="psim-error">The simulation stopped: {sim.error}</p> : null}
      {setup ? <Legend services={services} /> : null}
      <div className="psim-panels" data-panels={setup?.panels.length ?? 0}>
        {setup ? (
          setup.panels.map((panel, index) => (
            <PolicyPanel
              key={panel.policy}
              panel={panel}
              services={services}
              dependencies={setup.dependencies}
              snapshot={frame?.snapshots[index] ?? null}
              series={series?.[index] ?? null}
              duration={duration}
              interval={setup.sampleInterval}
              events={state.events}
              markers={markers}
              headingLevel={headingLevel}
            />
          ))
        ) : (
          <p className="psim-loading">{sim.status === 'failed' ? 'The simulation could not start.' : 'Starting the simulation…'}</p>
        )}
      </div>
      <div className="psim-summary" data-summary>
        <p>{summary.current}</p>
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-summary-announced>
        <p>{summary.announced}</p>
      </div>
      {setup ? (
        <SimulatorSettings
          uid={uid}
          setup={setup}
          overrides={state.overrides}
          onOverrides={onOverrides}
          queueing={state.source.kind === 'queueing' ? state.source : null}
          queueingBase={state.source.kind === 'queueing' ? (queueingBase ?? state.source) : null}
          onQueueing={onQueueing}
        />
      ) : null}
      <div className="psim-actions">
        {mode === 'embed' ? (
          <a className="button" href={simulatorHref(state)}>
            Open in the simulator
          </a>
        ) : (
          <>
            <button type="button" className="button" onClick={copyLink}>
              Copy link to this run
            </button>
            <button type="button" className="button" disabled={!setup || !series} onClick={() => download('csv')}>
              Download the run (CSV)
            </button>
            <button type="button" className="button" disabled={!setup || !frame} onClick={() => download('json')}>
              Download the run (JSON)
            </button>
            <p role="status" className="psim-copy-status">
              {copyStatus}
            </p>
          </>
        )}
      </div>
      {mode === 'embed' && caption ? <figcaption className="psim-caption">{caption}</figcaption> : null}
    </Wrapper>
  );
}
