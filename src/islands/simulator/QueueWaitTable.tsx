import { memo } from 'react';
import type { SimulationSnapshot } from '../../sim/index';
import { formatCount, formatDuration, formatPercent } from './format';
import type { ServiceSetup } from './protocol';
import ScrollBox from './ScrollBox';

export interface QueueWaitTableProps {
  /** The panel's name, for the table's accessible label. */
  label: string;
  /** Id of an element that names the table (the caption outside the scrolling box). */
  captionId: string;
  services: readonly ServiceSetup[];
  snapshot: SimulationSnapshot | null;
}

/**
 * Time in the queue per service: how many admitted attempts had to wait for a slot (the
 * probability of waiting, Erlang C's figure for M/M/c) and the distribution of that wait over every
 * attempt that took a slot, those that never waited included.
 */
function QueueWaitTable({ label, captionId, services, snapshot }: QueueWaitTableProps) {
  return (
    <details className="psim-counts">
      <summary>Time in the queue</summary>
      <p className="psim-table-caption" id={captionId}>
        Attempts that took a slot since the warm-up: the share that had to wait, and the wait (0 for those that did not)
      </p>
      <ScrollBox label={`${label}: time in the queue`}>
        <table aria-labelledby={captionId}>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Took a slot</th>
              <th scope="col">Had to wait</th>
              <th scope="col">Mean wait</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">p99</th>
              <th scope="col">Longest</th>
            </tr>
          </thead>
          <tbody>
            {services.map((service) => {
              const wait = snapshot?.services.find((s) => s.id === service.id)?.queueWait;
              return (
                <tr key={service.id}>
                  <th scope="row">{service.label}</th>
                  <td>{formatCount(wait?.started ?? 0)}</td>
                  <td>{formatPercent(wait?.probabilityOfWaiting)}</td>
                  <td>{formatDuration(wait?.mean)}</td>
                  <td>{formatDuration(wait?.p50)}</td>
                  <td>{formatDuration(wait?.p95)}</td>
                  <td>{formatDuration(wait?.p99)}</td>
                  <td>{formatDuration(wait?.max)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollBox>
    </details>
  );
}

export default memo(QueueWaitTable);
