import type { ReactNode, RefObject } from 'react';
import { useCopyLink } from './hooks/useCopyLink';

/** Props of {@link CalculatorShell}. */
export interface CalculatorShellProps {
  /** Stem for ids inside the calculator. */
  id: string;
  title: string;
  /** Level of the calculator's heading: 2 on a tools page, 3 inside a lesson section. */
  headingLevel: 2 | 3;
  /** Which inputs of the opening link could not be used, if any. */
  notice: string | null;
  onDismissNotice: () => void;
  /** The inputs. */
  form: ReactNode;
  /** The headline result (or why there is none); announced politely as it changes. */
  summary: ReactNode;
  /** Reasoning, tables and charts; not announced. */
  details?: ReactNode;
  shareUrl: () => string;
  /** A link into the pool simulator; `null` to show `simulateNote` instead; leave out for none. */
  simulate?: string | null | undefined;
  simulateNote?: string | undefined;
  /** `split` (default): inputs beside results when there is room; `stacked`: inputs above results, for long forms. */
  layout?: 'split' | 'stacked';
  /** The form element, so inputs changed before hydration can be read back (see `useUrlForm`). */
  formRef: RefObject<HTMLFormElement | null>;
  /** The results shown are for earlier inputs while the new ones are worked out. */
  pending?: boolean | undefined;
  /** Where the results shown were worked out. */
  computedIn?: 'page' | 'worker' | undefined;
}

/** The frame every calculator shares: heading, link notice, inputs beside results, and the link actions. */
export default function CalculatorShell(props: CalculatorShellProps) {
  const { id, title, headingLevel, notice, onDismissNotice, form, summary, details, shareUrl, simulate, simulateNote, layout = 'split', formRef, pending = false, computedIn } = props;
  const { status, copy } = useCopyLink(shareUrl);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={`calc calc-${layout}`} aria-labelledby={`${id}-title`} data-calculator={id} data-pending={pending || undefined} data-computed={computedIn}>
      <Heading id={`${id}-title`} className="calc-title">
        {title}
      </Heading>
      <div role="status" className="calc-notice-region">
        {notice ? (
          <div className="calc-notice">
            <p>{notice}</p>
            <button type="button" className="button" onClick={onDismissNotice}>
              Dismiss
            </button>
          </div>
        ) : null}
      </div>
      <div className="calc-body">
        <form ref={formRef} className="calc-form" onSubmit={(event) => event.preventDefault()} aria-label={`${title}: inputs`}>
          {form}
        </form>
        <div className="calc-output" aria-busy={pending || undefined}>
          {pending ? <p className="calc-pending">Working out the new figures…</p> : null}
          <div className="calc-summary" aria-live="polite" data-calc-summary>
            {summary}
          </div>
          {details}
          <div className="calc-actions">
            <button type="button" className="button" onClick={copy}>
              Copy link
            </button>
            {simulate ? (
              <a className="button primary" href={simulate} data-simulate-link>
                Simulate this pool
              </a>
            ) : simulate === null && simulateNote ? (
              <p className="calc-hint calc-simulate-note">{simulateNote}</p>
            ) : null}
            <p role="status" className="calc-copy-status">
              {status.kind === 'copied' ? 'Link copied to the clipboard.' : status.kind === 'failed' ? 'This browser did not let the page copy. Copy the link below by hand.' : ''}
            </p>
            {status.kind === 'failed' ? (
              <div className="calc-field calc-copy-fallback">
                <label htmlFor={`${id}-link`}>Link to these inputs</label>
                <input id={`${id}-link`} type="text" readOnly value={status.url} onFocus={(event) => event.currentTarget.select()} />
              </div>
            ) : null}
          </div>
        </div>
      </div>
    </section>
  );
}
