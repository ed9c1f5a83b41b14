import { useId } from 'react';
import type { CalculatorProps } from './calculator-props';
import CalculatorShell from './CalculatorShell';
import LineChart from './LineChart';
import NumberField from './NumberField';
import { NoResult, ResultFigures } from './ResultFigures';
import SelectField from './SelectField';
import { useComputed } from './hooks/useComputed';
import { useUrlForm } from './hooks/useUrlForm';
import {
  FAILURE_MODE_COLUMNS,
  MAX_FAILURE_MODES,
  ROI_FORM,
  ROI_SCENARIOS,
  blankFailureMode,
  computeRoi,
  type RoiColumn,
  type RoiErrorKey,
  type RoiKey,
} from './roi-model';
import './calculators.css';

const COLUMN_LABELS: Readonly<Record<RoiColumn, string>> = {
  name: 'Name',
  freq: 'Incidents per year',
  hours: 'Hours each',
  before: 'Users affected before (%)',
  after: 'Users affected after (%)',
  labour: 'Labour per incident ($)',
  credits: 'SLA credits per incident ($)',
};

/** Return on investment of isolation: expected annual loss before and after, payback, ROI and its sensitivity. */
export default function RoiCalculator({ headingLevel = 3, urlPrefix, initial, title = 'Return on investment' }: CalculatorProps) {
  const uid = useId();
  const form = useUrlForm(ROI_FORM, { prefix: urlPrefix, initial });
  const { values, rows } = form.state;
  const modes = rows.mode;
  const computed = useComputed('roi', { values, rows: modes }, (input) => computeRoi(input.values, input.rows));
  const { outcome } = computed;
  const errors: Partial<Record<RoiErrorKey, string>> = outcome.status === 'invalid' ? outcome.errors : {};
  const field = (key: RoiKey) => ({
    id: `${uid}-${key}`,
    name: form.nameOf(key),
    value: values[key],
    onChange: (value: string) => form.setValue(key, value),
    error: errors[key],
  });
  const setCell = (index: number, column: RoiColumn, value: string) =>
    form.setRows(
      'mode',
      modes.map((row, at) => (at === index ? { ...row, [column]: value } : row)),
    );
  const inner = headingLevel === 2 ? 'h3' : 'h4';

  const inputs = (
    <>
      <div className="calc-presets calc-span">
        <p className="calc-hint">
          Load an example. Its numbers are <strong>illustrative</strong>: invented to show how the model behaves, not any company&rsquo;s data.
        </p>
        {ROI_SCENARIOS.map((scenario) => (
          <button key={scenario.id} type="button" className="button" onClick={() => form.assign(scenario.values, { mode: scenario.modes })}>
            {scenario.title}
          </button>
        ))}
      </div>
      <fieldset className="calc-group">
        <legend>Revenue</legend>
        <NumberField {...field('rev')} label="Revenue per hour ($)" hint="What the service earns in a normal hour (any currency)." />
        <NumberField {...field('recov')} label="Revenue recovered later (%)" hint="Share of lost sales that customers make up afterwards." />
      </fieldset>
      <fieldset className="calc-group calc-inline-fields">
        <legend>Cost of isolating</legend>
        <NumberField {...field('capex')} label="One-off cost ($)" hint="Building cells or pools, migration, testing." />
        <NumberField {...field('opex')} label="Yearly running cost ($)" hint="Lost pooling capacity, more deploy targets, operations." />
        <NumberField {...field('years')} integer label="Horizon (years)" hint="Whole years, 1 to 30." />
        <NumberField {...field('disc')} label="Discount rate (% a year)" hint="0 for no discounting." />
      </fieldset>
      <fieldset className="calc-group calc-rows calc-span">
        <legend>Failure modes</legend>
        <p className="calc-hint">
          Users affected after: with N cells, about 100/N for a failure one cell contains, unchanged for one they all share. SLA credits:
          what one incident would pay out if every user were hit; the calculator scales it by the share affected.
        </p>
        {modes.map((row, index) => (
          <fieldset key={index} className="calc-row">
            <legend>
              Failure mode {index + 1}
              {row['name'] ? `: ${row['name']}` : ''}
            </legend>
            <div className="calc-row-grid">
              {FAILURE_MODE_COLUMNS.map((column) => (
                <NumberField
                  key={column.key}
                  id={`${uid}-mode-${index}-${column.key}`}
                  name={form.cellNameOf('mode', index, column.key)}
                  className={column.key === 'name' ? 'calc-wide' : undefined}
                  text={column.kind === 'label'}
                  label={COLUMN_LABELS[column.key]}
                  value={row[column.key] ?? ''}
                  onChange={(value) => setCell(index, column.key, value)}
                  error={errors[`mode.${index}.${column.key}`]}
                />
              ))}
              <button
                type="button"
                className="button calc-remove"
                disabled={modes.length <= 1}
                onClick={() => form.setRows('mode', modes.filter((_, at) => at !== index))}
              >
                Remove<span className="visually-hidden"> failure mode {index + 1}</span>
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="button"
          disabled={modes.length >= MAX_FAILURE_MODES}
          onClick={() => form.setRows('mode', [...modes, blankFailureMode(modes.length)])}
        >
          Add a failure mode
        </button>
      </fieldset>
    </>
  );

  const details =
    outcome.status === 'invalid' ? null : (
      <>
        <div className="calc-breakdown">
          {inner === 'h3' ? <h3>Expected annual loss by failure mode</h3> : <h4>Expected annual loss by failure mode</h4>}
          <table>
            <thead>
              <tr>
                <th scope="col">Failure mode</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">Saving</th>
              </tr>
            </thead>
            <tbody>
              {outcome.breakdown.map((row, index) => (
                <tr key={index}>
                  <th scope="row">{row.name}</th>
                  <td>{row.before}</td>
                  <td>{row.after}</td>
                  <td>{row.saving}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="calc-hint">
            Each line is incidents × hours × revenue per hour × users affected × (1 − recovered), plus labour and SLA credits. Isolation
            lowers the share affected only for failures a cell or pool contains; a shared database or control plane still hits everyone.
          </p>
        </div>
        <div className="calc-sensitivity">
          {inner === 'h3' ? <h3>Sensitivity</h3> : <h4>Sensitivity</h4>}
          <SelectField
            id={`${uid}-sens`}
            name={form.nameOf('sens')}
            label="Input to vary"
            value={values.sens}
            onChange={(value) => form.setValue('sens', value)}
            options={[
              { value: 'freq', label: 'How often failures happen' },
              { value: 'after', label: 'Share of users affected after isolation' },
              { value: 'rev', label: 'Revenue per hour' },
            ]}
          />
          <LineChart spec={outcome.chart} />
        </div>
      </>
    );

  return (
    <CalculatorShell
      id={`${uid}-roi`}
      title={title}
      headingLevel={headingLevel}
      notice={form.notice}
      onDismissNotice={form.dismissNotice}
      form={inputs}
      summary={
        outcome.status === 'invalid' ? (
          <NoResult general={outcome.general} fieldCount={Object.keys(outcome.errors).length} />
        ) : (
          <ResultFigures headline={outcome.headline} figures={outcome.figures} />
        )
      }
      details={details}
      shareUrl={form.shareUrl}
      formRef={form.formRef}
      pending={computed.pending}
      computedIn={computed.where}
      layout="stacked"
    />
  );
}
