import type { ReactNode } from 'react';

/** One option of a choice. */
export interface ChoiceOption {
  value: string;
  label: ReactNode;
}

/** Props of {@link ChoiceField}. */
export interface ChoiceFieldProps {
  /** Stem for the radio ids (and the group's name when `name` is not given). */
  id: string;
  /** The radio group's name: its URL parameter, so a choice made before hydration can be read back. */
  name?: string | undefined;
  legend: ReactNode;
  options: readonly ChoiceOption[];
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  /** Lay the options out in a row when there is room. */
  inline?: boolean;
}

/** A group of radio buttons in a fieldset with a legend. */
export default function ChoiceField({ id, name, legend, options, value, onChange, hint, error, inline = false }: ChoiceFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className={`calc-choice${inline ? ' inline' : ''}`} aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}>
      <legend>{legend}</legend>
      <div className="calc-choice-options">
        {options.map((option) => (
          <label key={option.value} className="calc-radio">
            <input
              type="radio"
              name={name ?? id}
              id={`${id}-${option.value}`}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
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
    </fieldset>
  );
}
