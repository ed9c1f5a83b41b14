import { useId, useRef, useState } from 'react';
import { linePath, project } from './chart-scale';
import type { ChartSpec } from './chart-spec';
import { useElementWidth } from './hooks/useElementWidth';

/** Fewest pixels between two x-axis labels before every other one is dropped. */
const MIN_LABEL_GAP = 44;

/**
 * A hand-drawn SVG line chart: an image with an accessible name and a text summary, its
 * numbers in a table underneath, and text drawn at its real size whatever the screen width.
 */
export default function LineChart({ spec }: { spec: ChartSpec }) {
  const id = useId();
  // The table is built only while it is open: a hundred rows per keystroke would be wasted work.
  const [tableOpen, setTableOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(260, useElementWidth(box, 640));
  const narrow = width < 480;
  const height = narrow ? 220 : 260;
  const margin = { top: 22, right: 14, bottom: 42, left: narrow ? 62 : 74 };
  const left = margin.left;
  const right = width - margin.right;
  const bottom = height - margin.bottom;
  const top = margin.top;
  const x = (value: number): number => project(spec.x.axis, value, left, right);
  const y = (value: number): number => project(spec.y.axis, value, bottom, top);

  const xTicks = spec.x.axis.ticks.map((tick, index) => ({ tick, label: spec.x.tickLabels[index] ?? '' }));
  const gap = xTicks.length > 1 ? Math.abs(x(xTicks[1]?.tick ?? 0) - x(xTicks[0]?.tick ?? 0)) : Infinity;
  const stride = Math.max(1, Math.ceil(MIN_LABEL_GAP / Math.max(1, gap)));
  const firstSeries = spec.series[0];
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  return (
    <figure className="calc-chart">
      <p className="calc-axis-title">{spec.y.label}</p>
      <div ref={box} className="calc-chart-box">
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${titleId} ${descId}`}>
          <title id={titleId}>{spec.title}</title>
          <desc id={descId}>{spec.summary}</desc>
          {spec.y.axis.ticks.map((tick, index) => (
            <g key={`y${tick}`}>
              <line className="calc-grid" x1={left} x2={right} y1={y(tick)} y2={y(tick)} />
              <text className="calc-tick" x={left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {spec.y.tickLabels[index]}
              </text>
            </g>
          ))}
          {xTicks.map(({ tick, label }, index) => (
            <g key={`x${tick}`}>
              <line className="calc-axis" x1={x(tick)} x2={x(tick)} y1={bottom} y2={bottom + 5} />
              {index % stride === 0 ? (
                <text className="calc-tick" x={x(tick)} y={bottom + 18} textAnchor="middle">
                  {label}
                </text>
              ) : null}
            </g>
          ))}
          <line className="calc-axis" x1={left} x2={right} y1={bottom} y2={bottom} />
          <line className="calc-axis" x1={left} x2={left} y1={top} y2={bottom} />
          <text className="calc-axis-label" x={(left + right) / 2} y={height - 6} textAnchor="middle">
            {spec.x.label}
          </text>
          {spec.guides.map((guide) => (
            <g key={`g${guide.y}`}>
              <line className="calc-guide" x1={left} x2={right} y1={y(guide.y)} y2={y(guide.y)} />
              <text className="calc-guide-label" x={right - 4} y={y(guide.y) - 5} textAnchor="end">
                {guide.label}
              </text>
            </g>
          ))}
          {spec.series.map((series) => (
            <g key={series.label} className={`calc-series tone-${series.tone}`}>
              <path className="calc-line" d={linePath(series.points, x, y)} />
              {series.dots
                ? series.points.map(([px, py]) =>
                    py === null ? null : <circle key={px} className="calc-dot" cx={x(px)} cy={y(py)} r={3.5} />,
                  )
                : null}
            </g>
          ))}
          {spec.markers.map((marker) => {
            const at = x(marker.x);
            const point = firstSeries?.points.find(([px]) => px === marker.x);
            const anchor = at > (left + right) / 2 ? 'end' : 'start';
            return (
              <g key={`m${marker.x}`} className={`calc-marker tone-${firstSeries?.tone ?? 'accent'}`}>
                <line className="calc-marker-line" x1={at} x2={at} y1={top - 4} y2={bottom} />
                <text className="calc-marker-label" x={anchor === 'end' ? at - 5 : at + 5} y={top - 8} textAnchor={anchor}>
                  {marker.label}
                </text>
                {point && point[1] !== null ? <circle className="calc-marker-dot" cx={at} cy={y(point[1])} r={5.5} /> : null}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="calc-chart-caption">
        <strong>{spec.title}.</strong> {spec.summary}
      </figcaption>
      <details className="calc-table" onToggle={(event) => setTableOpen(event.currentTarget.open)}>
        <summary>Table of the numbers in this chart</summary>
        {tableOpen ? (
          <table>
            <caption>{spec.table.caption}</caption>
            <thead>
              <tr>
                {spec.table.head.map((heading) => (
                  <th key={heading} scope="col">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {spec.table.rows.map((row, rowIndex) => (
                <tr key={row[0] ?? rowIndex} className={rowIndex === spec.table.highlight ? 'is-marked' : undefined}>
                  {row.map((cell, cellIndex) =>
                    cellIndex === 0 ? (
                      <th key={cellIndex} scope="row">
                        {cell}
                        {rowIndex === spec.table.highlight ? <span className="calc-marked-note"> (marked)</span> : null}
                      </th>
                    ) : (
                      <td key={cellIndex}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </details>
    </figure>
  );
}
