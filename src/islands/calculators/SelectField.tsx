import type { ChoiceOption } from './ChoiceField';

/** Props of {@link SelectField}. */
export interface SelectFieldProps {
  id: string;
  /** The select's name: its URL parameter, so a choice made before hydration can be read back. */
  name?: string | undefined;
  label: string;
  options: readonly (ChoiceOption & { label: string })[];
  value: string;
  onChange: (value: string) => void;
}

/** A labelled drop-down list. */
export default function SelectField({ id, name, label, options, value, onChange }: SelectFieldProps) {
  return (
    <div className="calc-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
