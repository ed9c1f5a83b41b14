import { useId } from 'react';
import type { CalculatorProps } from './calculator-props';
import CalculatorShell from './CalculatorShell';
import ChoiceField from './ChoiceField';
import LineChart from './LineChart';
import NumberField from './NumberField';
import { NoResult, ResultFigures, StepList } from './ResultFigures';
import { useComputed } from './hooks/useComputed';
import { useUrlForm } from './hooks/useUrlForm';
import { SIZING_FORM, SIZING_MAX_QUEUE, SIZING_MAX_SERVERS, computeSizing, type SizingKey } from './sizing-model';
import { formatCount } from './format';
import './calculators.css';

/** Pool sizing: Little's law and Erlang B/C or M/M/c/K against targets, or the Hystrix quick rule. */
export default function SizingCalculator({ headingLevel = 3, urlPrefix, initial, title = 'Pool sizing' }: CalculatorProps) {
  const uid = useId();
  const form = useUrlForm(SIZING_FORM, { prefix: urlPrefix, initial });
  const { values } = form.state;
  const computed = useComputed('sizing', { values }, (input) => computeSizing(input.values));
  const { outcome } = computed;
  const errors = outcome.status === 'invalid' ? outcome.errors : {};
  const field = (key: SizingKey) => ({
    id: `${uid}-${key}`,
    name: form.nameOf(key),
    value: values[key],
    onChange: (value: string) => form.setValue(key, value),
    error: errors[key],
  });
  const quick = values.method === 'quick';
  const inner = headingLevel === 2 ? 3 : 4;

  const inputs = (
    <>
      <ChoiceField
        {...field('method')}
        legend="Method"
        inline
        options={[
          { value: 'model', label: 'Queueing targets' },
          { value: 'quick', label: 'Quick rule (Hystrix)' },
        ]}
      />
      <fieldset className="calc-group">
        <legend>Traffic</legend>
        <NumberField {...field('rate')} label={quick ? 'Arrival rate at peak (req/s)' : 'Arrival rate (req/s)'} hint="Requests per second reaching this pool." />
        <NumberField
          {...field('mean')}
          label="Mean service time (ms)"
          hint={quick ? 'Optional: checks the rule with Erlang B and lets you simulate it.' : 'Average time a call holds a slot.'}
        />
        {quick ? <NumberField {...field('p99')} label="p99 latency (ms)" hint="99th-percentile latency of the call while healthy." /> : null}
      </fieldset>
      {quick ? (
        <fieldset className="calc-group">
          <legend>Breathing room</legend>
          <NumberField {...field('headroom')} label="Headroom (slots)" hint="Extra slots on top of peak × p99." />
        </fieldset>
      ) : (
        <>
          <fieldset className="calc-group">
            <legend>Targets</legend>
            <NumberField {...field('block')} label="Target blocking (%)" hint="Most calls you accept turning away. Empty: no target." />
            <NumberField {...field('wait')} label="Target mean wait (ms)" hint="Longest mean wait in the queue for admitted calls. Empty: no target." />
          </fieldset>
          <ChoiceField
            {...field('queue')}
            legend="Queue in front of the pool"
            options={[
              { value: 'none', label: 'None: turn calls away when every slot is busy' },
              { value: 'fixed', label: 'A fixed number of places' },
              { value: 'auto', label: 'Choose the smallest queue that meets both targets' },
              { value: 'unbounded', label: 'Unlimited: calls always wait' },
            ]}
          />
          {values.queue === 'fixed' ? (
            <NumberField {...field('qsize')} integer label="Queue places" hint={`Whole number, 0 to ${formatCount(SIZING_MAX_QUEUE)}.`} />
          ) : null}
        </>
      )}
      <p className="calc-hint">
        {quick
          ? 'A rule of thumb from the Hystrix wiki, not a queueing result.'
          : `Assumes Poisson arrivals and exponentially distributed service times; searches pools of up to ${formatCount(SIZING_MAX_SERVERS)} slots.`}
      </p>
    </>
  );

  const summary =
    outcome.status === 'invalid' ? (
      <NoResult general={outcome.general} fieldCount={Object.keys(outcome.errors).length} />
    ) : (
      <ResultFigures headline={outcome.headline} figures={outcome.figures} />
    );

  const details =
    outcome.status === 'invalid' ? null : (
      <>
        <StepList steps={outcome.steps} headingLevel={inner} />
        {outcome.charts.map((chart) => (
          <LineChart key={chart.title} spec={chart} />
        ))}
      </>
    );

  return (
    <CalculatorShell
      id={`${uid}-sizing`}
      title={title}
      headingLevel={headingLevel}
      notice={form.notice}
      onDismissNotice={form.dismissNotice}
      form={inputs}
      summary={summary}
      details={details}
      shareUrl={form.shareUrl}
      formRef={form.formRef}
      pending={computed.pending}
      computedIn={computed.where}
      simulate={outcome.status === 'invalid' ? undefined : outcome.simulate}
      simulateNote="Enter a mean service time to simulate this pool."
    />
  );
}
