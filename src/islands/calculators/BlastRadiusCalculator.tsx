import { useId } from 'react';
import type { CalculatorProps } from './calculator-props';
import CalculatorShell from './CalculatorShell';
import NumberField from './NumberField';
import { NoResult, ResultFigures } from './ResultFigures';
import ShardPicture from './ShardPicture';
import { useComputed } from './hooks/useComputed';
import { useUrlForm } from './hooks/useUrlForm';
import { BLAST_FORM, BLAST_PRESETS, MAX_SEED, computeBlastRadius, type BlastKey } from './blast-radius-model';
import { formatCount } from './format';
import { parseNumberInput } from './parse';
import './calculators.css';

/** Blast radius of cells and shuffle sharding: exact shard counts, overlap odds and a sample pair of customers. */
export default function BlastRadiusCalculator({ headingLevel = 3, urlPrefix, initial, title = 'Blast radius: cells and shuffle sharding' }: CalculatorProps) {
  const uid = useId();
  const form = useUrlForm(BLAST_FORM, { prefix: urlPrefix, initial });
  const { values } = form.state;
  const computed = useComputed('blast', { values }, (input) => computeBlastRadius(input.values));
  const { outcome } = computed;
  const errors = outcome.status === 'invalid' ? outcome.errors : {};
  const field = (key: BlastKey) => ({
    id: `${uid}-${key}`,
    name: form.nameOf(key),
    value: values[key],
    onChange: (value: string) => form.setValue(key, value),
    error: errors[key],
  });
  const Heading = headingLevel === 2 ? 'h3' : 'h4';
  const seed = parseNumberInput(values.seed, 'Sample number', { min: 0, max: MAX_SEED, integer: true });
  const nextSeed = seed.ok && seed.value !== null ? (seed.value + 1) % (MAX_SEED + 1) : 1;

  const inputs = (
    <>
      <div className="calc-presets">
        <p className="calc-hint">Start from a published example:</p>
        {BLAST_PRESETS.map((preset) => (
          <button key={preset.id} type="button" className="button" onClick={() => form.assign({ nodes: preset.nodes, k: preset.k })}>
            {preset.title}
          </button>
        ))}
      </div>
      <fieldset className="calc-group">
        <legend>Fleet</legend>
        <NumberField {...field('nodes')} integer label="Nodes (n)" hint="Workers or servers that can serve any customer." />
        <NumberField {...field('k')} integer label="Shard size (k)" hint="Nodes given to each customer; plain cells hold k nodes each." />
        <NumberField {...field('customers')} integer label="Customers" hint="Illustrative; only scales the counts of customers hit." />
      </fieldset>
      <p className="calc-hint">Assumes each customer&rsquo;s k nodes are picked at random, and that a failure follows one customer onto exactly its nodes.</p>
    </>
  );

  const details =
    outcome.status === 'invalid' ? null : (
      <>
        <div className="calc-exact">
          <Heading>Distinct shuffle shards, C(n, k)</Heading>
          <p>
            C({formatCount(outcome.nodes)}, {formatCount(outcome.shardSize)}) = <span className="calc-number">{outcome.shardCount.short}</span>
          </p>
          {outcome.shardCount.short !== outcome.shardCount.exact ? (
            <details>
              <summary>All {formatCount(outcome.shardCount.digits)} digits</summary>
              <p className="calc-digits">{outcome.shardCount.exact}</p>
            </details>
          ) : null}
        </div>
        {outcome.overlapTable ? (
          <div className="calc-breakdown">
            <Heading>How much two random shards overlap</Heading>
            <table>
              <thead>
                <tr>
                  <th scope="col">Share at least</th>
                  <th scope="col">Probability</th>
                  <th scope="col">Odds</th>
                </tr>
              </thead>
              <tbody>
                {outcome.overlapTable.map((row) => (
                  <tr key={row.atLeast}>
                    <th scope="row">
                      {formatCount(row.atLeast)} {row.atLeast === 1 ? 'node' : 'nodes'}
                    </th>
                    <td>{row.probability}</td>
                    <td>{row.oneIn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <div className="calc-sample">
          <Heading>Two sample customers</Heading>
          {outcome.sample ? <ShardPicture nodes={outcome.nodes} sample={outcome.sample} /> : null}
          <div className="calc-sample-controls">
            <NumberField
              {...field('seed')}
              error={outcome.seedError ?? undefined}
              integer
              label="Sample number"
              hint={`The same number always draws the same pair; 0 to ${formatCount(MAX_SEED)}.`}
            />
            <button type="button" className="button" onClick={() => form.setValue('seed', String(nextSeed))}>
              Draw another pair
            </button>
          </div>
        </div>
      </>
    );

  return (
    <CalculatorShell
      id={`${uid}-blast`}
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
    />
  );
}
