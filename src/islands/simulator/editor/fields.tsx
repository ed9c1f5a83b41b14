/**
 * Labelled form fields of the scenario editor. Each one names its unit in its label, shows the
 * schema's findings for its path under it, and ties them to the input with aria-describedby.
 */
import { useEffect, useState } from 'react';
import { fieldText, fieldValue, type DraftIssue, type Path } from './draft';

/** The schema's findings for one path, and the id of their element. */
export interface FieldIssues {
  /** Findings whose path is exactly this field's. */
  readonly at: (path: Path) => readonly DraftIssue[];
  /** Prefix for element ids. */
  readonly uid: string;
}

/** An id for a path, safe in HTML. */
export const pathId = (uid: string, path: Path): string => `${uid}-${path.join('-').replace(/[^A-Za-z0-9_-]/g, '_')}`;

function FieldErrors({ id, issues }: { id: string; issues: readonly DraftIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <p id={id} className="psim-error psim-ed-error">
      {issues.map((issue) => issue.message).join('; ')}
    </p>
  );
}

interface BaseProps {
  label: string;
  /** Unit shown in the label, such as "s" or "calls/s". */
  unit?: string;
  path: Path;
  issues: FieldIssues;
  /** A hint under the field ("blank: no timeout"). */
  hint?: string;
}

function useDescribed(props: BaseProps): { id: string; errorId: string; hintId: string; errors: readonly DraftIssue[]; describedBy: string | undefined } {
  const id = pathId(props.issues.uid, props.path);
  const errors = props.issues.at(props.path);
  const ids = [errors.length > 0 ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter((x) => x !== null);
  return { id, errorId: `${id}-error`, hintId: `${id}-hint`, errors, describedBy: ids.length > 0 ? ids.join(' ') : undefined };
}

const labelText = (label: string, unit?: string) => (unit ? `${label} (${unit})` : label);

/**
 * A number typed as text, so a half-typed or wrong value stays on screen (and in the JSON, where
 * the schema names it) instead of being thrown away.
 */
export function NumberField(props: BaseProps & { value: unknown; onChange: (value: unknown) => void }) {
  const { id, errorId, hintId, errors, describedBy } = useDescribed(props);
  const [text, setText] = useState(() => fieldText(props.value));
  // Follow changes made elsewhere (the JSON view), but not the echo of this field's own typing.
  useEffect(() => {
    setText((current) => (Object.is(fieldValue(current), props.value) || (props.value === undefined && current.trim() === '') ? current : fieldText(props.value)));
  }, [props.value]);
  return (
    <div className="psim-field psim-ed-field">
      <label htmlFor={id}>{labelText(props.label, props.unit)}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          props.onChange(fieldValue(next));
        }}
      />
      {props.hint ? (
        <span id={hintId} className="psim-ed-hint">
          {props.hint}
        </span>
      ) : null}
      <FieldErrors id={errorId} issues={errors} />
    </div>
  );
}

/** A line of text (ids, names). Empty removes the key. `wide` spans the whole row. */
export function TextField(props: BaseProps & { value: unknown; wide?: boolean; onChange: (value: string | undefined) => void }) {
  const { id, errorId, hintId, errors, describedBy } = useDescribed(props);
  return (
    <div className={`psim-field psim-ed-field${props.wide ? ' psim-ed-wide' : ''}`}>
      <label htmlFor={id}>{labelText(props.label, props.unit)}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={typeof props.value === 'string' ? props.value : props.value === undefined ? '' : JSON.stringify(props.value)}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => props.onChange(event.currentTarget.value === '' ? undefined : event.currentTarget.value)}
      />
      {props.hint ? (
        <span id={hintId} className="psim-ed-hint">
          {props.hint}
        </span>
      ) : null}
      <FieldErrors id={errorId} issues={errors} />
    </div>
  );
}

/** A choice from fixed options; a value the form does not know is kept and shown as it is. */
export function SelectField(props: BaseProps & { value: unknown; options: readonly { value: string; label: string }[]; onChange: (value: string) => void }) {
  const { id, errorId, errors, describedBy } = useDescribed(props);
  const current = typeof props.value === 'string' ? props.value : '';
  const known = props.options.some((option) => option.value === current);
  return (
    <div className="psim-field psim-ed-field">
      <label htmlFor={id}>{labelText(props.label, props.unit)}</label>
      <select id={id} value={current} aria-invalid={errors.length > 0 ? true : undefined} aria-describedby={describedBy} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {known ? null : <option value={current}>{current === '' ? '(not set)' : `${current} (edit in JSON)`}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} issues={errors} />
    </div>
  );
}

/** Findings for a group (a list or an object as a whole), shown under its heading. */
export function GroupErrors({ id, issues }: { id: string; issues: readonly DraftIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="psim-ed-group-errors">
      {issues.map((issue) => (
        <li key={`${issue.where}:${issue.message}`} className="psim-error">
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

/** "Also set in this scenario, edit in JSON: retries, circuitBreaker." */
export function JsonOnlyNote({ keys, what }: { keys: readonly string[]; what: string }) {
  if (keys.length === 0) return null;
  return (
    <p className="psim-ed-note">
      {what} also sets {keys.map((key) => `“${key}”`).join(', ')}, which this form does not edit: change {keys.length === 1 ? 'it' : 'them'} in the JSON view.
    </p>
  );
}
