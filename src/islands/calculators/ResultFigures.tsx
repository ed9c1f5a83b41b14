import type { Figure, StepView } from './result-types';

/** The headline and the key figures of a result, as a description list. */
export function ResultFigures({ headline, figures }: { headline: string; figures: readonly Figure[] }) {
  return (
    <div className="calc-result">
      <p className="calc-headline" data-calc-headline>
        {headline}
      </p>
      <dl className="calc-figures">
        {figures.map((figure) => (
          <div key={figure.label}>
            <dt>{figure.label}</dt>
            <dd>{figure.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** What the summary says when an input is wrong: no result, just what to fix. */
export function NoResult({ general, fieldCount }: { general: string | null; fieldCount: number }) {
  return (
    <div className="calc-no-result" data-calc-invalid>
      <p className="calc-headline">No result yet.</p>
      {general ? <p className="calc-error">{general}</p> : null}
      {fieldCount > 0 ? (
        <p>
          {fieldCount === 1 ? 'One input needs' : `${fieldCount} inputs need`} fixing; the message is next to {fieldCount === 1 ? 'it' : 'each'}.
        </p>
      ) : null}
    </div>
  );
}

/** The argument behind a result, step by step. */
export function StepList({ steps, headingLevel, title = 'How it is worked out' }: { steps: readonly StepView[]; headingLevel: 3 | 4; title?: string }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="calc-steps">
      <Heading>{title}</Heading>
      <ol>
        {steps.map((step) => (
          <li key={step.title}>
            <strong>{step.title}.</strong> {step.text}
            {step.citation ? <span className="calc-citation"> ({step.citation})</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
