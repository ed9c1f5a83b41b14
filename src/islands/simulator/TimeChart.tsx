import { memo, useId, useState } from 'react';
import { NEUTRAL_COLOUR, chartSummary, chartValue, largestValue, linePath, niceAxis, type ChartKind, type ChartLine } from './view-model';
import { formatClock } from './format';
import ScrollBox from './ScrollBox';

/** A vertical marker on the time axis (a fault). */
export interface ChartMarker {
  readonly at: number;
  /** Short text drawn at the top, such as "S ×10". */
  readonly label: string;
}

export interface TimeChartProps {
  kind: ChartKind;
  title: string;
  /** Sample times, seconds. */
  times: readonly number[];
  lines: readonly ChartLine[];
  /** Run length: the x axis always spans the whole run. */
  duration: number;
  /** Seconds between samples. */
  interval: number;
  markers: readonly ChartMarker[];
  /** Show a key of the lines under the title (for lines that are not one per service). */
  legend?: boolean;
}

const WIDTH = 320;
const HEIGHT = 150;
const LEFT = 46;
const RIGHT = 10;
const TOP = 14;
const BOTTOM = 22;

/** Dash patterns by colour index, so lines differ by more than colour. */
export const DASHES = ['', '7 4', '2 3', '10 3 2 3', '5 2', '1 4', '12 4', '4 2 1 2'];

/** A line's stroke class and dash pattern. */
export function lineStyle(line: Pick<ChartLine, 'colour' | 'dash'>): { className: string; dash: string | undefined } {
  const className = `psim-line ${line.colour === NEUTRAL_COLOUR ? 'psim-stroke-text' : `psim-stroke-${line.colour}`}`;
  const dash = line.dash ?? DASHES[line.colour % DASHES.length] ?? '';
  return { className, dash: dash === '' ? undefined : dash };
}

/** A hand-drawn SVG line chart over simulated time, with a text summary and a data table. */
function TimeChart({ kind, title, times, lines, duration, interval, markers, legend = false }: TimeChartProps) {
  const id = useId();
  const [tableOpen, setTableOpen] = useState(false);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const toUnit = (value: number) => (kind === 'latency' ? value * 1000 : value);
  const yAxis = kind === 'success' || kind === 'dependency' ? { max: 1, step: 0.25 } : niceAxis(Math.max(toUnit(largestValue(lines)), 1));
  const x = (time: number) => LEFT + (Math.min(Math.max(time, 0), duration) / duration) * plotWidth;
  const y = (value: number) => TOP + (1 - Math.min(toUnit(value) / yAxis.max, 1)) * plotHeight;
  const xAxis = niceAxis(duration, 4);
  const xTicks: number[] = [];
  for (let t = 0; t <= duration + 1e-9; t += xAxis.step) xTicks.push(t);
  const yTicks: number[] = [];
  for (let v = 0; v <= yAxis.max + 1e-9; v += yAxis.step) yTicks.push(v);
  const yLabel = (v: number) => {
    if (kind === 'success' || kind === 'dependency') return `${Math.round(v * 100)}%`;
    if (kind === 'limit' || kind === 'slots') return `${Number(v.toPrecision(3))}`;
    return v >= 1000 ? `${Number((v / 1000).toPrecision(3))} s` : `${Number(v.toPrecision(3))} ms`;
  };
  const summary = chartSummary(kind, times, lines, interval);
  return (
    <figure className="psim-chart">
      <figcaption className="psim-chart-title" id={`${id}-title`}>
        {title}
      </figcaption>
      {legend ? (
        <ul className="psim-chart-key" aria-hidden="true">
          {lines.map((line) => {
            const style = lineStyle(line);
            return (
              <li key={line.id}>
                <svg className="psim-key-line" viewBox="0 0 28 8" focusable="false">
                  <line x1="1" x2="27" y1="4" y2="4" className={style.className} strokeDasharray={style.dash} />
                </svg>
                {line.label}
              </li>
            );
          })}
        </ul>
      ) : null}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} focusable="false">
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line className="psim-grid" x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + (1 - v / yAxis.max) * plotHeight} y2={TOP + (1 - v / yAxis.max) * plotHeight} />
            <text className="psim-tick" x={LEFT - 5} y={TOP + (1 - v / yAxis.max) * plotHeight + 4} textAnchor="end">
              {yLabel(v)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="psim-tick" x={x(t)} y={HEIGHT - 6} textAnchor={t === 0 ? 'start' : t >= duration - 1e-9 ? 'end' : 'middle'}>
            {`${Number(t.toPrecision(4))} s`}
          </text>
        ))}
        <line className="psim-axis" x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + plotHeight} />
        <line className="psim-axis" x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + plotHeight} y2={TOP + plotHeight} />
        {markers.map((marker, index) => (
          <g key={`m${index}`} className="psim-marker">
            <line x1={x(marker.at)} x2={x(marker.at)} y1={TOP} y2={TOP + plotHeight} />
            <text x={x(marker.at) + 3} y={TOP - 3}>
              {marker.label}
            </text>
          </g>
        ))}
        {lines.map((line) => {
          const style = lineStyle(line);
          return <path key={line.id} className={style.className} d={linePath(times, line.values, x, y, line.step ?? false)} strokeDasharray={style.dash} />;
        })}
      </svg>
      <p className="psim-chart-summary" id={`${id}-summary`}>
        {summary}
      </p>
      <details className="psim-table" onToggle={(event) => setTableOpen(event.currentTarget.open)}>
        <summary>Data table: {title.toLowerCase()}</summary>
        {tableOpen ? (
          <ScrollBox label={`${title}: data table`}>
            <table>
              <caption>{title}, one row per sample</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  {lines.map((line) => (
                    <th scope="col" key={line.id}>
                      {line.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {times.map((time, index) => (
                  <tr key={time}>
                    <th scope="row">{formatClock(time)}</th>
                    {lines.map((line) => (
                      <td key={line.id}>{chartValue(kind, line.values[index])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        ) : null}
      </details>
    </figure>
  );
}

export default memo(TimeChart);
