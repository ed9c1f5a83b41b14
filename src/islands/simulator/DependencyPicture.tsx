import { formatCount } from './format';
import type { DependencyView } from './view-model';

export interface DependencyPictureProps {
  id: string;
  view: DependencyView;
}

/**
 * One dependency with its own capacity, as a panel's run sees it: a cell per call it serves at
 * once (filled while in progress), then the calls waiting there. Which service a call came from is
 * not tracked at the dependency, so the cells are drawn in the text colour. One image to assistive
 * technology, described in words.
 */
export default function DependencyPicture({ id, view }: DependencyPictureProps) {
  return (
    <div className="psim-pool psim-dep" data-dependency={id}>
      <p className="psim-pool-head">
        <span className="psim-pool-name">Dependency {id}</span>{' '}
        <span className="psim-pool-count">
          {view.busy}/{view.capacity} busy · {view.waiting} waiting{view.queueCapacity !== null ? ` · ${formatCount(view.refused)} refused` : ''}
        </span>
      </p>
      <div className="psim-slots" role="img" aria-label={view.description}>
        {view.cells.length > 0 ? (
          view.cells.map((busy, index) => <span key={index} className={`psim-cell ${busy ? 'psim-dep-busy' : 'psim-free'}`} />)
        ) : (
          <span className="psim-bar">
            <span className="psim-bar-part psim-dep-busy" style={{ width: `${(100 * view.busy) / Math.max(view.capacity, 1)}%` }} />
          </span>
        )}
      </div>
      <div className="psim-queue-row">
        <span className="psim-queue-label">{view.queueCapacity === null ? `Waiting ${view.waiting}` : view.queueCapacity === 0 ? 'No waiting: refuses when full' : `Waiting ${view.waiting}/${view.queueCapacity}`}</span>
        <span className="psim-queue" aria-hidden="true">
          {Array.from({ length: view.waitingDrawn }, (_, index) => (
            <span key={index} className="psim-qcell psim-dep-busy" />
          ))}
          {view.moreWaiting > 0 ? <span className="psim-more">+{view.moreWaiting}</span> : null}
        </span>
      </div>
    </div>
  );
}
