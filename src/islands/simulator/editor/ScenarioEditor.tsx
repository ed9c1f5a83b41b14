/**
 * The scenario editor: a form and the JSON the CLI reads (`npm run simulate -- scenario.json`),
 * two views of one scenario kept in step. The JSON is checked against the scenario schema as the
 * learner types (after a short pause); the learner's text is never replaced because it is wrong.
 * "Run" hands a valid scenario to the simulator above; the share link packs it into the address.
 *
 * Loaded only when the editor is first opened, so the schema (zod) never weighs on the page.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { downloadText } from '../../../lib/download';
import { MAX_LINK_LENGTH, SCENARIO_PARAM, linkFits, packScenario } from '../../../lib/share-link';
import { exportFileName } from '../run-export';
import { MAX_TEXT_LENGTH, formatValue, getAt, issueText, parseText, validate, withoutDefaults, type DraftIssue, type ParsedText } from './draft';
import ScenarioForm from './ScenarioForm';

/** Pause after the last keystroke before the JSON is checked, ms. */
export const CHECK_DELAY_MS = 300;

export interface ScenarioEditorProps {
  /**
   * A scenario to load into the editor; a new `id` loads it (replacing the text). `compact` drops
   * the fields that only repeat defaults (for the scenario as run, which has them all filled in).
   */
  load: { readonly id: number; readonly value: unknown; readonly compact?: boolean } | null;
  /** Run seed, carried in the share link. */
  seed: number;
  /** Where the run's controls are, for a "go to the run" link. */
  runHref: string;
  /** Runs a valid scenario in the simulator. */
  onRun: (value: unknown) => void;
  /**
   * Whether the editor holds the learner's own edits. Until it does, it follows the scenario that
   * runs (a preset picked, a slider moved); from then on it keeps them, run or not.
   */
  onDirty: (dirty: boolean) => void;
  /** Replaces the editor's text with the scenario running now. */
  onLoadRunning: () => void;
}

interface Checked {
  readonly parsed: ParsedText;
  readonly issues: readonly DraftIssue[];
}

function check(text: string): Checked {
  const parsed = parseText(text);
  return { parsed, issues: parsed.ok ? validate(parsed.value) : [] };
}

const thousands = (value: number) => value.toLocaleString('en-US');

export default function ScenarioEditor({ load, seed, runHref, onRun, onDirty, onLoadRunning }: ScenarioEditorProps) {
  const uid = `ed${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const [text, setText] = useState('');
  /** The last text that was JSON, as a value: the form shows it while the text is not JSON. */
  const [value, setValue] = useState<unknown>(null);
  const [checked, setChecked] = useState<Checked>({ parsed: { ok: true, value: null }, issues: [] });
  const [announcement, setAnnouncement] = useState('');
  const [status, setStatus] = useState('');
  const [ran, setRan] = useState(false);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const [share, setShare] = useState<{ href: string; fits: boolean } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const onDirtyRef = useRef(onDirty);
  onDirtyRef.current = onDirty;

  const apply = useCallback((result: Checked, announce: boolean) => {
    setChecked(result);
    if (result.parsed.ok) setValue(result.parsed.value);
    if (!announce) return;
    if (!result.parsed.ok) setAnnouncement(`The JSON has a syntax error at line ${result.parsed.line}.`);
    else if (result.issues.length > 0) setAnnouncement(`The scenario has ${result.issues.length === 1 ? 'a problem' : `${result.issues.length} problems`}: ${issueText(result.issues[0] as DraftIssue)}.`);
    else setAnnouncement('The scenario is valid.');
  }, []);

  // A scenario handed in (the running one, or one from a link or a file) replaces the text.
  useEffect(() => {
    if (load === null) return;
    window.clearTimeout(timer.current);
    const nextText = formatValue(load.compact ? withoutDefaults(load.value) : load.value);
    const result = check(nextText);
    setText(nextText);
    setShare(null);
    apply(result, false);
    // A scenario that does not pass stays the learner's to fix: the page must not replace it.
    onDirtyRef.current(!(result.parsed.ok && result.issues.length === 0));
  }, [load, apply]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const edited = () => {
    setShare(null);
    setStatus('');
    setRan(false);
    onDirtyRef.current(true);
  };

  const onText = (nextText: string) => {
    setText(nextText);
    edited();
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => apply(check(nextText), true), CHECK_DELAY_MS);
  };

  const onForm = (next: unknown, announce?: string, focus?: string) => {
    window.clearTimeout(timer.current);
    const nextText = formatValue(next);
    setText(nextText);
    setValue(next);
    setChecked({ parsed: { ok: true, value: next }, issues: validate(next) });
    edited();
    if (announce) setAnnouncement(announce);
    if (focus) setFocusTarget(focus);
  };

  // After an item is added or removed, the focus goes to its first field or to the button that
  // adds more, not to the top of the page with the button that was pressed.
  useEffect(() => {
    if (focusTarget === null) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  /** The text checked now (not after the pause), for the buttons. */
  const current = (): Checked => {
    window.clearTimeout(timer.current);
    const result = check(text);
    apply(result, false);
    return result;
  };

  const problemsFirst = (result: Checked): boolean => {
    setRan(false);
    if (!result.parsed.ok) {
      setStatus(`Fix the JSON first: line ${result.parsed.line}, column ${result.parsed.column}: ${result.parsed.message}.`);
      return true;
    }
    if (result.issues.length > 0) {
      setStatus(`Fix the ${result.issues.length === 1 ? 'problem' : `${result.issues.length} problems`} listed under the JSON first.`);
      return true;
    }
    return false;
  };

  const run = () => {
    const result = current();
    if (problemsFirst(result) || !result.parsed.ok) return;
    onRun(result.parsed.value);
    setStatus('Your scenario is running in the simulator under this editor.');
    setRan(true);
  };

  const shareLink = async () => {
    const result = current();
    if (problemsFirst(result) || !result.parsed.ok) return;
    try {
      const packed = await packScenario(result.parsed.value);
      const url = new URL(window.location.pathname, window.location.origin);
      url.searchParams.set(SCENARIO_PARAM, packed);
      url.searchParams.set('seed', String(seed));
      const href = url.toString();
      const fits = linkFits(href);
      setShare({ href, fits });
      if (!fits) {
        setStatus(`The link would be ${thousands(href.length)} characters long, more than the ${thousands(MAX_LINK_LENGTH)} that work wherever a link is pasted. Share the scenario as a file instead: “Download the scenario (JSON)”.`);
        return;
      }
      try {
        await navigator.clipboard.writeText(href);
        setStatus(`Link copied (${thousands(href.length)} characters). Opening it shows this scenario in the editor and the simulator.`);
      } catch {
        setStatus('This browser did not let the page copy: copy the link from the box below.');
      }
    } catch {
      setStatus('This browser cannot pack a scenario into a link; download the scenario as a file instead.');
    }
  };

  const name = (): string => {
    const named = checked.parsed.ok ? getAt(checked.parsed.value, ['name']) : undefined;
    return typeof named === 'string' ? named : 'scenario';
  };

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    setRan(false);
    if (file.size > MAX_TEXT_LENGTH) {
      setStatus(`${file.name} is larger than ${thousands(MAX_TEXT_LENGTH)} bytes; a scenario is far smaller.`);
      return;
    }
    let fileText: string;
    try {
      fileText = await file.text();
    } catch {
      setStatus(`${file.name} could not be read.`);
      return;
    }
    window.clearTimeout(timer.current);
    setText(fileText);
    edited();
    const result = check(fileText);
    apply(result, true);
    setStatus(
      !result.parsed.ok || result.issues.length > 0
        ? `Opened ${file.name}; it needs fixing before it can run (see under the JSON).`
        : `Opened ${file.name}: a valid scenario. Press Run to simulate it.`,
    );
  };

  const { parsed, issues } = checked;
  const errorsId = `${uid}-json-errors`;
  const invalid = !parsed.ok || issues.length > 0;

  return (
    <div className="psim-ed" data-scenario-editor>
      <div className="psim-ed-toolbar">
        <button type="button" className="button psim-ed-run" onClick={run}>
          Run this scenario
        </button>
        <button type="button" className="button" onClick={() => void shareLink()}>
          Copy a share link
        </button>
        <button type="button" className="button" onClick={() => downloadText(exportFileName(name(), 'json', 'scenario'), text, 'application/json')}>
          Download the scenario (JSON)
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setStatus('The editor now holds the scenario that is running.');
            setRan(false);
            onLoadRunning();
          }}
        >
          Load the running scenario
        </button>
        <span className="psim-ed-file">
          <label htmlFor={`${uid}-file`}>Open a scenario file (JSON)</label>
          <input
            id={`${uid}-file`}
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const input = event.currentTarget;
              void openFile(input.files?.[0]).finally(() => {
                input.value = '';
              });
            }}
          />
        </span>
      </div>
      <p role="status" className="psim-ed-status" data-editor-status>
        {status}
        {ran && status !== '' ? (
          <>
            {' '}
            <a href={runHref}>Go to the run</a>
          </>
        ) : null}
      </p>
      {share ? (
        <div className="psim-field psim-ed-share">
          <label htmlFor={`${uid}-link`}>Share link ({thousands(share.href.length)} characters{share.fits ? '' : `, over the ${thousands(MAX_LINK_LENGTH)} limit`})</label>
          <input id={`${uid}-link`} type="text" readOnly value={share.fits ? share.href : ''} placeholder={share.fits ? undefined : 'Too long for a link: download the JSON instead'} data-share-link onFocus={(event) => event.currentTarget.select()} />
        </div>
      ) : null}
      <div className="psim-ed-views">
        <section className="psim-ed-view" aria-labelledby={`${uid}-form-title`}>
          <h3 id={`${uid}-form-title`} className="psim-ed-heading">
            Form
          </h3>
          {parsed.ok ? null : <p className="psim-ed-note">The form shows the last version that was valid JSON; fix the syntax error in the JSON to edit here again.</p>}
          <fieldset className="psim-ed-plain" disabled={!parsed.ok}>
            <legend className="visually-hidden">Scenario form</legend>
            <ScenarioForm uid={uid} value={value} issues={parsed.ok ? issues : []} onChange={onForm} />
          </fieldset>
        </section>
        <section className="psim-ed-view" aria-labelledby={`${uid}-json-title`}>
          <h3 id={`${uid}-json-title`} className="psim-ed-heading">
            JSON
          </h3>
          <label htmlFor={`${uid}-json`} className="psim-ed-json-label">
            Scenario JSON, the format <code>npm run simulate -- scenario.json</code> reads (times in seconds, rates in calls per second)
          </label>
          <textarea
            id={`${uid}-json`}
            className="psim-ed-json"
            value={text}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            rows={24}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={errorsId}
            onChange={(event) => onText(event.currentTarget.value)}
          />
          <div id={errorsId} className="psim-ed-json-errors" data-json-errors>
            {!parsed.ok ? (
              <p className="psim-error">
                Line {parsed.line}, column {parsed.column}: {parsed.message}.
              </p>
            ) : issues.length > 0 ? (
              <>
                <p className="psim-ed-errors-title">
                  {issues.length === 1 ? 'One problem' : `${issues.length} problems`} to fix before it can run:
                </p>
                <ul>
                  {issues.map((issue) => (
                    <li key={issueText(issue)} className="psim-error">
                      <code>{issue.where}</code>: {issue.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="psim-ed-ok">A valid scenario.</p>
            )}
          </div>
        </section>
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
