import { useId } from 'react';
import type { CalculatorProps } from './calculator-props';
import CalculatorShell from './CalculatorShell';
import ChoiceField from './ChoiceField';
import NumberField from './NumberField';
import { NoResult, ResultFigures } from './ResultFigures';
import SelectField from './SelectField';
import { useComputed } from './hooks/useComputed';
import { useUrlForm } from './hooks/useUrlForm';
import {
  AVAILABILITY_FORM,
  DEPENDENCY_COLUMNS,
  MAX_DEPENDENCIES,
  MAX_REPLICAS,
  blankDependency,
  computeChain,
  computeConversion,
  type AvailabilityErrorKey,
  type AvailabilityKey,
  type DependencyColumn,
} from './availability-model';
import { formatAvailability } from './format';
import './calculators.css';

const COLUMN_LABELS: Readonly<Record<DependencyColumn, string>> = {
  name: 'Name',
  avail: 'Availability (%)',
  replicas: 'Replicas',
};

/** Availability: nines ↔ downtime, and a chain of dependencies in series with redundant replicas. */
export default function AvailabilityCalculator({ headingLevel = 3, urlPrefix, initial, title = 'Availability and downtime' }: CalculatorProps) {
  const uid = useId();
  const form = useUrlForm(AVAILABILITY_FORM, { prefix: urlPrefix, initial });
  const { values, rows } = form.state;
  const dependencies = rows.dep;
  const basis = values.basis === 'gregorian' ? 'gregorian' : 'common';
  const conversionComputed = useComputed('conversion', { values }, (input) => computeConversion(input.values));
  const chainComputed = useComputed('chain', { rows: dependencies, basis }, (input) => computeChain(input.rows, input.basis));
  const conversion = conversionComputed.outcome;
  const chain = chainComputed.outcome;
  const conversionErrors: Partial<Record<AvailabilityKey, string>> = conversion.status === 'invalid' ? conversion.errors : {};
  const chainErrors: Partial<Record<AvailabilityErrorKey, string>> = chain.status === 'invalid' ? chain.errors : {};
  const field = (key: AvailabilityKey) => ({
    id: `${uid}-${key}`,
    name: form.nameOf(key),
    value: values[key],
    onChange: (value: string) => form.setValue(key, value),
    error: conversionErrors[key],
  });
  const setCell = (index: number, column: DependencyColumn, value: string) =>
    form.setRows(
      'dep',
      dependencies.map((row, at) => (at === index ? { ...row, [column]: value } : row)),
    );
  const Heading = headingLevel === 2 ? 'h3' : 'h4';

  const inputs = (
    <>
      <fieldset className="calc-group calc-span calc-inline-fields">
        <legend>Nines and downtime</legend>
        <ChoiceField
          {...field('from')}
          legend="Start from"
          inline
          options={[
            { value: 'percent', label: 'Availability' },
            { value: 'nines', label: 'Nines' },
            { value: 'downtime', label: 'Downtime' },
          ]}
        />
        {values.from === 'nines' ? (
          <NumberField {...field('nines')} label="Number of nines" hint="3 means 99.9%; fractions such as 3.5 are allowed." />
        ) : values.from === 'downtime' ? (
          <>
            <NumberField {...field('down')} label="Downtime allowed" />
            <div className="calc-pair">
              <SelectField
                {...field('unit')}
                label="Unit"
                options={[
                  { value: 'minutes', label: 'minutes' },
                  { value: 'hours', label: 'hours' },
                ]}
              />
              <SelectField
                {...field('per')}
                label="Period"
                options={[
                  { value: 'year', label: 'year' },
                  { value: 'month', label: 'month' },
                  { value: 'week', label: 'week' },
                  { value: 'day', label: 'day' },
                ]}
              />
            </div>
          </>
        ) : (
          <NumberField {...field('avail')} label="Availability (%)" hint="For example 99.95; below 100." />
        )}
        <SelectField
          {...field('basis')}
          label="Length of a year (most SLAs use 365 days)"
          options={[
            { value: 'common', label: '365 days (8,760 h)' },
            { value: 'gregorian', label: '365.2425 days (calendar mean)' },
          ]}
        />
      </fieldset>
      <fieldset className="calc-group calc-rows calc-span">
        <legend>A chain of dependencies</legend>
        <p className="calc-hint">
          A request needs every dependency below. Replicas are redundant copies, 1 to {MAX_REPLICAS}: any one up is enough. The example chain is illustrative.
        </p>
        {dependencies.map((row, index) => (
          <fieldset key={index} className="calc-row">
            <legend>
              Dependency {index + 1}
              {row['name'] ? `: ${row['name']}` : ''}
            </legend>
            <div className="calc-row-grid calc-row-compact">
              {DEPENDENCY_COLUMNS.map((column) => (
                <NumberField
                  key={column.key}
                  id={`${uid}-dep-${index}-${column.key}`}
                  name={form.cellNameOf('dep', index, column.key)}
                  className={column.key === 'name' ? 'calc-wide' : undefined}
                  text={column.kind === 'label'}
                  integer={column.key === 'replicas'}
                  label={COLUMN_LABELS[column.key]}
                  value={row[column.key] ?? ''}
                  onChange={(value) => setCell(index, column.key, value)}
                  error={chainErrors[`dep.${index}.${column.key}`]}
                />
              ))}
              <button
                type="button"
                className="button calc-remove"
                disabled={dependencies.length <= 1}
                onClick={() => form.setRows('dep', dependencies.filter((_, at) => at !== index))}
              >
                Remove<span className="visually-hidden"> dependency {index + 1}</span>
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="button"
          disabled={dependencies.length >= MAX_DEPENDENCIES}
          onClick={() => form.setRows('dep', [...dependencies, blankDependency(dependencies.length)])}
        >
          Add a dependency
        </button>
      </fieldset>
      <p className="calc-hint calc-span">Assumes failures are independent and failover to a replica is instant.</p>
    </>
  );

  const summary = (
    <>
      {conversion.status === 'invalid' ? (
        <NoResult general={conversion.general} fieldCount={Object.keys(conversion.errors).length} />
      ) : (
        <ResultFigures
          headline={`${formatAvailability(conversion.availability)} is ${conversion.nines} nines: ${conversion.rows[0]?.downtime ?? ''} of downtime a year.`}
          figures={conversion.rows.map((row) => ({ label: row.period, value: row.downtime }))}
        />
      )}
      {chain.status === 'invalid' ? (
        <NoResult general={chain.general} fieldCount={Object.keys(chain.errors).length} />
      ) : (
        <ResultFigures headline={chain.headline} figures={chain.figures} />
      )}
    </>
  );

  const details =
    chain.status === 'invalid' ? null : (
      <div className="calc-breakdown">
        <Heading>Each dependency</Heading>
        <table>
          <thead>
            <tr>
              <th scope="col">Dependency</th>
              <th scope="col">One copy</th>
              <th scope="col">Replicas</th>
              <th scope="col">With replicas</th>
              <th scope="col">Down a year</th>
            </tr>
          </thead>
          <tbody>
            {chain.rows.map((row, index) => (
              <tr key={index} className={row.weakest ? 'is-marked' : undefined}>
                <th scope="row">
                  {row.name}
                  {row.weakest ? <span className="calc-marked-note"> (weakest)</span> : null}
                </th>
                <td>{row.single}</td>
                <td>{row.replicas}</td>
                <td>{row.effective}</td>
                <td>{row.downtimePerYear}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="calc-hint">
          In series the availabilities multiply, so a chain is never better than its weakest link; replicas in parallel fail only if all fail
          at once: 1 − (1 − a)ⁿ.
        </p>
      </div>
    );

  return (
    <CalculatorShell
      id={`${uid}-availability`}
      title={title}
      headingLevel={headingLevel}
      notice={form.notice}
      onDismissNotice={form.dismissNotice}
      form={inputs}
      summary={summary}
      details={details}
      shareUrl={form.shareUrl}
      formRef={form.formRef}
      pending={conversionComputed.pending || chainComputed.pending}
      computedIn={conversionComputed.where === 'worker' || chainComputed.where === 'worker' ? 'worker' : 'page'}
      layout="stacked"
    />
  );
}
