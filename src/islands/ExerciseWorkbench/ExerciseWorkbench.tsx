import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RunnerCandidate } from '../../runners/choose';
import type { ExerciseBundle, RunResult, TestResult } from '../../runners/types';
import { CodeEditor } from './CodeEditor';
import { getProgressStore, runRecordFrom, type WriteOutcome } from '../../progress';
import { webContainerCandidate, workerCandidate } from './runner-candidates';
import { RunnerSwitch, type SwitchState } from './runner-switch';
import { browserStorage, readSoftWrap, saveSoftWrap, SOFT_WRAP_DEFAULT } from './soft-wrap';
import { currentPageAssignment, type AssignmentWayBack } from '../../lib/assignment-context';
import { withBase } from '../../lib/base-path';
import './workbench.css';

export interface WorkbenchProps {
  id: string;
  title: string;
  files: string[];
  hints: string[];
  timeLimitMs: number;
  start: Record<string, string>;
  solution: Record<string, string>;
  visibleTests: string;
  harness: Record<string, string>;
  /** Where to go after a pass: the next exercise of the course, and the lesson that teaches this one. */
  next?: { href: string; title: string } | undefined;
  lesson?: { href: string; title: string } | undefined;
  /** The assignment the page was opened from; by default read from the page's address (`?assignment=`). */
  assignment?: AssignmentWayBack | undefined;
  /** The runners: the fallback takes the first run, the preferred one takes over once ready (tests pass their own). */
  candidates?: { fallback: RunnerCandidate; preferred?: RunnerCandidate };
}

type RunnerState = { phase: 'idle' } | SwitchState;

/** `?runner=webcontainer` forces the WebContainer alone (the README's manual check); `?runner=worker` the worker alone. */
function runnerChoice(candidates: WorkbenchProps['candidates']): { fallback: RunnerCandidate; preferred?: RunnerCandidate; forced?: boolean } {
  if (candidates !== undefined) return candidates;
  const asked = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('runner');
  if (asked === 'webcontainer') return { fallback: workerCandidate, preferred: webContainerCandidate, forced: true };
  if (asked === 'worker') return { fallback: workerCandidate };
  return { fallback: workerCandidate, preferred: webContainerCandidate };
}

interface LiveRun {
  plan: Array<{ name: string }>;
  results: Map<string, TestResult>;
  running?: string;
}

/** The workbench's wording for a draft that could not be saved; the code always stays in the editor. */
function draftWarning(outcome: WriteOutcome): string | undefined {
  if (outcome.ok) return undefined;
  if (outcome.reason === 'full') return 'Your draft could not be saved: browser storage is full. Your code is still here and kept in this tab; export your progress from the progress page or free some space.';
  if (outcome.reason === 'blocked') return 'Your draft could not be saved: this browser blocks storage. Your code is still here until you leave the page.';
  return outcome.message;
}

const STATUS_LABEL: Record<TestResult['status'], string> = { passed: 'Passed', failed: 'Failed', 'timed-out': 'Timed out' };

/** The exercise page's working area: editor, Run, per-test results, hints, solution and reset. */
export default function ExerciseWorkbench(props: WorkbenchProps) {
  const { id, files: fileNames, hints, start, solution } = props;
  const [files, setFiles] = useState<Record<string, string>>(start);
  const [active, setActive] = useState(fileNames[0] ?? '');
  const [restored, setRestored] = useState(false);
  const [saveWarning, setSaveWarning] = useState<string>();
  const [runnerState, setRunnerState] = useState<RunnerState>({ phase: 'idle' });
  const [running, setRunning] = useState(false);
  const [live, setLive] = useState<LiveRun>();
  const [result, setResult] = useState<RunResult>();
  const [passedAt, setPassedAt] = useState<string | null>(null);
  const [setAside, setSetAside] = useState(false);
  const [hintsShown, setHintsShown] = useState(0);
  const [attempts, setAttempts] = useState(0);
  const [confirm, setConfirm] = useState<'reset' | 'solution'>();
  const [solutionShown, setSolutionShown] = useState(false);
  const [wrap, setWrap] = useState(SOFT_WRAP_DEFAULT);
  const [carried, setCarried] = useState<AssignmentWayBack>();
  const runnerSwitch = useRef<RunnerSwitch | undefined>(undefined);
  const filesRef = useRef(files);
  const bundle = useMemo<ExerciseBundle>(
    () => ({ id, timeLimitMs: props.timeLimitMs, files: fileNames, start, tests: { visible: props.visibleTests }, harness: props.harness }),
    [id, props.timeLimitMs, fileNames, start, props.visibleTests, props.harness],
  );

  // Restore the draft, the pass state, hints and attempts once, in the browser, and note the visit.
  useEffect(() => {
    const store = getProgressStore();
    const record = store.snapshot().exercises[id];
    const kept = Object.fromEntries(fileNames.flatMap((name) => (typeof record?.draft?.files[name] === 'string' ? [[name, record.draft.files[name]]] : [])));
    if (Object.keys(kept).length > 0) {
      filesRef.current = { ...filesRef.current, ...kept };
      setFiles(filesRef.current);
    }
    setPassedAt(record?.passedAt ?? null);
    setHintsShown(Math.min(record?.hintsShown ?? 0, hints.length));
    setAttempts(record?.attempts ?? 0);
    setSetAside(store.notices().some((notice) => notice.kind === 'set-aside' || notice.kind === 'backup-failed'));
    const visit = store.recordVisit({ kind: 'exercise', id, href: `/exercises/${id}/`, title: props.title });
    if (!visit.ok && visit.reason === 'blocked') setSaveWarning('This browser blocks storage, so your code will not be kept if you leave the page.');
    // Another tab may pass this exercise; show it here too (the editor's text is left alone).
    const unsubscribe = store.subscribe((doc) => setPassedAt(doc.exercises[id]?.passedAt ?? null));
    setRestored(true);
    return unsubscribe;
  }, [id, fileNames, hints.length, props.title]);

  // The wrap setting is the learner's across exercises and tabs.
  useEffect(() => {
    setWrap(readSoftWrap(browserStorage()));
    const onStorage = () => setWrap(readSoftWrap(browserStorage()));
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const changeWrap = (on: boolean) => {
    setWrap(on);
    saveSoftWrap(browserStorage(), on);
  };

  // Opened from an assignment: the after-pass links lead on through it and back to it.
  useEffect(() => {
    const found = currentPageAssignment(id);
    setCarried(found.state === 'valid' ? found.wayBack : undefined);
  }, [id]);
  const assignment = props.assignment ?? carried;

  // Typing saves the draft 300 ms after the last key, not on every key (each save re-reads and
  // merges the whole progress document); leaving the page, hiding it or running the tests saves
  // at once, so nothing typed is lost.
  const pendingSave = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Forgets a save that has not happened yet; says whether there was one. */
  const cancelDraftSave = (): boolean => {
    if (pendingSave.current === undefined) return false;
    clearTimeout(pendingSave.current);
    pendingSave.current = undefined;
    return true;
  };
  /** Saves now, if a save is waiting. */
  const flushDraft = useCallback(() => {
    if (cancelDraftSave()) setSaveWarning(draftWarning(getProgressStore().saveDraft(id, filesRef.current)));
  }, [id]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flushDraft();
    };
    window.addEventListener('pagehide', flushDraft);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', flushDraft);
      document.removeEventListener('visibilitychange', onHide);
      flushDraft();
    };
  }, [flushDraft]);

  const updateFile = useCallback(
    (name: string, source: string) => {
      filesRef.current = { ...filesRef.current, [name]: source };
      setFiles(filesRef.current);
      cancelDraftSave();
      pendingSave.current = setTimeout(flushDraft, 300);
    },
    [flushDraft],
  );

  const showHint = () => {
    const next = Math.min(hintsShown + 1, hints.length);
    setHintsShown(next);
    if (restored) getProgressStore().setHintsShown(id, next);
  };

  const getSwitch = useCallback((): RunnerSwitch => {
    runnerSwitch.current ??= new RunnerSwitch(bundle, runnerChoice(props.candidates), setRunnerState);
    return runnerSwitch.current;
  }, [bundle, props.candidates]);

  // Start the worker as soon as the page is up (and the WebContainer once it is idle), so the
  // first press of Run finds a runner ready.
  useEffect(() => {
    getSwitch().warmUp();
  }, [getSwitch]);

  const runTests = useCallback(async () => {
    if (running) return;
    flushDraft();
    setRunning(true);
    setResult(undefined);
    setLive({ plan: [], results: new Map() });
    setAttempts((count) => count + 1);
    getProgressStore().recordAttempt(id);
    try {
      const runner = await getSwitch().current();
      const unsubscribe = runner.onProgress((event) => {
        setLive((current) => {
          const base = current ?? { plan: [], results: new Map<string, TestResult>() };
          if (event.type === 'plan') return { ...base, plan: event.tests };
          if (event.type === 'test-start') return { ...base, running: event.name };
          if (event.type === 'test-result') return { ...base, results: new Map(base.results).set(event.result.name, event.result) };
          return base;
        });
      });
      try {
        const outcome = await runner.run(files);
        setResult(outcome);
        const store = getProgressStore();
        store.recordRun(id, runRecordFrom(outcome, new Date()));
        setPassedAt(store.snapshot().exercises[id]?.passedAt ?? null);
      } finally {
        unsubscribe();
        await getSwitch().afterRun(runner);
      }
    } catch {
      // A runner that cannot start is shown from runnerState.
    } finally {
      setRunning(false);
      setLive(undefined);
    }
  }, [running, getSwitch, files, id, flushDraft]);

  const reset = () => {
    cancelDraftSave();
    filesRef.current = start;
    setFiles(start);
    setSaveWarning(draftWarning(getProgressStore().clearDraft(id)));
    setConfirm(undefined);
    setResult(undefined);
  };

  // Why "Show solution" cannot be pressed yet, said beside it (a tooltip reaches neither keyboards nor touch screens).
  const solutionWhy = attempts === 0 ? 'Run the tests once to unlock the solution.' : solutionShown ? 'The solution is shown below the hints.' : undefined;

  const tests: TestResult[] = result?.tests ?? (live ? live.plan.map((entry) => live.results.get(entry.name) ?? { name: entry.name, suite: 'visible', status: 'failed', durationMs: -1 }) : []);
  const summary = result
    ? result.error
      ? `Run stopped: ${result.error.message}`
      : `${result.summary.passed} of ${result.summary.total} tests passed${result.ok ? '. All tests pass!' : '.'}`
    : running
      ? live && live.plan.length > 0
        ? `Running: ${live.results.size} of ${live.plan.length} tests done…`
        : runnerState.phase === 'starting'
          ? runnerState.message
          : 'Running tests…'
      : '';

  return (
    <div className="workbench" data-workbench={id}>
      <div className="workbench-toolbar" role="toolbar" aria-label="Exercise actions">
        {/* aria-disabled, not disabled, while running: a disabled button drops keyboard focus to the page. */}
        <button type="button" className="button primary" onClick={() => void runTests()} aria-disabled={running || undefined} aria-keyshortcuts="Control+Enter Meta+Enter">
          {running ? 'Running…' : 'Run tests'}
        </button>
        <span className="shortcut muted">Ctrl/⌘ + Enter</span>
        <button type="button" className="button" onClick={() => setConfirm('reset')}>
          Reset to start
        </button>
        <button type="button" className="button" onClick={() => setConfirm('solution')} disabled={solutionWhy !== undefined} aria-describedby={solutionWhy ? `${id}-solution-why` : undefined}>
          Show solution
        </button>
        {solutionWhy && (
          <span id={`${id}-solution-why`} className="solution-why muted" data-solution-why>
            {solutionWhy}
          </span>
        )}
        {passedAt && (
          <span className="pass-badge" data-pass-state>
            ✓ Passed on {new Date(passedAt).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' })}
          </span>
        )}
      </div>

      {confirm && (
        <div className="confirm card" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">
            {confirm === 'reset' ? 'Replace your code with the starting code? Your current draft will be lost.' : 'Show the reference solution below your code? Try the hints first if you have not.'}
          </p>
          <button type="button" className="button primary" autoFocus onClick={() => (confirm === 'reset' ? reset() : (setSolutionShown(true), setConfirm(undefined)))}>
            {confirm === 'reset' ? 'Yes, reset' : 'Yes, show it'}
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirm(undefined)}>
            Cancel
          </button>
        </div>
      )}

      <p className="runner-line" data-runner-line role="status">
        {runnerState.phase === 'ready'
          ? runnerState.explanation
          : runnerState.phase === 'starting'
            ? runnerState.message
            : runnerState.phase === 'failed'
              ? `Tests cannot run here: ${runnerState.message}`
              : 'Tests run in your browser; nothing is sent to a server.'}
      </p>
      {setAside && (
        <p className="save-warning" data-progress-notice>
          Some saved progress in this browser could not be read and was set aside. <a href={withBase('/progress/')}>See the progress page</a>.
        </p>
      )}
      {saveWarning && (
        <p className="save-warning" role="alert">
          {saveWarning}
        </p>
      )}

      {fileNames.length > 1 && (
        <div className="file-tabs" role="tablist" aria-label="Files">
          {fileNames.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={name === active} onClick={() => setActive(name)}>
              {name}
            </button>
          ))}
        </div>
      )}
      <div className="editor-bar">
        <p id={`${id}-editor-help`} className="editor-help muted">
          Editing <code>{active}</code>. Tab indents; press Escape, then Tab, to leave the editor. Your draft is saved as you type.
        </p>
        <label className="wrap-toggle">
          <input type="checkbox" checked={wrap} onChange={(event) => changeWrap(event.currentTarget.checked)} data-wrap-toggle />
          Wrap long lines
        </label>
      </div>
      <CodeEditor key={active} label={`Code editor: ${active}`} value={files[active] ?? ''} onChange={(source) => updateFile(active, source)} onRun={() => void runTests()} describedBy={`${id}-editor-help`} wrap={wrap} />

      <section className="results" aria-labelledby={`${id}-results`}>
        <h2 id={`${id}-results`}>Test results</h2>
        <p className="results-summary" aria-live="polite" data-results-summary>
          {summary || 'Run the tests to see which pass.'}
        </p>
        {result?.ok === true && (props.next !== undefined || props.lesson !== undefined || assignment !== undefined) && (
          <nav className="after-pass" aria-label="Where next" data-after-pass>
            <span>Where next?</span>
            {assignment ? (
              <>
                {assignment.next && (
                  <a className="button primary" href={assignment.next.href}>
                    Next in your assignment: {assignment.next.title}
                  </a>
                )}
                <a className={assignment.next ? 'button' : 'button primary'} href={assignment.href}>
                  Back to your assignment: {assignment.title}
                </a>
              </>
            ) : (
              props.next && (
                <a className="button primary" href={props.next.href}>
                  Next exercise: {props.next.title}
                </a>
              )
            )}
            {props.lesson && (
              <a className="button" href={props.lesson.href}>
                Back to the lesson: {props.lesson.title}
              </a>
            )}
          </nav>
        )}
        <p className="results-note" data-results-note>
          These are the visible tests. Instructors regrade with more tests that stay hidden, so follow every rule in the
          instructions, not only the ones tested here.
        </p>
        {result?.error?.kind === 'compile' && result.error.line !== undefined && (
          <p className="compile-where">
            {result.error.file} line {result.error.line}
            {result.error.column !== undefined ? `, column ${result.error.column}` : ''}
          </p>
        )}
        {tests.length > 0 && (
          <ol className="test-list" data-test-list>
            {tests.map((test) => {
              const pending = test.durationMs < 0;
              const state = pending ? (live?.running === test.name ? 'running' : 'pending') : test.status;
              return (
                <li key={test.name} className={`test test-${state}`} data-status={state}>
                  <span className="test-icon" aria-hidden="true">
                    {state === 'passed' ? '✓' : state === 'failed' ? '✗' : state === 'timed-out' ? '⏱' : '…'}
                  </span>
                  <span className="visually-hidden">{pending ? (state === 'running' ? 'Running' : 'Waiting') : STATUS_LABEL[test.status]}: </span>
                  <span className="test-name">{test.name}</span>
                  {!pending && test.status !== 'passed' && (
                    <div className="test-detail">
                      {test.message && <p className="test-message">{test.message}</p>}
                      {(test.expected !== undefined || test.actual !== undefined) && (
                        <dl className="test-values">
                          {test.expected !== undefined && (
                            <>
                              <dt>Expected</dt>
                              <dd>
                                <code>{test.expected}</code>
                              </dd>
                            </>
                          )}
                          {test.actual !== undefined && (
                            <>
                              <dt>Received</dt>
                              <dd>
                                <code>{test.actual}</code>
                              </dd>
                            </>
                          )}
                        </dl>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        {result && result.output.trim() !== '' && (
          <details className="run-output">
            <summary>What your code printed</summary>
            <pre>{result.output}</pre>
          </details>
        )}
      </section>

      <section className="hints" aria-labelledby={`${id}-hints`}>
        <h2 id={`${id}-hints`}>Hints</h2>
        {hintsShown === 0 && <p className="muted">Stuck? Hints go from a nudge to a near-answer, one at a time.</p>}
        <ol className="hint-list">
          {hints.slice(0, hintsShown).map((hint, index) => (
            <li key={index}>{hint}</li>
          ))}
        </ol>
        {hintsShown < hints.length && (
          <button type="button" className="button" onClick={showHint}>
            Show hint {hintsShown + 1} of {hints.length}
          </button>
        )}
      </section>

      {solutionShown && (
        <section className="solution" aria-labelledby={`${id}-solution`}>
          <h2 id={`${id}-solution`}>Reference solution</h2>
          <p className="muted">One clear way to pass every test. Compare it with yours; your code is untouched.</p>
          {fileNames.map((name) => (
            <CodeEditor key={`solution-${name}`} label={`Reference solution: ${name}`} value={solution[name] ?? ''} readOnly wrap={wrap} />
          ))}
        </section>
      )}
    </div>
  );
}
