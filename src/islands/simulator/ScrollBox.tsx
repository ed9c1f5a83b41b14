import type { ReactNode } from 'react';

/**
 * A horizontally scrollable box for a wide table. It is a labelled, focusable region so that
 * keyboard users can scroll it too (WCAG 2.1.1).
 */
export default function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="psim-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
