import { FIELD_LABELS } from './link-problems';
import type { PresetInfo } from './PoolSimulator';
import type { RunSetup } from './protocol';
import type { ScenarioSource } from './simulator-state';

export interface ScenarioPickersProps {
  uid: string;
  presets: readonly PresetInfo[];
  source: ScenarioSource;
  /** The run description, once it has arrived: it lists the panels to pick from. */
  setup: RunSetup | null;
  onPreset: (name: string) => void;
  /** The panels to show, or null for all of them. */
  onPolicies: (policies: readonly string[] | null) => void;
}

/** The simulator page's scenario picker and, for scenarios with several policies, the panel checkboxes. */
export default function ScenarioPickers({ uid, presets, source, setup, onPreset, onPolicies }: ScenarioPickersProps) {
  return (
    <div className="psim-pickers">
      <div className="psim-field">
        <label htmlFor={`${uid}-preset`}>{FIELD_LABELS.preset}</label>
        <select id={`${uid}-preset`} value={source.kind === 'preset' ? source.preset : `(${source.kind})`} onChange={(event) => onPreset(event.currentTarget.value)}>
          {source.kind === 'queueing' ? <option value="(queueing)">Calculator pool</option> : null}
          {source.kind === 'custom' ? <option value="(custom)">Your scenario (from the editor)</option> : null}
          {presets.map((p) => (
            <option key={p.name} value={p.name}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      {setup && setup.policies.length > 1 ? (
        <fieldset className="psim-panels-pick">
          <legend>{FIELD_LABELS.policies}</legend>
          {setup.policies.map((policy) => {
            const shown = setup.panels.map((p) => p.policy);
            const checked = shown.includes(policy.name);
            return (
              <span key={policy.name} className="psim-check">
                <input
                  id={`${uid}-panel-${policy.name}`}
                  type="checkbox"
                  checked={checked}
                  disabled={checked && shown.length === 1}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    const next = setup.policies.map((p) => p.name).filter((name) => (name === policy.name ? on : shown.includes(name)));
                    onPolicies(next.length === setup.policies.length ? null : next);
                  }}
                />
                <label htmlFor={`${uid}-panel-${policy.name}`}>{policy.label}</label>
              </span>
            );
          })}
        </fieldset>
      ) : null}
    </div>
  );
}
