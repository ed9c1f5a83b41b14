import type { PoolView } from './view-model';

export interface PoolPictureProps {
  label: string;
  view: PoolView;
  semaphore: boolean;
}

/**
 * One pool: a cell per slot, marked with its service's letter and colour (hung calls hatched with
 * a dashed border), then the queue, head first. Pools too large to draw cell by cell become a
 * bar. The picture is one image to assistive technology, described in words.
 */
export default function PoolPicture({ label, view, semaphore }: PoolPictureProps) {
  const slotWord = semaphore ? 'permits' : 'slots';
  return (
    <div className="psim-pool">
      <p className="psim-pool-head">
        <span className="psim-pool-name">{label}</span>{' '}
        <span className="psim-pool-count">
          {view.busy}/{view.slots} {slotWord} busy
          {view.hung > 0 ? `, ${view.hung} hung` : ''}
          {view.limit !== null ? ` · limit ${view.limit}` : ''}
          {view.autoscale !== null ? ` · autoscaled ${view.autoscale.min}–${view.autoscale.max}` : ''}
        </span>
      </p>
      <div className="psim-slots" role="img" aria-label={view.description}>
        {view.cells.length > 0 ? (
          view.cells.map((cell, index) =>
            cell.free ? (
              <span key={index} className={`psim-cell psim-free${view.limit !== null && index >= view.limit ? ' psim-closed' : ''}`} />
            ) : (
              <span key={index} className={`psim-cell psim-bg-${cell.colour}${cell.hung ? ' psim-hung' : ''}${cell.draining ? ' psim-draining' : ''}`}>
                {cell.mark}
              </span>
            ),
          )
        ) : (
          <span className="psim-bar">
            {view.byService.map((service) => (
              <span key={service.id} className={`psim-bar-part psim-bg-${service.colour}`} style={{ width: `${(100 * service.busy) / Math.max(view.slots, 1)}%` }} />
            ))}
          </span>
        )}
      </div>
      {semaphore ? null : (
        <div className="psim-queue-row">
          <span className="psim-queue-label">
            Queue {view.queued}/{view.queueCapacity}
          </span>
          <span className="psim-queue" aria-hidden="true">
            {view.queue.map((item, index) => (
              <span key={index} className={`psim-qcell psim-bg-${item.colour}`}>
                {item.mark}
              </span>
            ))}
            {view.moreQueued > 0 ? <span className="psim-more">+{view.moreQueued}</span> : null}
          </span>
        </div>
      )}
    </div>
  );
}
