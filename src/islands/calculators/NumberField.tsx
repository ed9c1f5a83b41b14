import type { ReactNode } from 'react';

/** Props of {@link NumberField}. */
export interface NumberFieldProps {
  /** The input's id; the hint and the message use it as a stem. */
  id: string;
  /** The input's name: its URL parameter, so a change made before hydration can be read back. */
  name?: string | undefined;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** A short line under the box: unit, range, what empty means. */
  hint?: ReactNode | undefined;
  /** The message for a bad value; the box is marked invalid and described by it. */
  error?: string | undefined;
  /** Whole numbers only: shows a numeric keypad on phones. */
  integer?: boolean;
  /** For text columns such as a row's name. */
  text?: boolean;
  className?: string | undefined;
}

/**
 * A labelled text box for a number. It is a text box, not `type="number"`, so whatever is typed
 * stays visible and a bad value gets a message instead of silently becoming empty.
 */
export default function NumberField({ id, name, label, value, onChange, hint, error, integer = false, text = false, className }: NumberFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`calc-field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode={text ? 'text' : integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={errorId} className="calc-error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="calc-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
