import { memo, useId, useMemo } from 'react';
import type { SimulationSnapshot } from '../../sim/index';
import { formatCount, formatDuration, formatPercent } from './format';
import DependencyPicture from './DependencyPicture';
import PoolPicture from './PoolPicture';
import QueueWaitTable from './QueueWaitTable';
import ScrollBox from './ScrollBox';
import type { ChartSeries, DependencySetup, PanelSetup, ServiceSetup } from './protocol';
import type { TimedEvent } from './simulator-state';
import TheoryCheck from './TheoryCheck';
import TimeChart, { type ChartMarker } from './TimeChart';
import { chartLines, dependencyLines, dependencyView, poolView, slotLines } from './view-model';

export interface PolicyPanelProps {
  panel: PanelSetup;
  services: readonly ServiceSetup[];
  /** The scenario's dependencies with their own capacity (each panel's run has its own). */
  dependencies: readonly DependencySetup[];
  snapshot: SimulationSnapshot | null;
  series: ChartSeries | null;
  duration: number;
  interval: number;
  events: readonly TimedEvent[];
  markers: readonly ChartMarker[];
  headingLevel: 2 | 3;
}

const EMPTY: readonly number[] = [];

/** One policy's side of the comparison: its pools, figures per service, charts and theory check. */
function PolicyPanel({ panel, services, dependencies, snapshot, series, duration, interval, events, markers, headingLevel }: PolicyPanelProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = useId();
  const labels = useMemo(() => new Map(services.map((s) => [s.id, s.label] as const)), [services]);
  const poolLabels = useMemo(() => new Map(panel.pools.map((p) => [p.id, p.label] as const)), [panel.pools]);
  const success = useMemo(() => (series ? chartLines('success', series, services) : []), [series, services]);
  const latency = useMemo(() => (series ? chartLines('latency', series, services) : []), [series, services]);
  const limits = useMemo(() => (series ? chartLines('limit', series, services) : []), [series, services]);
  const resizes = panel.pools.some((pool) => pool.resizes);
  // A semaphore counts permits, not slots.
  const sizeTitle = panel.pools.every((pool) => !pool.resizes || pool.kind === 'semaphore') ? 'Permits in use and semaphore size' : 'Busy slots and pool size';
  const slots = useMemo(() => (series && resizes ? slotLines(series, panel.pools, poolLabels, services) : []), [series, resizes, panel.pools, poolLabels, services]);
  const utilisation = useMemo(() => (series ? dependencyLines(series, dependencies) : []), [series, dependencies]);
  const times = series?.time ?? EMPTY;
  const measuring = snapshot !== null && snapshot.time >= snapshot.measuredFrom;
  const per = interval === 1 ? 'per second' : `per ${interval} s`;
  // Outcomes only some scenarios have get a column only where they occur.
  const shedColumn = snapshot?.services.some((s) => s.counts.shed > 0) ?? false;
  const breakerColumn = snapshot?.services.some((s) => s.breaker !== null) ?? false;
  // Hedged requests (client.hedge): a column only when some caller hedges.
  const hedging = snapshot?.services.some((s) => s.counts.hedges + s.counts.hedgesRefused > 0) ?? false;
  return (
    <section className="psim-panel" aria-labelledby={headingId} data-policy={panel.policy}>
      <Heading id={headingId} className="psim-panel-title">
        {panel.label}
      </Heading>
      <p className="psim-panel-desc">{panel.description}</p>
      {panel.pools.map((pool) => {
        const live = snapshot?.pools.find((p) => p.id === pool.id);
        return live ? (
          <PoolPicture key={pool.id} label={pool.label} view={poolView(live, pool.label, services)} semaphore={pool.kind === 'semaphore'} />
        ) : (
          <p key={pool.id} className="psim-pool-head">
            {pool.label}: {pool.slots} {pool.kind === 'semaphore' ? 'permits' : 'slots'}
          </p>
        );
      })}
      {dependencies.map((dependency) => {
        const live = snapshot?.dependencies.find((d) => d.id === dependency.id);
        return live ? (
          <DependencyPicture key={dependency.id} id={dependency.id} view={dependencyView(live, dependency, services)} />
        ) : (
          <p key={dependency.id} className="psim-pool-head psim-dep">
            Dependency {dependency.id}: serves {dependency.capacity} at once
          </p>
        );
      })}
      {snapshot?.pools.some((pool) => pool.serviceLimits.length > 0) ? (
        <p className="psim-caps">
          Caps now:{' '}
          {snapshot.pools
            .flatMap((pool) => pool.serviceLimits)
            .map((cap) => `${labels.get(cap.service) ?? cap.service} ${Math.floor(cap.limit)}${cap.adaptive ? ` (adaptive, ${cap.adaptive.min}–${cap.adaptive.max})` : ''}`)
            .join(', ')}
        </p>
      ) : null}
      <ScrollBox label={`${panel.label}: figures per service`}>
        <table className="psim-figures">
          <caption>{measuring ? `Since ${snapshot.measuredFrom} s: successful calls and their latency` : 'Figures start after the warm-up'}</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Success</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">p99</th>
            </tr>
          </thead>
          <tbody>
            {services.map((service) => {
              const live = snapshot?.services.find((s) => s.id === service.id);
              return (
                <tr key={service.id}>
                  <th scope="row">
                    <span className={`psim-key psim-bg-${service.colour}`} aria-hidden="true">
                      {service.mark}
                    </span>{' '}
                    {service.label}
                  </th>
                  <td>{formatPercent(live?.successRate)}</td>
                  <td>{formatDuration(live?.latency.p50)}</td>
                  <td>{formatDuration(live?.latency.p95)}</td>
                  <td>{formatDuration(live?.latency.p99)}</td>
                </tr>
              );
            })}
            {snapshot?.tenants.map((tenant) => (
              <tr key={`tenant-${tenant.id}`}>
                <th scope="row">Tenant {tenant.label}</th>
                <td>{formatPercent(tenant.successRate)}</td>
                <td colSpan={3} className="psim-muted">
                  {formatCount(tenant.calls.succeeded + tenant.calls.gaveUp)} calls finished
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <details className="psim-counts">
        <summary>Counts of attempts</summary>
        {/* This table may be wider than the panel: its caption stays outside the scrolling box, so it is never cut off. */}
        <p className="psim-table-caption" id={`${headingId}-counts`}>
          Attempts since the warm-up, by outcome
        </p>
        <ScrollBox label={`${panel.label}: attempts by outcome`}>
          <table aria-labelledby={`${headingId}-counts`}>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Offered</th>
                <th scope="col">Completed</th>
                <th scope="col">Rejected</th>
                {shedColumn ? <th scope="col">Shed</th> : null}
                {breakerColumn ? <th scope="col">Short-circuited</th> : null}
                <th scope="col">Timed out</th>
                <th scope="col">Failed</th>
                <th scope="col">Retries</th>
                {hedging ? <th scope="col">Hedges (won)</th> : null}
              </tr>
            </thead>
            <tbody>
              {services.map((service) => {
                const counts = snapshot?.services.find((s) => s.id === service.id)?.counts;
                return (
                  <tr key={service.id}>
                    <th scope="row">{service.label}</th>
                    <td>{formatCount(counts?.offered ?? 0)}</td>
                    <td>{formatCount(counts?.completed ?? 0)}</td>
                    <td>{formatCount(counts?.rejected ?? 0)}</td>
                    {shedColumn ? <td>{formatCount(counts?.shed ?? 0)}</td> : null}
                    {breakerColumn ? <td>{formatCount(counts?.shortCircuited ?? 0)}</td> : null}
                    <td>{formatCount(counts?.timedOut ?? 0)}</td>
                    <td>{formatCount(counts?.failed ?? 0)}</td>
                    <td>{formatCount(counts?.retries ?? 0)}</td>
                    {hedging ? <td>{`${formatCount(counts?.hedges ?? 0)} (${formatCount(counts?.hedgesWon ?? 0)})`}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      </details>
      <QueueWaitTable label={panel.label} captionId={`${headingId}-waits`} services={services} snapshot={snapshot} />
      <TimeChart kind="success" title={`Success rate ${per}`} times={times} lines={success} duration={duration} interval={interval} markers={markers} />
      <TimeChart kind="latency" title={`Mean latency of successful calls ${per}`} times={times} lines={latency} duration={duration} interval={interval} markers={markers} />
      {limits.length > 0 ? <TimeChart kind="limit" title="Caps per service" times={times} lines={limits} duration={duration} interval={interval} markers={markers} /> : null}
      {resizes ? <TimeChart kind="slots" title={`${sizeTitle} ${per}`} times={times} lines={slots} duration={duration} interval={interval} markers={markers} legend /> : null}
      {dependencies.length > 0 ? (
        <TimeChart
          kind="dependency"
          title={`${dependencies.length === 1 ? `Utilisation of dependency ${dependencies[0]?.id ?? ''}` : 'Utilisation of each dependency'} ${per}`}
          times={times}
          lines={utilisation}
          duration={duration}
          interval={interval}
          markers={markers}
          legend={dependencies.length > 1}
        />
      ) : null}
      <TheoryCheck panel={panel} snapshot={snapshot} events={events} labels={labels} poolLabels={poolLabels} />
    </section>
  );
}

export default memo(PolicyPanel);
