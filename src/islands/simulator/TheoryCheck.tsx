import { useState } from 'react';
import type { SimulationSnapshot } from '../../sim/index';
import { formatCount, formatDuration, formatNumber, formatShare } from './format';
import type { PanelSetup } from './protocol';
import type { TimedEvent } from './simulator-state';
import { faultReason, measuredFor } from './theory';

export interface TheoryCheckProps {
  panel: PanelSetup;
  snapshot: SimulationSnapshot | null;
  events: readonly TimedEvent[];
  labels: ReadonlyMap<string, string>;
  poolLabels: ReadonlyMap<string, string>;
}

/** More pools than this with a theory table are shown behind a "show" toggle, built only when opened. */
export const MAX_OPEN_TABLES = 4;

/**
 * "Theory (M/M/c/K)" beside the measured figures, for each pool the model describes; for the
 * others, one sentence on why the model does not apply. A panel of many pools (a calculator link
 * split 16 ways) keeps its tables folded until asked for, so a frame never redraws dozens of them.
 */
export default function TheoryCheck({ panel, snapshot, events, labels, poolLabels }: TheoryCheckProps) {
  const time = snapshot?.time ?? 0;
  const entries = panel.theory.map((theory) => {
    const fault = theory.applies ? faultReason(theory, events, time, labels) : null;
    return { theory, reasons: theory.applies ? (fault ? [fault] : null) : theory.reasons };
  });
  const hidden = entries.filter((entry) => entry.reasons !== null);
  const sameReasons = hidden.length > 1 && hidden.every((entry) => entry.reasons?.join('; ') === hidden[0]?.reasons?.join('; '));
  // Pools whose reasons differ only in the names of their own services (twelve replicas, each in
  // its own pool) are said once: the first in full, the others as "the same for …".
  const longestFirst = [...labels.values()].sort((a, b) => b.length - a.length);
  const pattern = (reasons: readonly string[]) => longestFirst.reduce((text, label) => text.replaceAll(label, '\u0000'), reasons.join('; '));
  const alike = new Map<string, typeof hidden>();
  if (!sameReasons) {
    for (const entry of hidden) {
      const key = pattern(entry.reasons ?? []);
      alike.set(key, [...(alike.get(key) ?? []), entry]);
    }
  }
  const alsoFor = new Map<string, string[]>();
  const skipped = new Set<string>();
  for (const group of alike.values()) {
    if (group.length < 3) continue;
    const [lead, ...rest] = group;
    if (!lead) continue;
    alsoFor.set(lead.theory.pool, rest.map((entry) => poolLabels.get(entry.theory.pool) ?? entry.theory.pool));
    for (const entry of rest) skipped.add(entry.theory.pool);
  }
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const [open, setOpen] = useState(false);
  const tableCount = entries.filter((entry) => entry.reasons === null && entry.theory.applies).length;
  const folded = tableCount > MAX_OPEN_TABLES;
  const body = () =>
    entries.map(({ theory, reasons }) => {
      const name = poolLabels.get(theory.pool) ?? theory.pool;
      if (reasons !== null) {
        if ((sameReasons && theory !== hidden[0]?.theory) || skipped.has(theory.pool)) return null;
        const others = alsoFor.get(theory.pool);
        return (
          <p key={theory.pool} className="psim-theory-off">
            {sameReasons ? 'Not shown for these pools' : `Not shown for ${name}`}: {capital(reasons.join('; '))}.
            {others ? ` The same holds, each for its own service, for the other ${others.length} pools: ${others.join(', ')}.` : null}
          </p>
        );
      }
      if (!theory.applies) return null;
      const measured = snapshot ? measuredFor(snapshot, theory) : null;
      const { model, prediction } = theory;
      return (
        <table key={theory.pool} className="psim-theory-table">
          <caption>
            {name}: λ = {formatNumber(model.arrivalRate)}/s, mean service {formatDuration(model.meanService)}, c = {formatCount(model.servers)}, K = {formatCount(model.capacity)}
            {model.capacity === model.servers ? ' (Erlang B)' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Theory</th>
              <th scope="col">Measured</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Calls turned away</th>
              <td>{formatShare(prediction.blocking)}</td>
              <td>{formatShare(measured?.blocking)}</td>
            </tr>
            <tr>
              <th scope="row">Mean latency</th>
              <td>{formatDuration(prediction.meanTimeInSystem)}</td>
              <td>{formatDuration(measured?.meanTimeInSystem)}</td>
            </tr>
            <tr>
              <th scope="row">Mean busy slots</th>
              <td>{formatNumber(prediction.meanBusy)}</td>
              <td>{formatNumber(measured?.meanBusy)}</td>
            </tr>
            <tr>
              <th scope="row">Calls measured</th>
              <td>long run</td>
              <td>{formatCount(measured?.offered ?? 0)}</td>
            </tr>
          </tbody>
        </table>
      );
    });
  return (
    <div className="psim-theory">
      <p className="psim-theory-title">Theory (M/M/c/K)</p>
      {folded ? (
        <details className="psim-theory-fold" data-theory-fold onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary>Theory against measurement for each of the {tableCount} pools</summary>
          {open ? body() : null}
        </details>
      ) : (
        body()
      )}
    </div>
  );
}
