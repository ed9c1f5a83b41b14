import type { SliderRange } from './view-model';

export interface SliderProps {
  id: string;
  label: string;
  value: number;
  range: SliderRange;
  /** The value in words, shown beside the label and read by screen readers. */
  text: string;
  onChange: (value: number) => void;
}

/** A labelled range input that shows and announces its value in words. */
export default function Slider({ id, label, value, range, text, onChange }: SliderProps) {
  return (
    <div className="psim-slider">
      <label htmlFor={id}>
        {label}: <output htmlFor={id}>{text}</output>
      </label>
      <input
        id={id}
        type="range"
        min={range.min}
        max={range.max}
        step={range.step}
        value={value}
        aria-valuetext={text}
        onChange={(event) => {
          const next = Number(event.currentTarget.value);
          if (Number.isFinite(next)) onChange(next);
        }}
      />
    </div>
  );
}
