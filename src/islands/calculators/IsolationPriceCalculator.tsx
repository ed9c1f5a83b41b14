import { useId } from 'react';
import type { CalculatorProps } from './calculator-props';
import CalculatorShell from './CalculatorShell';
import LineChart from './LineChart';
import NumberField from './NumberField';
import { NoResult, ResultFigures, StepList } from './ResultFigures';
import { useComputed } from './hooks/useComputed';
import { useUrlForm } from './hooks/useUrlForm';
import { ISOLATION_FORM, ISOLATION_MAX_PARTITIONS, computeIsolation, type IsolationKey } from './isolation-model';
import { formatCount } from './format';
import './calculators.css';

/** The price of isolation: slots for one shared pool against N isolated pools at the same blocking target. */
export default function IsolationPriceCalculator({ headingLevel = 3, urlPrefix, initial, title = 'Price of isolation' }: CalculatorProps) {
  const uid = useId();
  const form = useUrlForm(ISOLATION_FORM, { prefix: urlPrefix, initial });
  const { values } = form.state;
  const computed = useComputed('isolation', { values }, (input) => computeIsolation(input.values));
  const { outcome } = computed;
  const errors = outcome.status === 'invalid' ? outcome.errors : {};
  const field = (key: IsolationKey) => ({
    id: `${uid}-${key}`,
    name: form.nameOf(key),
    value: values[key],
    onChange: (value: string) => form.setValue(key, value),
    error: errors[key],
  });
  const inner = headingLevel === 2 ? 3 : 4;

  const inputs = (
    <>
      <fieldset className="calc-group">
        <legend>Traffic, all partitions together</legend>
        <NumberField {...field('rate')} label="Arrival rate (req/s)" hint="Requests per second across every partition." />
        <NumberField {...field('mean')} label="Mean service time (ms)" hint="Average time a call holds a slot." />
      </fieldset>
      <fieldset className="calc-group">
        <legend>Target and split</legend>
        <NumberField {...field('block')} label="Target blocking (%)" hint="Every pool must turn away at most this share of calls." />
        <NumberField {...field('parts')} integer label="Partitions (N)" hint={`Equal isolated pools, each taking 1/N of the traffic; 1 to ${formatCount(ISOLATION_MAX_PARTITIONS)}.`} />
      </fieldset>
      <p className="calc-hint">Erlang B, no queue: Poisson arrivals, calls turned away when every slot is busy.</p>
    </>
  );

  return (
    <CalculatorShell
      id={`${uid}-isolation`}
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
      details={
        outcome.status === 'invalid' ? null : (
          <>
            <StepList steps={outcome.steps} headingLevel={inner} />
            <LineChart spec={outcome.chart} />
          </>
        )
      }
      shareUrl={form.shareUrl}
      formRef={form.formRef}
      pending={computed.pending}
      computedIn={computed.where}
      simulate={outcome.status === 'invalid' ? undefined : outcome.simulate}
    />
  );
}
